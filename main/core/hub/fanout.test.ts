import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, type StoredOrder } from '../journal/journal';
import { OrderReceiver } from '../link/receiver';
import { defer, sleep, tempDir, waitFor } from '../../../test/helpers';
import { rawClient, startHub, type RunningHub } from '../../../test/hub-harness';

const generous = { rateLimit: { perSecond: 10_000, burst: 10_000 } };

async function device(hub: RunningHub, name: string, journalPath?: string) {
  const journal = await Journal.open(journalPath ?? join(await tempDir(), `${name}.log`));
  const receiver = new OrderReceiver({
    url: hub.wsUrl,
    token: hub.info.token,
    journal,
    device: name,
    connection: { backoff: { initialMs: 10, maxMs: 100 } },
  });
  const received: StoredOrder[] = [];
  const handled: string[] = [];
  receiver.on('order', (stored) => received.push(stored));
  receiver.on('handled', (event) => handled.push(`${event.id} by ${event.by}`));
  receiver.start();
  const stop = async () => {
    await receiver.stop();
    await journal.close();
  };
  defer(stop);
  await waitFor(() => receiver.connection.status.state === 'online');
  return { receiver, journal, received, handled, stop };
}

describe('Hub fan-out', () => {
  it('delivers each of 500 concurrently posted orders to three devices exactly once, in seq order', async () => {
    const hub = await startHub(generous);
    const devices = await Promise.all(['till', 'kitchen', 'phone'].map((name) => device(hub, name)));
    await waitFor(() => hub.hub.health().clients === 3);
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => hub.post({ id: `web-${i}`, total: i })));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(new Set(answers.map((a) => a.body.seq)).size).toBe(500);
    for (const { received } of devices) {
      await waitFor(() => received.length === 500, 10_000, '500 orders');
      expect(received.map((r) => r.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(new Set(received.map((r) => r.order.id)).size).toBe(500);
    }
  });

  it('broadcasts nothing for a re-posted id', async () => {
    const hub = await startHub();
    const { received } = await device(hub, 'till');
    await hub.post({ id: 'A' });
    await waitFor(() => received.length === 1);
    expect((await hub.post({ id: 'A' })).status).toBe(200);
    await hub.post({ id: 'B' });
    await waitFor(() => received.length === 2);
    expect(received.map((r) => r.order.id)).toEqual(['A', 'B']);
  });

  it('sends handled from one device to the others, and keeps it across a hub restart', async () => {
    const hub = await startHub();
    const till = await device(hub, 'till');
    const kitchen = await device(hub, 'kitchen');
    await hub.post({ id: 'A' });
    await waitFor(() => till.received.length === 1 && kitchen.received.length === 1);
    await till.receiver.handle('A');
    await waitFor(() => kitchen.handled.length === 1);
    expect(kitchen.handled).toEqual(['A by till']);
    expect(kitchen.journal.get('A')?.handled?.by).toBe('till');

    await hub.stop();
    const restarted = await startHub({ dataDir: hub.dataDir, port: hub.info.port });
    const list = await restarted.get('/api/orders');
    expect((list.body.orders as { handled: { by: string } }[])[0]!.handled.by).toBe('till');
    const late = await device(restarted, 'late-phone');
    await waitFor(() => late.received.length === 1);
    expect(late.received[0]!.handled?.by).toBe('till');
  });

  it('tells a device that was away about orders handled meanwhile', async () => {
    const hub = await startHub();
    const phonePath = join(await tempDir(), 'phone.log');
    const phone = await device(hub, 'phone', phonePath);
    await hub.post({ id: 'A' });
    await waitFor(() => phone.received.length === 1);
    await phone.stop();
    await fetch(`${hub.info.url}/api/orders/A/handled`, { method: 'POST', headers: { Authorization: `Bearer ${hub.info.token}` } });
    const back = await device(hub, 'phone', phonePath);
    await waitFor(() => back.handled.length === 1);
    expect(back.handled).toEqual(['A by api@127.0.0.1']);
  });

  it('resumes a device from its lastSeq with exactly what it missed', async () => {
    const hub = await startHub();
    const path = join(await tempDir(), 'till.log');
    const first = await device(hub, 'till', path);
    for (const id of ['A', 'B']) await hub.post({ id });
    await waitFor(() => first.received.length === 2);
    await first.stop();
    for (const id of ['C', 'D']) await hub.post({ id });
    const second = await device(hub, 'till', path);
    await waitFor(() => second.received.length === 2);
    await sleep(50);
    expect(second.received.map((r) => r.order.id)).toEqual(['C', 'D']);
  });

  it('tells every device when the hub received an order, live and in replay, as its API does', async () => {
    const hub = await startHub();
    const live = await rawClient(hub.wsUrl, hub.info.token);
    live.socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0 }));
    await waitFor(() => hub.hub.health().clients === 1);
    await hub.post({ id: 'R-1' });
    await waitFor(() => live.messages.some((m) => m.type === 'order'));
    const replay = await rawClient(hub.wsUrl, hub.info.token);
    replay.socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0 }));
    await waitFor(() => replay.messages.some((m) => m.type === 'order'));
    const listed = ((await hub.get('/api/orders')).body.orders as { receivedAt: string }[])[0]!.receivedAt;
    for (const { messages } of [live, replay]) expect(messages.find((m) => m.type === 'order')!.receivedAt).toBe(listed);
  });

  it('cuts off a device too far behind without disturbing others; it catches up on reconnect', async () => {
    const hub = await startHub({ ...generous, maxBufferedBytes: 64 * 1024 });
    const steady = await device(hub, 'steady');
    const slow = await rawClient(hub.wsUrl, hub.info.token);
    slow.socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device: 'slow' }));
    await waitFor(() => hub.hub.health().clients === 2);
    // The slow device stops reading, as a phone on bad Wi-Fi does.
    (slow.socket as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const closed = new Promise<void>((resolve) => slow.socket.on('close', () => resolve()));
    const text = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 400; i++) await hub.post({ id: `big-${i}`, text });
    await waitFor(() => hub.logs.some((line) => /slow .* too far behind/.test(line)), 10_000, 'the cut-off');
    await waitFor(() => steady.received.length === 400, 10_000, 'the steady device');
    (slow.socket as unknown as { _socket: import('node:net').Socket })._socket.resume();
    await closed;
    const caughtUp = await device(hub, 'slow-again');
    await waitFor(() => caughtUp.received.length === 400, 10_000, 'catch-up');
    expect(caughtUp.received.map((r) => r.seq)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
  });
});
