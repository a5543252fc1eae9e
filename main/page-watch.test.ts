import { describe, expect, it } from 'vitest';
import { calls, ipcMain, type BrowserWindow } from '../test/electron-mock';
import { waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { Backoff } from './core/link/backoff';
import { EVENTS, INVOKE } from './core/ui/ipc-channels';
import type { ShellOptions } from './shell';

const fast: ShellOptions['page'] = { startupGraceMs: 60_000, hungGraceMs: 50, pingEveryMs: 30, pingDeadlineMs: 100, reloadBackoff: new Backoff({ initialMs: 20, maxMs: 20, random: () => 1 }) };

/** A shell whose window is hidden in the tray, its page answering pings through the real preload. */
async function hiddenPage(page: ShellOptions['page'] = fast) {
  const hub = await startStation('watch-token-0123456789');
  const logs: string[] = [];
  const { shell, window } = await startShell(hub, 'linux', { show: false }, { log: (line) => logs.push(line), page });
  const pageReady = () => ipcMain.invoke(INVOKE.getStatus, window.webContents);
  await pageReady();
  return { shell, window, logs, pageReady };
}

const pings = (window: BrowserWindow) => window.webContents.sent.filter(([channel]) => channel === EVENTS.pagePing).length;

describe('the watchdog over the order screen hidden in the tray', () => {
  it('keeps a page that answers its pings ready', async () => {
    const { shell, window } = await hiddenPage();
    await waitFor(() => pings(window) >= 5, 3000, 'five pings');
    expect(shell.page.state).toBe('ready');
    expect(window.webContents.reloads).toBe(0);
  });

  it('finds a hidden page that hangs (Electron says nothing), ends its renderer and reloads it', async () => {
    const { shell, window, logs, pageReady } = await hiddenPage();
    window.webContents.hang();
    await waitFor(() => shell.page.state === 'down', 3000, 'the missed deadline');
    await waitFor(() => window.webContents.reloads === 1, 5000, 'the reload after the watchdog ended the renderer');
    expect(logs).toContain('order screen: no answer to the watchdog within 100 ms');
    expect(logs).toContainEqual(expect.stringMatching(/^order screen gone \(killed, exit code 9\); reloading in 20 ms$/));
    await pageReady();
    expect(shell.page.state).toBe('ready');
    const before = pings(window);
    await waitFor(() => pings(window) >= before + 3, 3000, 'pinging again after the reload');
    expect(shell.page.state).toBe('ready');
  });

  it('a page that answers late, within the grace, plays again without a reload', async () => {
    const { shell, window } = await hiddenPage({ ...fast, hungGraceMs: 60_000 });
    window.webContents.hang();
    await waitFor(() => shell.page.state === 'down', 3000, 'the missed deadline');
    window.webContents.unhang();
    await waitFor(() => shell.page.state === 'ready', 3000, 'the late answer');
    expect(window.webContents.reloads).toBe(0);
  });

  it('ignores an answer to a ping it did not send', async () => {
    const { shell, window } = await hiddenPage({ ...fast, pingEveryMs: 60_000 });
    await ipcMain.invoke(INVOKE.pagePong, window.webContents, 12345);
    expect(shell.page.state).toBe('ready');
  });

  it('sends nothing to a destroyed page and leaves no timer behind once disposed', async () => {
    const { shell, window } = await hiddenPage();
    shell.dispose();
    const before = pings(window);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pings(window)).toBe(before);
    expect(calls.sendErrors).toEqual([]);
  });
});
