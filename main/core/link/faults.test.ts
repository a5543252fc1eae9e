/**
 * The fault suite: a hub, devices behind a proxy that cuts and blackholes their links at
 * random, and 2,000 orders. Every device must end with every order exactly once, in seq
 * order, and ring for each exactly once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertPolicy } from '../alerts/policy';
import { Journal, type StoredOrder } from '../journal/journal';
import { OrderReceiver } from './receiver';
import { defer, sleep, tempDir, waitFor } from '../../../test/helpers';
import { startHub, type RunningHub } from '../../../test/hub-harness';
import { FaultProxy } from '../../../test/proxy';

const ORDERS = 2000;

async function deviceBehind(proxy: FaultProxy, hub: RunningHub, name: string) {
  const journal = await Journal.open(join(await tempDir(), `${name}.log`));
  const receiver = new OrderReceiver({
    url: `ws://127.0.0.1:${proxy.port}/ws`,
    token: hub.info.token,
    journal,
    device: name,
    connection: { deadAfterMs: 200, connectTimeoutMs: 500, backoff: { initialMs: 20, maxMs: 200 } },
  });
  const policy = new AlertPolicy({ repeatIntervalS: 10, escalateAfterS: 60, offlineAlertAfterS: 30, volume: 1, voice: false, quietHours: [] });
  const received: StoredOrder[] = [];
  const rang = new Map<string, number>();
  receiver.on('order', (stored) => {
    received.push(stored);
    if (policy.orderArrived({ id: stored.order.id }, Date.now()) !== 'known') rang.set(stored.order.id, (rang.get(stored.order.id) ?? 0) + 1);
  });
  receiver.start();
  defer(async () => {
    await receiver.stop();
    await journal.close();
  });
  return { receiver, journal, received, rang };
}

describe('fault suite: cuts and half-open links', () => {
  it(`delivers ${ORDERS} orders exactly once and in order while the link is cut and blackholed at random`, async () => {
    const hub = await startHub({ rateLimit: { perSecond: 100_000, burst: 100_000 } });
    const proxy = await FaultProxy.start(hub.info.port);
    const devices = await Promise.all(['till', 'kitchen', 'phone'].map((name) => deviceBehind(proxy, hub, name)));
    await waitFor(() => devices.every((d) => d.receiver.connection.status.state === 'online'));

    let posting = true;
    const chaos = (async () => {
      let faults = 0;
      while (posting) {
        await sleep(40 + Math.random() * 120);
        // Every kind of fault in turn, at random moments and for random lengths.
        const kind = ['cut', 'blackhole', 'delay', 'pass'][faults % 4];
        if (kind === 'cut') proxy.cutAll();
        else if (kind === 'blackhole') {
          proxy.mode = 'blackhole';
          await sleep(150 + Math.random() * 250);
          proxy.mode = 'pass';
        } else if (kind === 'delay') {
          proxy.delayMs = 10 + Math.random() * 40;
          await sleep(200);
          proxy.delayMs = 0;
        }
        faults++;
      }
      return faults;
    })();

    let next = 0;
    const poster = async () => {
      while (next < ORDERS) {
        const id = `order-${++next}`;
        const answer = await hub.post({ id, total: next });
        expect(answer.status).toBe(201);
        if (next % 100 === 0) await sleep(20);
      }
    };
    await Promise.all(Array.from({ length: 8 }, poster));
    posting = false;
    const faults = await chaos;
    proxy.mode = 'pass';
    proxy.delayMs = 0;

    for (const { received, rang } of devices) {
      await waitFor(() => received.length >= ORDERS, 30_000, `all ${ORDERS} orders on every device`);
      const seqs = received.map((stored) => stored.seq!);
      expect(seqs).toEqual(Array.from({ length: ORDERS }, (_, i) => i + 1));
      expect(new Set(received.map((stored) => stored.order.id)).size).toBe(ORDERS);
      expect([...rang.values()].every((count) => count === 1)).toBe(true);
      expect(rang.size).toBe(ORDERS);
    }
    expect(faults).toBeGreaterThanOrEqual(4);
    expect(proxy.cuts).toBeGreaterThan(0);
  }, 90_000);

  it('delivers ids posted again after leaving the hub\'s retention as new orders, once each, while links are cut', async () => {
    const hub = await startHub({ rateLimit: { perSecond: 100_000, burst: 100_000 }, journal: { maxOrders: 50 } });
    const proxy = await FaultProxy.start(hub.info.port);
    const devices = await Promise.all(['till', 'kitchen'].map((name) => deviceBehind(proxy, hub, name)));
    await waitFor(() => devices.every((d) => d.receiver.connection.status.state === 'online'));
    const issued: string[] = [];
    for (let i = 0; i < 300; i++) {
      // Each id comes back 100 orders later, long after the hub's 50-order retention let it go.
      const id = `table-${i % 100}`;
      const answer = await hub.post({ id, total: i });
      expect([answer.status, answer.body.seq]).toEqual([201, i + 1]);
      issued.push(id);
      if (i % 40 === 20) proxy.cutAll();
      // Ten orders later the devices must have caught up: an outage longer than the hub's
      // retention would lose orders by design, not by the fault under test.
      if (i % 40 === 30) {
        for (const { received } of devices) await waitFor(() => received.length === issued.length, 20_000, 'devices to catch up after a cut');
      }
    }
    for (const { received } of devices) {
      await waitFor(() => received.length >= issued.length, 20_000, `all ${issued.length} orders on every device`);
      expect(received.map((stored) => [stored.seq, stored.order.id])).toEqual(issued.map((id, i) => [i + 1, id]));
    }
    expect(proxy.cuts).toBeGreaterThan(0);
  });

  it('detects a blackholed (half-open) link and redials through a healthy one', async () => {
    const hub = await startHub();
    const proxy = await FaultProxy.start(hub.info.port);
    const device = await deviceBehind(proxy, hub, 'till');
    await waitFor(() => device.receiver.connection.status.state === 'online');
    const statuses: string[] = [];
    device.receiver.on('status', (status) => statuses.push(`${status.state}: ${status.lastError ?? ''}`));
    proxy.mode = 'blackhole';
    await hub.post({ id: 'during-blackhole' });
    await waitFor(() => statuses.some((s) => s.includes('presumed dead')), 5000, 'half-open detection');
    proxy.mode = 'pass';
    await waitFor(() => device.received.some((stored) => stored.order.id === 'during-blackhole'), 10_000, 'the order after recovery');
  });
});
