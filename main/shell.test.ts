import { describe, expect, it, vi } from 'vitest';
import { BrowserWindow, FakeWebContents, Notification, Tray, app, calls, ipcMain, powerMonitor, powerSaveBlocker, system } from '../test/electron-mock';
import { EVENTS, INVOKE } from './core/ui/ipc-channels';
import { DEFAULT_SETTINGS, type Settings } from './core/settings/settings';
import { Backoff } from './core/link/backoff';
import type { ShellOptions } from './shell';
import { freePort } from '../test/cli';
import { defer, waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';

async function setUp(platform: NodeJS.Platform = 'linux', overrides: Partial<Settings> = {}, page: ShellOptions['page'] = {}) {
  const hub = await startStation('shell-token-0123456789', overrides);
  const logs: string[] = [];
  const { shell, window, tray, quit } = await startShell(hub, platform, { show: false }, { log: (line) => logs.push(line), page });
  /** What the order screen does once it has subscribed. */
  const pageReady = () => ipcMain.invoke(INVOKE.getStatus, window.webContents);
  return { station: hub.station, window, shell, quit, post: hub.post, tray, port: hub.port, logs, pageReady };
}

const labels = (tray: Tray) => tray.menu!.template.filter((item) => item.label).map((item) => item.label);

describe('Shell wiring', () => {
  it('shows each tray state with its icon, tooltip and menu', async () => {
    const { tray, post, station } = await setUp();
    expect((tray.image as { name: string }).name).toBe('tray-online.png');
    expect(tray.tooltip).toBe('OrderBell — 0 unhandled, Online');
    expect(labels(tray)).toEqual(['Open OrderBell', 'Mute for 15 minutes', 'Mute for 1 hour', 'Pause alerts until reopened', 'Send test order', 'Quit OrderBell']);
    await post({ id: 'T-1' });
    await waitFor(() => (tray.image as { name: string }).name === 'tray-unhandled.png');
    expect(tray.tooltip).toBe('OrderBell — 1 unhandled, Online');
    station.mute('15m');
    expect(labels(tray)[1]).toBe('Unmute');
    await station.markHandled('T-1');
    expect((tray.image as { name: string }).name).toBe('tray-online.png');
    await station.stop();
    await waitFor(() => (tray.image as { name: string }).name === 'tray-offline.png');
  });

  it('leaves the tray alone while nothing it shows has changed', async () => {
    const { tray, station } = await setUp();
    const menus = tray.menus;
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(tray.menus).toBe(menus);
    station.mute('1h');
    expect(tray.menus).toBe(menus + 1);
  });

  it('tray menu items act: open, mute, test order, quit', async () => {
    const { tray, window, quit, station } = await setUp();
    const item = (label: string) => tray.menu!.template.find((entry) => entry.label === label)!;
    item('Open OrderBell').click!();
    expect(window.visible).toBe(true);
    item('Mute for 1 hour').click!();
    expect(station.status().alert.mute.kind).toBe('until');
    item('Unmute').click!();
    expect(station.status().alert.mute.kind).toBe('none');
    item('Send test order').click!();
    await waitFor(() => station.listOrders().some((view) => view.order.channel === 'test'));
    item('Quit OrderBell').click!();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('raises one silent native notification per new order; a click opens that order', async () => {
    Notification.shown.length = 0;
    const { post, window, shell } = await setUp();
    await post({ id: 'N-1', table: '5', total: 42, items: [{ name: 'Dumplings', qty: 3 }] });
    await waitFor(() => Notification.shown.length === 1);
    const notification = Notification.shown[0]!;
    expect(notification.options).toEqual({ title: 'New order #N-1', body: 'Table 5 · 3× Dumplings · Total 42', silent: true });
    expect(shell.notifier.count).toBe(1);
    notification.emit('click');
    expect(window.visible).toBe(true);
    expect(window.webContents.sent).toContainEqual([EVENTS.openOrder, 'N-1']);
  });

  it('keeps an order\'s notification until the order is handled, then closes it', async () => {
    Notification.shown.length = 0;
    const { post, shell, station } = await setUp();
    await post({ id: 'K-1' });
    await waitFor(() => Notification.shown.length === 1);
    const notification = Notification.shown[0]!;
    const closed = vi.fn();
    notification.on('close', closed);
    notification.timeout(); // Windows: the toast moves to Action Center, where it can still be clicked
    expect(shell.notifier.count).toBe(1);
    await station.markHandled('K-1');
    expect(shell.notifier.count).toBe(0);
    expect(closed).toHaveBeenCalledTimes(2); // the timeout, then close() taking it out of Action Center
  });

  it('logs a notification the system refused and lets it go', async () => {
    Notification.shown.length = 0;
    const { post, shell, logs } = await setUp();
    await post({ id: 'U-1' });
    await waitFor(() => Notification.shown.length === 1);
    Notification.shown[0]!.fail('Notifications are not allowed for this application');
    expect(shell.notifier.count).toBe(0);
    expect(logs).toContain('notification "New order #U-1" failed: Notifications are not allowed for this application');
  });

  it('on Windows, opens the window at its order for a toast clicked in Action Center after its object is gone', async () => {
    Notification.activationHandler = undefined;
    Notification.shown.length = 0;
    const { window, post } = await setUp('win32');
    await post({ id: 'W&<"1' });
    await waitFor(() => Notification.shown.length === 1);
    expect(window.visible).toBe(false);
    Notification.shown[0]!.activateFromActionCenter();
    expect(window.visible).toBe(true);
    expect(window.webContents.sent).toContainEqual([EVENTS.openOrder, 'W&<"1']);
  });

  it('on unsigned macOS, where the system refuses every notification, says so once in the tray and log; sound and badge carry on', async () => {
    Notification.shown.length = 0;
    system.signed = false;
    defer(() => (system.signed = true));
    calls.badgeCount.length = 0;
    const { post, tray, logs, window } = await setUp('darwin');
    await post({ id: 'M-1' });
    await post({ id: 'M-2' });
    await waitFor(() => tray.tooltip.includes('refuses notifications'), 3000, 'the tooltip');
    expect(tray.tooltip).toBe('OrderBell — 2 unhandled, Online · the system refuses notifications: sound, badge and tray carry on');
    expect(logs.filter((line) => line.startsWith('notifications: '))).toEqual(['notifications: the system refuses them; sound, badge and tray carry on']);
    expect(calls.badgeCount.at(-1)).toBe(2);
    const note = "This computer refuses OrderBell's notifications (on a Mac, an unsigned build). Sound, the badge and the tray icon still alert.";
    expect(await ipcMain.invoke(INVOKE.getShellNotes, window.webContents)).toEqual([note]);
    expect(window.webContents.sent.filter(([channel]) => channel === EVENTS.shellNotes)).toEqual([[EVENTS.shellNotes, [note]]]);
  });

  it('on unsigned macOS, where the login item is silently not added, the window says so; a signed build says nothing', async () => {
    app.isPackaged = true;
    defer(() => (app.isPackaged = false));
    system.signed = false;
    defer(() => (system.signed = true));
    const unsigned = await setUp('darwin', { startAtLogin: true });
    expect(await ipcMain.invoke(INVOKE.getShellNotes, unsigned.window.webContents)).toEqual([
      'macOS did not add OrderBell to the login items (an unsigned build cannot add itself). Add it in System Settings → General → Login Items.',
    ]);
    unsigned.shell.dispose();
    system.signed = true;
    const signed = await setUp('darwin', { startAtLogin: true });
    expect(await ipcMain.invoke(INVOKE.getShellNotes, signed.window.webContents)).toEqual([]);
  });

  it('speaks the shop\'s language in the tray and in notifications', async () => {
    Notification.shown.length = 0;
    const { post, tray, shell } = await setUp('linux', { language: 'zh-CN' });
    expect(labels(tray)[0]).toBe('打开订单铃');
    await post({ id: 'Z-1', table: '3', total: 58 });
    await waitFor(() => Notification.shown.length === 1);
    expect(Notification.shown[0]!.options).toMatchObject({ title: '新订单 #Z-1', body: '3 号桌 · 合计 58' });
    expect(tray.tooltip).toBe('订单铃 — 1 个未处理，在线');
    await shell.applySettings({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: 'en-token-0123456789', lan: false }, language: 'en' });
    expect(labels(tray)[0]).toBe('Open OrderBell');
  });

  it('forwards orders, status and alert actions to the window', async () => {
    const { post, window, pageReady } = await setUp();
    await pageReady();
    await post({ id: 'F-1' });
    await waitFor(() => window.webContents.sent.some(([channel, value]) => channel === EVENTS.alert && (value as { kind: string }).kind === 'sound'), 3000);
    expect(window.webContents.sent.some(([channel, value]) => channel === EVENTS.ordersChanged && (value as { id: string }[]).some((v) => v.id === 'F-1'))).toBe(true);
    expect(window.webContents.sent.some(([channel]) => channel === EVENTS.status)).toBe(true);
  });

  it.each(['darwin', 'linux'] as const)('badges the count with setBadgeCount on %s and flashes until handled', async (platform) => {
    calls.badgeCount.length = 0;
    const { post, window, station } = await setUp(platform);
    await post({ id: 'B-1' });
    await waitFor(() => calls.badgeCount.at(-1) === 1);
    expect(window.flashing.at(-1)).toBe(true);
    await station.markHandled('B-1');
    expect(calls.badgeCount.at(-1)).toBe(0);
    expect(window.flashing.at(-1)).toBe(false);
  });

  it('badges the count with a numbered overlay icon on Windows', async () => {
    calls.badgeCount.length = 0;
    const { post, window, station } = await setUp('win32');
    await post({ id: 'W-1' });
    await waitFor(() => window.overlays.at(-1)?.[0] === 'badge-1.png');
    expect(window.overlays.at(-1)).toEqual(['badge-1.png', '1 unhandled order']);
    await station.markHandled('W-1');
    expect(window.overlays.at(-1)).toEqual([null, '']);
    expect(calls.badgeCount).toEqual([]);
  });

  it('sets the Windows overlay again when the window is shown', async () => {
    const { post, window } = await setUp('win32');
    await post({ id: 'O-1' });
    await waitFor(() => window.overlays.at(-1)?.[0] === 'badge-1.png');
    const before = window.overlays.length;
    window.show();
    expect(window.overlays.slice(before)).toEqual([['badge-1.png', '1 unhandled order']]);
  });

  it('on macOS shows the Dock icon while the window is open, hidden again even when it was open under a second (macOS ignores that hide)', async () => {
    const { window } = await setUp('darwin');
    expect(app.dock!.visible).toBe(false);
    window.show();
    expect(app.dock!.visible).toBe(true);
    window.hide();
    expect(app.dock!.visible).toBe(true);
    await waitFor(() => !app.dock!.visible, 2000, 'the Dock icon hidden once the second is over');
    window.show();
    expect(app.dock!.visible).toBe(true);
  });

  it('on macOS keeps the count beside the menu-bar icon, window open or not', async () => {
    const { post, tray, station } = await setUp('darwin');
    await post({ id: 'D-1' });
    await waitFor(() => tray.title === '1', 3000, 'the count in the menu bar');
    await station.markHandled('D-1');
    expect(tray.title).toBe('');
  });

  it('elsewhere there is no Dock, and nothing asks for it', async () => {
    const { window } = await setUp('linux');
    window.show();
    window.hide();
    expect(app.dock).toBeUndefined();
  });

  it('on macOS holds off App Nap while the hub runs, so the first order of the day is not late; not elsewhere', async () => {
    const { shell, station } = await setUp('darwin');
    expect(shell.keepAwake.active).toBe(true);
    await station.stop();
    await waitFor(() => !shell.keepAwake.active, 3000, 'App Nap allowed once nothing can bring an order');
  });

  it('elsewhere holds nothing for a running hub', async () => {
    const { shell } = await setUp('linux');
    expect(shell.keepAwake.active).toBe(false);
  });

  it('shows a failed test order from the tray instead of throwing it away', async () => {
    Notification.shown.length = 0;
    const { tray, station, logs } = await setUp();
    vi.spyOn(station, 'sendTestOrder').mockRejectedValueOnce(new Error('fetch failed'));
    tray.menu!.template.find((entry) => entry.label === 'Send test order')!.click!();
    await waitFor(() => Notification.shown.length === 1);
    expect(Notification.shown[0]!.options).toMatchObject({ title: 'Send test order', body: 'The test order was not accepted: fetch failed' });
    expect(logs).toContain('The test order was not accepted: fetch failed');
    // Once a test order goes through, the problem's notification goes.
    const closed = vi.fn();
    Notification.shown[0]!.on('close', closed);
    tray.menu!.template.find((entry) => entry.label === 'Send test order')!.click!();
    await waitFor(() => closed.mock.calls.length === 1, 3000, 'the problem notification closed');
  });

  it('redials when the system resumes or the screen unlocks', async () => {
    const { station } = await setUp();
    const reconnect = vi.spyOn(station, 'reconnectNow');
    powerMonitor.emit('resume');
    expect(reconnect).toHaveBeenCalledTimes(1);
    // Within a second of the first: gated into one more redial a moment later (core/redial-gate.ts).
    powerMonitor.emit('unlock-screen');
    await waitFor(() => reconnect.mock.calls.length === 2);
  });

  it('stops listening for wake-ups and renderer calls once disposed', async () => {
    const { station, shell } = await setUp();
    const reconnect = vi.spyOn(station, 'reconnectNow');
    shell.dispose();
    powerMonitor.emit('resume');
    expect(reconnect).not.toHaveBeenCalled();
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('keeps the PC awake only when asked', async () => {
    const { shell } = await setUp('linux', { keepAwake: true });
    expect(shell.keepAwake.active).toBe(true);
    await shell.applySettings({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: 'x-token-0123456789', lan: false }, keepAwake: false });
    expect(shell.keepAwake.active).toBe(false);
    expect(powerSaveBlocker.active.size).toBe(0);
  });

  it('raises the always-on-top alert window while orders are unhandled, when enabled', async () => {
    const { post, window, station } = await setUp('linux', { alertWindow: true });
    await post({ id: 'A-1' });
    await waitFor(() => window.alwaysOnTop);
    expect(window.visible).toBe(true);
    await station.markHandled('A-1');
    expect(window.alwaysOnTop).toBe(false);
  });

  it('ends a mute-until-reopened when the window is shown again', async () => {
    const { station, window } = await setUp();
    station.mute('until-reopened');
    window.show();
    expect(station.status().alert.mute.kind).toBe('none');
  });

  describe('the order screen, where sound and voice play', () => {
    const alerts = (window: BrowserWindow) => window.webContents.sent.filter(([channel]) => channel === EVENTS.alert).map(([, value]) => value);
    const fast = { startupGraceMs: 60_000, hungGraceMs: 50, reloadBackoff: new Backoff({ initialMs: 20, maxMs: 20, random: () => 1 }) };

    it('holds alerts until the page has subscribed, then plays the newest at once', async () => {
      const { post, window, pageReady, station } = await setUp();
      const rang = new Promise((resolve) => station.once('alert', resolve));
      await post({ id: 'S-1' });
      await rang;
      expect(alerts(window)).toEqual([]);
      await pageReady();
      expect(alerts(window)).toEqual([{ kind: 'sound', sound: 'new-order', volume: 0.8 }]);
    });

    it('when the renderer crashes: alerts from main, says so, reloads, and hands over when the page is back', async () => {
      Notification.shown.length = 0;
      calls.beeps = 0;
      calls.sendErrors.length = 0;
      const { post, window, tray, pageReady, shell } = await setUp('linux', {}, fast);
      await pageReady();
      window.webContents.crash('oom', -1);
      expect(shell.page.state).toBe('down');
      expect(Notification.shown.at(-1)!.options).toMatchObject({ title: 'The order screen stopped', body: expect.stringContaining('oom, exit code -1') });
      expect(tray.tooltip).toBe('OrderBell — 0 unhandled, Online · order screen restarting');
      await post({ id: 'C-1' });
      const alarm = () => BrowserWindow.instances.find((w) => w.options.title === 'OrderBell alarm');
      await waitFor(() => alarm()?.webContents.sent.some(([channel]) => channel === EVENTS.alarm) === true, 3000, 'the ring from the alarm window');
      await waitFor(() => window.webContents.reloads === 1, 3000, 'the reload');
      expect(calls.sendErrors).toEqual([]);
      window.webContents.sent.length = 0;
      await pageReady();
      expect(alerts(window)[0]).toMatchObject({ kind: 'sound' });
      expect(tray.tooltip).toBe('OrderBell — 1 unhandled, Online');
      expect(shell.notifier.count).toBe(1); // the order's; the problem notice is gone
    });

    it('ends a hung renderer in a visible window and reloads it', async () => {
      const { window, pageReady, shell } = await setUp('linux', {}, fast);
      await pageReady();
      window.show();
      window.webContents.hang();
      expect(shell.page.state).toBe('down');
      await waitFor(() => window.webContents.reloads === 1, 3000, 'the reload after the renderer was ended');
      await pageReady();
      expect(shell.page.state).toBe('ready');
    });

    it('a page that recovers by itself plays again without a reload', async () => {
      const { window, pageReady, shell } = await setUp('linux', {}, { ...fast, hungGraceMs: 60_000 });
      await pageReady();
      window.show();
      window.webContents.hang();
      window.webContents.unhang();
      expect(shell.page.state).toBe('ready');
      expect(window.webContents.reloads).toBe(0);
    });

    it('a page that hangs while starting is still waited for when it recovers', async () => {
      const { window, shell } = await setUp('linux', {}, { ...fast, hungGraceMs: 60_000 });
      window.show();
      window.webContents.hang();
      expect(shell.page.state).toBe('down');
      window.webContents.unhang();
      expect(shell.page.state).toBe('loading');
    });

    it('treats a page that never says it is ready as down, and reloads it', async () => {
      const { window, shell } = await setUp('linux', {}, { ...fast, startupGraceMs: 50 });
      await waitFor(() => window.webContents.reloads >= 1, 3000, 'the reload');
      expect(shell.page.state).toBe('down');
    });
  });

  describe('IPC', () => {
    it('serves the contract to our window', async () => {
      const { post, window } = await setUp();
      await post({ id: 'I-1', note: 'spicy' });
      const sender = window.webContents;
      await waitFor(() => window.webContents.sent.some(([channel]) => channel === EVENTS.ordersChanged));
      expect(((await ipcMain.invoke(INVOKE.listOrders, sender)) as { id: string }[]).map((v) => v.id)).toEqual(['I-1']);
      expect(await ipcMain.invoke(INVOKE.queryHistory, sender, { text: 'spicy', offset: 0, limit: 10 })).toMatchObject({ total: 1 });
      await ipcMain.invoke(INVOKE.markHandled, sender, 'I-1');
      expect(((await ipcMain.invoke(INVOKE.getStatus, sender)) as { alert: { unhandled: number } }).alert.unhandled).toBe(0);
      expect(await ipcMain.invoke(INVOKE.validateSettings, sender, { ...DEFAULT_SETTINGS, volume: -1 })).toEqual({
        ok: false,
        errors: [{ field: 'volume', code: 'range', params: { min: 0, max: 100 } }],
      });
    });

    it('words test results in the UI language', async () => {
      const { window, port } = await setUp();
      const sender = window.webContents;
      expect(await ipcMain.invoke(INVOKE.sendTestOrder, sender)).toEqual({ ok: true, message: 'Test order sent (#1). It should ring now.' });
      const settings = { ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: '', lan: false } };
      // The hub counts this PC's own device once its hello is taken.
      await expect.poll(async () => ((await ipcMain.invoke(INVOKE.getStatus, sender)) as { connection: { state: string } }).connection.state, { timeout: 10_000 }).toBe('online');
      expect(await ipcMain.invoke(INVOKE.testConnection, sender, settings)).toEqual({ ok: true, message: `This PC is taking orders on port ${port}, with 1 device connected.` });
      expect(await ipcMain.invoke(INVOKE.testConnection, sender, { ...settings, volume: 'loud' })).toEqual({ ok: false, message: 'Fix the settings first: volume' });
    });

    it('words test results in Chinese for a Chinese shop', async () => {
      const { window } = await setUp('linux', { language: 'zh-CN' });
      expect(await ipcMain.invoke(INVOKE.sendTestOrder, window.webContents)).toEqual({ ok: true, message: '测试订单已发送（#1），现在应该会响铃。' });
    });

    it('refuses a sender that is not our window', async () => {
      await setUp();
      const stranger = new FakeWebContents();
      await expect(ipcMain.invoke(INVOKE.listOrders, stranger)).rejects.toThrow('refused orders:list: not from the OrderBell window');
    });

    it.each([
      [INVOKE.markHandled, [42], 'order id must be a string of 1 to 128 characters'],
      [INVOKE.markHandled, ['x'.repeat(129)], 'order id must be a string of 1 to 128 characters'],
      [INVOKE.queryHistory, [null], 'history query must be an object'],
      [INVOKE.queryHistory, [{ offset: -1, limit: 10 }], 'offset must be a non-negative integer'],
      [INVOKE.queryHistory, [{ offset: 0, limit: 10_000 }], 'limit must be an integer from 1 to 200'],
      [INVOKE.queryHistory, [{ offset: 0, limit: 10, text: 5 }], 'text must be a string of at most 200 characters'],
      [INVOKE.queryHistory, [{ offset: 0, limit: 10, from: 'yesterday' }], 'from must be a number'],
      [INVOKE.mute, ['forever'], 'mute period must be one of 15m, 1h, until-reopened, off'],
      [INVOKE.pagePong, ['1'], 'ping must be a positive integer'],
    ])('%s refuses the payload %j', async (channel, args, message) => {
      const { window } = await setUp();
      await expect(ipcMain.invoke(channel, window.webContents, ...args)).rejects.toThrow(message);
    });

    it('saves valid settings and applies them; refuses invalid ones', async () => {
      const { window, station, shell } = await setUp();
      const current = (await ipcMain.invoke(INVOKE.getSettings, window.webContents)) as Settings;
      expect(await ipcMain.invoke(INVOKE.saveSettings, window.webContents, { ...current, volume: 'loud' })).toMatchObject({ ok: false });
      const apply = vi.spyOn(station, 'applySettings');
      expect(await ipcMain.invoke(INVOKE.saveSettings, window.webContents, { ...current, volume: 40 })).toEqual({ ok: true });
      expect(apply).toHaveBeenCalledWith({ ...current, volume: 40 });
      expect(shell.keepAwake.active).toBe(false);
    });
  });
});
