import { describe, expect, it, vi } from 'vitest';
import { BrowserWindow, FakeWebContents, Notification, Tray, app, calls, ipcMain, powerMonitor, powerSaveBlocker } from '../test/electron-mock';
import { EVENTS, INVOKE } from './core/ipc-channels';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from './core/settings';
import { Station } from './core/station';
import { Shell } from './shell';
import { freePort } from '../test/cli';
import { defer, tempDir, waitFor } from '../test/helpers';

async function setUp(platform: NodeJS.Platform = 'linux', overrides: Partial<Settings> = {}) {
  const port = await freePort();
  let settings: Settings = { ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: 'shell-token-0123456789', lan: false }, ...overrides };
  app.becomeReady();
  const station = new Station({ dataDir: await tempDir(), settings, device: 'till' });
  await station.start();
  defer(() => station.stop());
  const window = new BrowserWindow({ show: false });
  const quit = vi.fn();
  const store = {
    get: () => settings,
    save: (input: unknown) => {
      const result = validateSettings(input);
      if (result.ok) settings = result.value;
      return result;
    },
  };
  const shell = new Shell({
    station,
    window: window as unknown as import('electron').BrowserWindow,
    settings: store,
    platform,
    icons: { tray: (state) => `tray-${state}.png`, overlay: (label) => `badge-${label}.png` },
    quit,
  });
  defer(() => shell.dispose());
  await waitFor(() => station.status().connection.state === 'online');
  const post = (order: Record<string, unknown>) =>
    fetch(`http://127.0.0.1:${port}/api/orders`, {
      method: 'POST',
      headers: { Authorization: 'Bearer shell-token-0123456789', 'Content-Type': 'application/json' },
      body: JSON.stringify(order),
    });
  return { station, window, shell, quit, post, tray: Tray.instances.at(-1)!, port };
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
    notification.close();
    expect(shell.notifier.count).toBe(0);
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
    const { post, window } = await setUp();
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

  it('redials when the system resumes or the screen unlocks', async () => {
    const { station } = await setUp();
    const reconnect = vi.spyOn(station, 'reconnectNow');
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(reconnect).toHaveBeenCalledTimes(2);
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
      expect(await ipcMain.invoke(INVOKE.testConnection, sender, settings)).toEqual({ ok: true, message: `The hub is running on port ${port} with 1 device.` });
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
