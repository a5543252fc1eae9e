/**
 * The update as the shop sees it: the Settings' status and "Check now" over IPC, and the
 * tray's "Restart to update" — with a real Updater (electron-updater 6.8.10, pinned) against
 * a local update server, a real Station and its hub.
 */
import { app } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { Tray, calls, ipcMain } from '../test/electron-mock';
import { EVENTS, INVOKE } from './core/ui/ipc-channels';
import { DEFAULT_SETTINGS } from './core/settings/settings';
import type { UpdateView } from './core/updates/policy';
import { shopActivity, Updater } from './updater';
import { defer, waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { installedAppFolder, FakeNetHttpExecutor, TestAppAdapter, UpdateServer } from '../test/update-server';

const TOKEN = 'updates-token-0123456789';

async function setUp() {
  const server = await UpdateServer.start();
  server.release = { version: '1.1.0', channelFile: 'latest.yml', fileName: 'OrderBell-Setup-1.1.0.exe', artifact: Buffer.alloc(4096, 7) };
  // An empty install window: these tests must not depend on the hour they run at.
  const hub = await startStation(TOKEN, { updates: { ...DEFAULT_SETTINGS.updates, installFrom: '00:00', installUntil: '00:00' } });
  const { station, store } = hub;
  const folder = await installedAppFolder(server.url);
  const updater = new Updater({
    platform: 'win32',
    env: {},
    settings: store.get,
    shop: () => shopActivity(station.listOrders()),
    log: () => {},
    testing: { app: new TestAppAdapter(app as never, '1.0.0', folder), httpExecutor: new FakeNetHttpExecutor(), platform: 'win32' },
  });
  defer(() => updater.dispose());
  const engine = (updater as unknown as { updater: { install(silent: boolean, runAfter: boolean): boolean } }).updater;
  const install = vi.spyOn(engine, 'install').mockReturnValue(true);
  const { window, tray } = await startShell(hub, 'win32', {}, { updates: updater });
  return { station, window, updater, install, post: hub.post, tray, store };
}

const restartItem = (tray: Tray) => tray.menu!.template.find((item) => item.label?.startsWith('Restart to update'));

describe('updates in the shell', () => {
  it('Settings read the status and "Check now" runs a check; changes reach the window', async () => {
    const { window, updater } = await setUp();
    const sender = window.webContents;
    expect(await ipcMain.invoke(INVOKE.getUpdateStatus, sender)).toMatchObject({ version: '1.0.0', state: { kind: 'idle' }, installFrom: '00:00', installUntil: '00:00' });

    const after = (await ipcMain.invoke(INVOKE.checkForUpdates, sender)) as UpdateView;

    expect(after.state).toMatchObject({ kind: 'ready', version: '1.1.0' });
    const sent = window.webContents.sent.filter(([channel]) => channel === EVENTS.updateStatus).map(([, view]) => (view as UpdateView).state.kind);
    expect(sent).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    expect(updater.view()).toEqual(after);
  });

  it('the tray offers "Restart to update" only while no order is waiting, and never restarts over one', async () => {
    const { tray, post, station, updater, install } = await setUp();
    expect(restartItem(tray)).toBeUndefined();
    await updater.checkNow();
    expect(restartItem(tray)?.label).toBe('Restart to update (1.1.0)');

    await post({ id: 'U-1' });
    await waitFor(() => station.status().alert.unhandled === 1);
    expect(restartItem(tray)).toBeUndefined();
    expect(updater.restartToUpdate()).toBe(false);

    await station.markHandled('U-1');
    expect(restartItem(tray)).toBeDefined();
    const quits = calls.quit;
    restartItem(tray)!.click!();
    // The app quits; the installer waits for the journal to close (updater.quitting()).
    expect(calls.quit).toBe(quits + 1);
    expect(install).not.toHaveBeenCalled();
    updater.quitting();
    expect(install).toHaveBeenCalledWith(true, true);
    expect(updater.view().state).toMatchObject({ kind: 'ready', wait: null });
    expect(restartItem(tray)).toBeUndefined();
  });

  it('a ready update waits while orders come in: the new order is what counts', async () => {
    const { post, station, updater, install } = await setUp();
    await updater.checkNow();
    await post({ id: 'U-2' });
    await waitFor(() => station.status().alert.unhandled === 1);
    expect(updater.view().state).toMatchObject({ kind: 'ready', wait: 'unhandled' });
    await station.markHandled('U-2');
    expect(updater.view().state).toMatchObject({ kind: 'ready', wait: 'rush' });
    expect(install).not.toHaveBeenCalled();
  });

  it('turning automatic updates off in Settings reaches the updater', async () => {
    const { window, updater, store } = await setUp();
    const current = store.get();
    const saved = await ipcMain.invoke(INVOKE.saveSettings, window.webContents, { ...current, updates: { ...current.updates, enabled: false } });
    expect(saved).toEqual({ ok: true });
    await waitFor(() => updater.view().state.kind === 'off', 5000, 'updates off');
  });
});
