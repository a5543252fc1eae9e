import { describe, expect, it } from 'vitest';
import { BrowserWindow, calls, ipcMain, type FakeWebContents } from '../test/electron-mock';
import { waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { Backoff } from './core/link/backoff';
import { EVENTS, INVOKE } from './core/ui/ipc-channels';
import { ALARM_PAGE, ALARM_PRELOAD } from './paths';
import type { ShellOptions } from './shell';

/** A page that, once down, stays down long enough to hear several rings. */
const slowRecovery: ShellOptions['page'] = { startupGraceMs: 60_000, hungGraceMs: 60_000, pingEveryMs: 30, pingDeadlineMs: 100, reloadBackoff: new Backoff({ initialMs: 60_000, maxMs: 60_000, random: () => 1 }) };

async function shellOnLinux(settings: Parameters<typeof startStation>[1] = {}) {
  const hub = await startStation('alarm-token-0123456789', { repeatIntervalS: 3, ...settings });
  const { shell, window } = await startShell(hub, 'linux', { show: false }, { log: () => {}, page: slowRecovery });
  await ipcMain.invoke(INVOKE.getStatus, window.webContents);
  return { shell, window, post: hub.post };
}

/** The newest alarm window (each test's shell makes its own). */
const alarmWindow = () => BrowserWindow.instances.filter((window) => window.options.title === 'OrderBell alarm').at(-1);
const played = (page: FakeWebContents) => page.sent.filter(([channel]) => channel === EVENTS.alarm).map(([, message]) => message as { action: { kind: string; sound?: string } });

describe('the alarm window, which rings while the order screen is down', () => {
  it('is not made while the order screen plays', async () => {
    const before = BrowserWindow.instances.length;
    const { window, post } = await shellOnLinux();
    await post({ id: 'P-1' });
    await waitFor(() => window.webContents.sent.some(([channel]) => channel === EVENTS.alert), 3000, 'the ring in the page');
    expect(BrowserWindow.instances.slice(before).map((w) => w.options.title)).toEqual([undefined]);
  });

  it('rings every order with the real sound at the normal repeat while the hidden page hangs; Linux beeps are no alarm', async () => {
    calls.beeps = 0;
    const { shell, window, post } = await shellOnLinux({ sound: 'bell', volume: 70 });
    window.webContents.hang();
    await waitFor(() => shell.page.state === 'down', 3000, 'the watchdog');
    await post({ id: 'H-1' });
    await waitFor(() => alarmWindow() !== undefined, 3000, 'the alarm window');
    const alarm = alarmWindow()!;
    const started = Date.now();
    await waitFor(() => played(alarm.webContents).length >= 2, 8000, 'two rings');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    expect(played(alarm.webContents)[0]).toEqual({ action: { kind: 'sound', sound: 'new-order', volume: 0.7 }, sound: 'bell', audioOutput: '', language: 'en' });
    expect(window.webContents.sent.filter(([channel]) => channel === EVENTS.alert)).toEqual([]);
    expect(calls.beeps).toBe(0);
    // Hidden, locked down like the order screen, and playing with no tap to unlock sound.
    expect(alarm.isVisible()).toBe(false);
    expect(alarm.loaded).toBe(ALARM_PAGE);
    expect(alarm.options.webPreferences).toMatchObject({ preload: ALARM_PRELOAD, contextIsolation: true, sandbox: true, nodeIntegration: false, autoplayPolicy: 'no-user-gesture-required', backgroundThrottling: false });
    expect(alarm.webContents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  }, 20_000);

  it('reloads itself if its own renderer dies, and plays the next ring', async () => {
    const { shell, window, post } = await shellOnLinux();
    const previous = alarmWindow();
    window.webContents.crash('crashed', 11);
    expect(shell.page.state).toBe('down');
    await post({ id: 'R-1' });
    await waitFor(() => alarmWindow() !== previous, 3000, 'the alarm window');
    const alarm = alarmWindow()!;
    await waitFor(() => played(alarm.webContents).length >= 1, 3000, 'the first ring');
    alarm.webContents.crash('oom', -1);
    await waitFor(() => alarm.webContents.reloads === 1, 3000, 'the alarm page reloaded');
    const before = played(alarm.webContents).length;
    await waitFor(() => played(alarm.webContents).length > before, 5000, 'the next ring');
  }, 20_000);

  it('is closed with the shell', async () => {
    const { shell, window, post } = await shellOnLinux();
    const before = alarmWindow();
    window.webContents.crash();
    await post({ id: 'C-1' });
    await waitFor(() => alarmWindow() !== before, 3000, 'the alarm window');
    shell.dispose();
    expect(alarmWindow()!.isDestroyed()).toBe(true);
  });
});
