import { describe, expect, it } from 'vitest';
import { app, BrowserWindow, ipcMain } from '../test/electron-mock';
import { waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { EVENTS, INVOKE } from './core/ui/ipc-channels';
import type { KitchenView } from './core/orders/kitchen-view';
import type { ActionResult } from './core/ui/status-views';
import { parseStations } from './core/orders/stations';

app.becomeReady();

const parsed = parseStations('bar: category in [drinks]\nkitchen: default');
const stations = parsed.ok ? parsed.value : [];

describe('the window as a station screen, over IPC', () => {
  it('bumps at the hub on this PC and tells the window the bump; refuses a bad bump with why before it reaches the hub', async () => {
    const hub = await startStation('kitchen-ipc-token-0123456789', { language: 'en', stations });
    const { window } = await startShell(hub, 'linux');
    const sender = window.webContents;
    await hub.post({ id: 'K-1', items: [{ name: 'Cola', category: 'drinks' }, { name: 'Fried rice' }] });
    let view: KitchenView | undefined;
    await waitFor(() => {
      void (ipcMain.invoke(INVOKE.getKitchen, sender) as Promise<KitchenView>).then((answer) => (view = answer));
      return view?.orders.some((order) => order.id === 'K-1') === true && view.stations.length === 2;
    }, 10_000, 'the order and the hub\'s stations');

    expect(await ipcMain.invoke(INVOKE.bump, sender, 'K-1', { station: 'bar', item: 0 })).toEqual({ ok: true, message: '' });
    // The bump comes back from the hub over this PC's link, and the window is told.
    await waitFor(() => sender.sent.some(([channel, sent]) => channel === EVENTS.kitchen && (sent as KitchenView).bumps['K-1']?.bar?.items[0] !== undefined), 10_000, 'the bump told to the window');
    const told = sender.sent.filter(([channel]) => channel === EVENTS.kitchen).at(-1)![1] as KitchenView;
    expect(told.bumps['K-1']!.bar!.items[0]!.by).toBe('till');

    // The hub's own refusal, in its words.
    expect((await ipcMain.invoke(INVOKE.bump, sender, 'K-1', { station: 'grill' })) as ActionResult).toEqual({ ok: false, message: 'no station named "grill"; the hub has bar, kitchen' });
    await expect(ipcMain.invoke(INVOKE.bump, sender, 'K-1', { station: 'bar', item: -1 })).rejects.toThrow("bump: item: must be the item's place in the order, 0 to 499");
    await expect(ipcMain.invoke(INVOKE.bump, sender, 'K-1', { station: '' })).rejects.toThrow("bump: station: must be a station's name");
    await expect(ipcMain.invoke(INVOKE.bump, sender, 'K-1', { station: 'bar', undo: 'yes' })).rejects.toThrow('bump: undo: must be true or false');
    await expect(ipcMain.invoke(INVOKE.bump, sender, 'K-1', ['bar'])).rejects.toThrow('bump must be an object');
    await expect(ipcMain.invoke(INVOKE.bump, sender, '', { station: 'bar' })).rejects.toThrow('order id must be a string');
    await expect(ipcMain.invoke(INVOKE.bump, new BrowserWindow({}).webContents, 'K-1', { station: 'bar' })).rejects.toThrow('refused kitchen:bump: not from the OrderBell window');
    // None of the refused bumps reached the hub: the bar's one item bump is all there is.
    const last = (await ipcMain.invoke(INVOKE.getKitchen, sender)) as KitchenView;
    expect(last.bumps['K-1']).toEqual({ bar: { items: { 0: expect.objectContaining({ by: 'till' }) } } });
  });
});
