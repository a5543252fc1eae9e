/**
 * The desktop's network-change signal: the page's window sees 'online' (Electron's main process
 * has no such event), the preload passes it over IPC, and main redials at once — a link that died
 * silently is back, with the order it missed, long before the 15 s of silence would have told.
 */
import { describe, expect, it, vi } from 'vitest';
import { BrowserWindow, contextBridge, ipcMain, ipcRenderer } from '../test/electron-mock';
import type { OrderBellApi } from '../preload/api';
import { redialWhenOnline } from '../renderer/network-change';
import { INVOKE } from './core/ui/ipc-channels';
import { defer, sleep, waitFor } from '../test/helpers';
import { startHub } from '../test/hub-harness';
import { FaultProxy } from '../test/proxy';
import { startShell, startStation } from '../test/shell-harness';

/** A till whose push server is a hub behind the fault proxy, and its page: the real preload over the fake IPC. */
async function setUp() {
  const server = await startHub();
  const proxy = await FaultProxy.start(server.info.port);
  const hub = await startStation('unused-token-0123456789', {
    source: { kind: 'push-server', url: `ws://127.0.0.1:${proxy.port}/ws`, token: server.info.token, mode: 'json', helloText: '' },
  });
  const { window } = await startShell(hub, 'linux');
  await import('../preload/preload');
  ipcRenderer.attach(window.webContents);
  defer(() => ipcRenderer.attach(undefined));
  const page = new EventTarget();
  redialWhenOnline(page, contextBridge.exposed.get('orderbell') as OrderBellApi);
  const states: string[] = [];
  hub.station.on('status', (status) => states.push(status.connection.state));
  return { server, proxy, station: hub.station, page, states, window };
}

describe('network change on the desktop', () => {
  it("the page's 'online' redials at once: a link that died silently is back with the order it missed", async () => {
    const { server, proxy, station, page, states } = await setUp();
    proxy.mode = 'blackhole';
    expect((await server.post({ id: 'LOST-1' })).status).toBe(201);
    proxy.mode = 'pass';

    page.dispatchEvent(new Event('online'));

    // Without the signal the till would wait for 15 s of silence before redialling.
    await waitFor(() => station.listOrders().some((view) => view.id === 'LOST-1'), 10_000, 'the missed order after the redial');
    expect(station.status().connection.state).toBe('online');
    expect(states).not.toContain('offline');
  });

  it('a flood of signals costs two redials: one at once, one for the end of the burst', async () => {
    const { station, page } = await setUp();
    const reconnect = vi.spyOn(station, 'reconnectNow');
    for (let i = 0; i < 500; i++) page.dispatchEvent(new Event('online'));
    await waitFor(() => reconnect.mock.calls.length === 1, 5000, 'the first redial');
    await waitFor(() => reconnect.mock.calls.length === 2, 5000, 'the redial for the end of the burst');
    await sleep(1500);
    expect(reconnect).toHaveBeenCalledTimes(2);
    await waitFor(() => station.status().connection.state === 'online', 10_000, 'online again');
  });

  it('is refused from any page but the OrderBell window', async () => {
    const { station } = await setUp();
    const reconnect = vi.spyOn(station, 'reconnectNow');
    await expect(ipcMain.invoke(INVOKE.reconnectNow, new BrowserWindow({}).webContents)).rejects.toThrow('refused network:reconnect-now: not from the OrderBell window');
    expect(reconnect).not.toHaveBeenCalled();
  });
});
