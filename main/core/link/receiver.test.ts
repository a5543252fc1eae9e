import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, type StoredOrder } from '../journal/journal';
import { OrderReceiver, type ReceiverOptions } from './receiver';
import { MAX_MESSAGE_BYTES } from './protocol';
import { defer, sleep, tempDir, waitFor } from '../../../test/helpers';
import { PushServer } from '../../../test/push-server';
import { startHub } from '../../../test/hub-harness';

interface Harness {
  receiver: OrderReceiver;
  journal: Journal;
  received: StoredOrder[];
  warnings: string[];
}

async function receive(url: string, options: Partial<ReceiverOptions> & { journalPath?: string } = {}): Promise<Harness> {
  const journal = await Journal.open(options.journalPath ?? join(await tempDir(), 'journal.log'));
  const receiver = new OrderReceiver({
    url,
    journal,
    connection: { backoff: { initialMs: 10, maxMs: 50 }, deadAfterMs: 2000 },
    ...options,
  });
  const received: StoredOrder[] = [];
  const warnings: string[] = [];
  receiver.on('order', (stored) => {
    // Announced only once it is in the journal file.
    expect(journal.has(stored.order.id)).toBe(true);
    received.push(stored);
  });
  receiver.on('warning', (warning) => warnings.push(warning));
  receiver.start();
  const harness = { receiver, journal, received, warnings };
  defer(() => stopReceiver(harness));
  return harness;
}

async function stopReceiver({ receiver, journal }: Harness): Promise<void> {
  await receiver.stop();
  await journal.close();
}

const ids = (orders: StoredOrder[]) => orders.map((stored) => stored.order.id);

describe('OrderReceiver, json mode', () => {
  it('stores, announces and acks live orders', async () => {
    const server = await PushServer.start();
    const { received, receiver } = await receive(server.url);
    await waitFor(() => server.hellos.length === 1);
    expect(server.hellos[0]).toEqual({ epoch: null, lastSeq: 0 });
    server.push({ id: 'A-1', table: '3' });
    server.push({ id: 'A-2' });
    await waitFor(() => server.acks.length === 2);
    expect(ids(received)).toEqual(['A-1', 'A-2']);
    expect(received.map((r) => r.seq)).toEqual([1, 2]);
    expect(server.acks).toEqual([1, 2]);
    expect(receiver.connection.status.state).toBe('online');
  });

  it('resumes after a client restart from the stored epoch and lastSeq, announcing nothing twice', async () => {
    const server = await PushServer.start();
    const journalPath = join(await tempDir(), 'journal.log');
    const first = await receive(server.url, { journalPath });
    server.push({ id: 'A' });
    server.push({ id: 'B' });
    await waitFor(() => first.received.length === 2);
    await stopReceiver(first);
    server.push({ id: 'C' });
    const second = await receive(server.url, { journalPath });
    await waitFor(() => second.received.length === 1);
    expect(server.hellos.at(-1)).toEqual({ epoch: 'epoch-1', lastSeq: 2 });
    expect(ids(second.received)).toEqual(['C']);
  });

  it('reconnects after the server restarts and gets what it missed', async () => {
    const server = await PushServer.start();
    const port = server.port;
    const { received, receiver } = await receive(server.url);
    server.push({ id: 'A' });
    await waitFor(() => received.length === 1);
    await server.stop();
    await waitFor(() => receiver.connection.status.state === 'offline');
    server.orders.push({ seq: 2, order: { id: 'B' } });
    await server.listen(port);
    await waitFor(() => received.length === 2, 5000, 'the missed order');
    expect(ids(received)).toEqual(['A', 'B']);
  });

  it('takes 1,000 orders through random disconnects and resends, each exactly once and in seq order', async () => {
    const server = await PushServer.start();
    const { received } = await receive(server.url);
    await waitFor(() => server.clients.length === 1);
    let random = 42;
    const chance = () => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 1; n <= 1000; n++) {
      server.push({ id: `order-${n}`, total: n });
      const roll = chance();
      if (roll < 0.02) server.dropAll();
      else if (roll < 0.1) {
        // A resend of something already sent: same seq, or an old seq again.
        server.resend(server.orders[Math.floor(chance() * server.orders.length)]!.seq);
      }
      if (n % 50 === 0) await sleep(5);
    }
    await waitFor(() => received.length >= 1000, 20_000, '1,000 orders');
    await sleep(100);
    expect(received.map((r) => r.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(new Set(ids(received)).size).toBe(1000);
  });

  it('after a server history reset (new epoch) announces only orders it has not seen', async () => {
    const server = await PushServer.start();
    const { received, receiver, journal } = await receive(server.url);
    server.push({ id: 'A' });
    await waitFor(() => received.length === 1);
    server.epoch = 'epoch-2';
    server.orders = [{ seq: 1, order: { id: 'A' } }, { seq: 2, order: { id: 'B' } }];
    receiver.reconnectNow();
    await waitFor(() => received.length === 2);
    await waitFor(() => journal.epoch === 'epoch-2' && journal.lastSeq === 2);
    expect(ids(received)).toEqual(['A', 'B']);
  });

  it('stores a replayed order with its handled state and reports handled broadcasts', async () => {
    const server = await PushServer.start();
    const handled: string[] = [];
    const { received, receiver, journal } = await receive(server.url);
    receiver.on('handled', (event) => handled.push(`${event.id} by ${event.by}`));
    server.push({ id: 'A' });
    await waitFor(() => received.length === 1);
    server.sendRaw(JSON.stringify({ type: 'handled', id: 'A', by: 'kitchen', at: '2026-11-27T10:00:00Z' }));
    await waitFor(() => handled.length === 1);
    expect(handled).toEqual(['A by kitchen']);
    expect(journal.get('A')?.handled?.by).toBe('kitchen');
  });

  it('sends handle now, or on reconnect when offline', async () => {
    const server = await PushServer.start();
    const { received, receiver, journal } = await receive(server.url, { device: 'till 1' });
    server.push({ id: 'A' });
    server.push({ id: 'B' });
    await waitFor(() => received.length === 2);
    expect(await receiver.handle('A')).toBe(true);
    await waitFor(() => server.handles.includes('A'));
    const port = server.port;
    await server.stop();
    await waitFor(() => receiver.connection.status.state !== 'online');
    expect(await receiver.handle('B')).toBe(true);
    expect(journal.get('B')?.handled?.by).toBe('till 1');
    await server.listen(port);
    await waitFor(() => server.handles.includes('B'), 5000, 'the handle sent after reconnecting');
  });

  it('announces a handle made just before a restart once the server is back', async () => {
    const server = await PushServer.start();
    const port = server.port;
    const journalPath = join(await tempDir(), 'journal.log');
    const first = await receive(server.url, { journalPath, device: 'till 1' });
    server.push({ id: 'A' });
    await waitFor(() => first.received.length === 1);
    await server.stop();
    await waitFor(() => first.receiver.connection.status.state !== 'online');
    expect(await first.receiver.handle('A')).toBe(true);
    await stopReceiver(first);
    server.handles = [];
    await server.listen(port);
    await receive(server.url, { journalPath, device: 'till 1' });
    await waitFor(() => server.handles.includes('A'), 5000, 'the handle after the restart');
  });

  describe('bad input from the server', () => {
    async function connected() {
      const server = await PushServer.start();
      const harness = await receive(server.url);
      await waitFor(() => server.hellos.length === 1);
      return { server, ...harness };
    }

    it.each([
      ['malformed JSON', '{"type":"order",', /not valid JSON/],
      ['an unknown message type', '{"type":"party"}', /unknown type 'party'/],
      ['an order without id', '{"type":"order","seq":1,"order":{"title":"x"}}', /order.id: is required/],
      ['an oversized field', `{"type":"order","seq":1,"order":{"id":"${'x'.repeat(200)}"}}`, /order.id: must be at most 128/],
    ])('ignores %s with a clear warning and stays connected', async (_name, frame, warning) => {
      const { server, received, warnings } = await connected();
      server.sendRaw(frame);
      server.push({ id: 'good' });
      await waitFor(() => received.length === 1);
      expect(warnings).toEqual([expect.stringMatching(warning)]);
      expect(server.hellos).toHaveLength(1);
    });

    it('ignores binary frames', async () => {
      const { server, received, warnings } = await connected();
      server.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
      server.push({ id: 'good' });
      await waitFor(() => received.length === 1);
      expect(warnings).toEqual(['ignored a binary frame: protocol v1 uses text frames']);
    });

    it('drops a connection that sends a message over the limit, reconnects, and keeps what it stored', async () => {
      const { server, received, receiver, journal } = await connected();
      server.push({ id: 'A' });
      await waitFor(() => received.length === 1);
      const statuses: string[] = [];
      receiver.on('status', (status) => statuses.push(`${status.state}: ${status.lastError ?? ''}`));
      server.sendRaw('x'.repeat(MAX_MESSAGE_BYTES + 1));
      await waitFor(() => server.hellos.length === 2, 5000, 'a reconnect');
      expect(statuses.find((s) => s.startsWith('offline'))).toMatch(/Max payload size exceeded/);
      expect(journal.get('A')).toBeDefined();
    });

    it('drops a connection that sends invalid UTF-8, then reconnects', async () => {
      const { server, receiver } = await connected();
      const statuses: string[] = [];
      receiver.on('status', (status) => statuses.push(`${status.state}: ${status.lastError ?? ''}`));
      server.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
      await waitFor(() => server.hellos.length === 2, 5000, 'a reconnect');
      expect(statuses.find((s) => s.startsWith('offline'))).toMatch(/invalid UTF-8/i);
    });

    it('reconnects after the server closes in the middle of a frame', async () => {
      const { server } = await connected();
      const raw = (server.clients[0] as unknown as { _socket: import('node:net').Socket })._socket;
      raw.write(Buffer.from([0x81, 0x7e, 0x01, 0x00, 0x7b])); // a 256-byte text frame, cut after one byte
      raw.destroy();
      await waitFor(() => server.hellos.length === 2, 5000, 'a reconnect');
    });
  });

  it('fetches everything again from a server that went back in its history without a new epoch, losing nothing', async () => {
    const first = await PushServer.start();
    const port = first.port;
    const { received, warnings } = await receive(first.url);
    for (const id of ['A', 'B', 'C']) first.push({ id });
    await waitFor(() => received.length === 3);
    await first.stop();
    // Back with the old epoch but a counter that started again: its seq 2 is a new order.
    const restarted = new PushServer('epoch-1');
    restarted.push({ id: 'A' });
    restarted.push({ id: 'D' });
    await restarted.listen(port);
    defer(() => restarted.stop());
    await waitFor(() => received.length === 4, 5000, 'order D');
    expect(ids(received)).toEqual(['A', 'B', 'C', 'D']);
    expect(warnings).toContain("the server is at seq 2 but this device has seen seq 3 in the same epoch; fetching the server's whole history again");
    expect(restarted.hellos).toEqual([{ epoch: 'epoch-1', lastSeq: 3 }, { epoch: 'epoch-1', lastSeq: 0 }]);
  });

  it('takes a hub restored from a backup by id once the hub says their histories differ: nothing missed, nothing twice', async () => {
    const first = await startHub();
    await first.post({ id: 'A' });
    await first.stop(); // the backup: taken at a clean stop, its hub-seq.json says seq 1
    const backup = join(await tempDir(), 'backup');
    await cp(first.dataDir, backup, { recursive: true });
    let hub = await startHub({ port: first.info.port, dataDir: first.dataDir });
    const journalPath = join(await tempDir(), 'journal.log');
    const before = await receive(hub.wsUrl, { token: hub.info.token, journalPath });
    for (const id of ['B', 'C']) await hub.post({ id });
    await waitFor(() => before.received.length === 3);
    await stopReceiver(before);

    await hub.stop();
    await cp(backup, hub.dataDir, { recursive: true });
    hub = await startHub({ port: first.info.port, dataDir: first.dataDir });
    // C posted again (the backend's retry: seq 2 now), then D and E at seqs 3 and 4.
    for (const id of ['C', 'D', 'E']) expect((await hub.post({ id })).status).toBe(201);
    const after = await receive(hub.wsUrl, { token: hub.info.token, journalPath });
    await waitFor(() => after.received.length === 2, 5000, 'D and E');
    expect(ids(after.received)).toEqual(['D', 'E']);
    expect(after.journal.get('C')?.seq).toBe(3);
    expect(after.warnings).toContainEqual(expect.stringMatching(/^the server's history does not hold this device's order at seq 3 /));
  });

  it('tells orders caught up after a connect from live ones by the stream, not by their clocks', async () => {
    const hub = await startHub();
    const stamped = new Date(Date.now() - 3600_000).toISOString();
    await hub.post({ id: 'C-1', createdAt: stamped });
    const journal = await Journal.open(join(await tempDir(), 'journal.log'));
    const receiver = new OrderReceiver({ url: hub.wsUrl, token: hub.info.token, journal });
    const arrivals: [string, boolean][] = [];
    receiver.on('order', (stored, arrival) => arrivals.push([stored.order.id, arrival.replayed]));
    receiver.start();
    defer(() => stopReceiver({ receiver, journal, received: [], warnings: [] }));
    await waitFor(() => arrivals.length === 1);
    await hub.post({ id: 'L-1', createdAt: stamped });
    await waitFor(() => arrivals.length === 2);
    expect(arrivals).toEqual([['C-1', true], ['L-1', false]]);
  });
});
