/**
 * Installs made for all users of a Windows PC (by installers from before OrderBell was per-user
 * only) live under Program Files. Each update of such an install asks Windows for an
 * administrator's approval (electron-updater elevates it), and if nobody approves, the app has
 * already quit: so the shop is asked first, and no update installs unattended there.
 */
import { win32 } from 'node:path';
import { dialog } from 'electron';

export function isPerMachineInstall(execPath: string, env: NodeJS.ProcessEnv): boolean {
  const folder = win32.normalize(execPath).toLowerCase();
  return [env.ProgramFiles, env['ProgramFiles(x86)'], env.ProgramW6432]
    .filter((root): root is string => Boolean(root))
    .some((root) => folder.startsWith(`${win32.normalize(root).toLowerCase().replace(/\\+$/, '')}\\`));
}

/** Whether the person at the PC wants to update now, knowing Windows will ask for an administrator. */
export async function confirmElevatedUpdate(version: string): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: 'OrderBell update',
    message: `Install OrderBell ${version} now?`,
    detail:
      'OrderBell is installed for all users of this PC, so Windows will ask for an administrator to approve the update. ' +
      'OrderBell closes first; if nobody approves, it stays closed until it is started again. ' +
      'Reinstalling OrderBell for this user only ends these questions.',
    buttons: ['Update now', 'Not now'],
    defaultId: 1,
    cancelId: 1,
  });
  return response === 0;
}
