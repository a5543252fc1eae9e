/**
 * Start at login: the login-item API on Windows and macOS, an XDG autostart entry on Linux
 * (where Electron's API does nothing).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';

export const HIDDEN_FLAG = '--hidden';

export function linuxAutostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'orderbell.desktop');
}

/**
 * One argument of an Exec line, per the Desktop Entry Specification ("The Exec key"): an
 * argument with a reserved character is double-quoted with " ` $ \ backslash-escaped inside;
 * the value is then a string, whose own escaping doubles every backslash; % is written %%.
 */
export function execArgument(argument: string): string {
  const quoted = /[\s"'\\><~|&;$*?#`()]/.test(argument) || argument === '' ? `"${argument.replace(/(["`$\\])/g, '\\$1')}"` : argument;
  return quoted.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('%', '%%');
}

/** The autostart entry; a separate profile (ORDERBELL_USER_DATA) is carried over through env(1). */
export function desktopEntry(executable: string, userData?: string): string {
  const command = [...(userData ? ['env', `ORDERBELL_USER_DATA=${userData}`] : []), executable, HIDDEN_FLAG];
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=OrderBell',
    'Comment=Rings until every online order is handled',
    `Exec=${command.map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * macOS: whether the login item took. The system may refuse it without a word (docs/api/app.md,
 * setLoginItemSettings: an app that is not signed cannot register itself), or wait for the user's
 * approval in System Settings (getLoginItemSettings' `status`, macOS 13 and later).
 */
export function loginItemProblem(enabled: boolean, platform: NodeJS.Platform): 'refused' | 'needs-approval' | null {
  if (platform !== 'darwin' || !enabled) return null;
  const settings = app.getLoginItemSettings() as { openAtLogin: boolean; status?: string };
  if (settings.status === 'requires-approval') return 'needs-approval';
  return settings.openAtLogin ? null : 'refused';
}

export function applyStartAtLogin(enabled: boolean, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): void {
  if (platform === 'linux') {
    const file = linuxAutostartFile(env);
    if (enabled) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, desktopEntry(env.APPIMAGE ?? process.execPath, env.ORDERBELL_USER_DATA));
    } else {
      rmSync(file, { force: true });
    }
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
}
