/**
 * The web view's timing duties against a real hub: ring the moment an order arrives, and
 * notice a link that went silent (a browser cannot see WebSocket pings) at the protocol's
 * real heartbeat timings, then redial and catch up once the link is back.
 */
import { describe, expect, it } from 'vitest';
import type { AlertAction, OrderView, StatusView } from '../preload/api';
import { WebBridge } from './web-bridge';
import { defer, waitFor } from '../test/helpers';
import { startHub } from '../test/hub-harness';
import { FaultProxy } from '../test/proxy';
import { MemoryStorage, browserLikeSocket } from '../test/browser';

async function bridgeTo(origin: string, token: string) {
  const bridge = new WebBridge(origin, token, new MemoryStorage(), Date.now, browserLikeSocket);
  const events: string[] = [];
  const alerts: AlertAction[] = [];
  const statuses: StatusView[] = [];
  bridge.onOrdersChanged((list: OrderView[]) => events.push(`orders:${list.map((view) => view.id).join(',')}`));
  bridge.onAlert((action) => {
    alerts.push(action);
    if (action.kind === 'sound') events.push(`sound:${action.sound}`);
  });
  bridge.onStatus((status) => statuses.push(status));
  await bridge.start();
  defer(() => bridge.stop());
  await waitFor(() => statuses.at(-1)?.connection.state === 'online');
  return { bridge, events, alerts, statuses };
}

describe('web view timing', () => {
  it('rings the moment an order arrives, before the list even shows it, not at the alert clock\'s next second', async () => {
    const hub = await startHub();
    const { events } = await bridgeTo(hub.info.url, hub.info.token);
    await hub.post({ id: 'NOW-1' });
    await waitFor(() => events.includes('orders:NOW-1'));
    expect(events.indexOf('sound:new-order')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('sound:new-order')).toBeLessThan(events.indexOf('orders:NOW-1'));
  });

  it('notices a link that went silent at the real heartbeat timings, shows offline, raises the offline alarm, and catches up once the link is back', async () => {
    const hub = await startHub();
    const proxy = await FaultProxy.start(hub.info.port);
    const { bridge, alerts, statuses } = await bridgeTo(`http://127.0.0.1:${proxy.port}`, hub.info.token);
    expect(await bridge.saveSettings({ ...(await bridge.getSettings()), offlineAlertAfterS: 5 })).toEqual({ ok: true });
    proxy.mode = 'blackhole';
    // The old page said "Online" for 150 s here; the heartbeat's limit is 15 s.
    await waitFor(() => statuses.at(-1)!.connection.state !== 'online', 60_000, 'the page to notice the silent link');
    expect(statuses.find((status) => status.connection.state === 'offline')!.connection.lastError).toMatch(/^no word from the main computer for 1[5-9]\.\d s: the connection is lost$/);
    await waitFor(() => alerts.some((action) => action.kind === 'sound' && action.sound === 'offline'), 30_000, 'the offline alarm');
    await hub.post({ id: 'MISSED-1' });
    proxy.mode = 'pass';
    await waitFor(() => statuses.at(-1)!.connection.state === 'online', 30_000, 'online again');
    await expect.poll(async () => (await bridge.listOrders()).map((view) => view.id), { timeout: 10_000 }).toEqual(['MISSED-1']);
  }, 120_000);

  it('rings the offline alarm its grace after the last word heard from the hub, not after the silence was noticed', async () => {
    const hub = await startHub();
    const proxy = await FaultProxy.start(hub.info.port);
    const { bridge, alerts } = await bridgeTo(`http://127.0.0.1:${proxy.port}`, hub.info.token);
    expect(await bridge.saveSettings({ ...(await bridge.getSettings()), offlineAlertAfterS: 18 })).toEqual({ ok: true });
    const quietAt = Date.now();
    proxy.mode = 'blackhole';
    await waitFor(() => alerts.some((action) => action.kind === 'sound' && action.sound === 'offline'), 40_000, 'the offline alarm');
    // Noticed at 15 s; counted from then the alarm would come at 33 s or later.
    expect(Date.now() - quietAt).toBeLessThan(20_000);
  }, 60_000);
});
