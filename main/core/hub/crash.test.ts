import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, type StoredOrder } from '../journal/journal';
import { OrderReceiver } from '../link/receiver';
import { freePort } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { get, killHubProcess, post, request, startHubProcess, stopHubProcess, TOKEN } from '../../../test/hub-process';

type Listed = { orders: { seq: number; order: { id: string; title?: string }; receivedAt: string; handled: unknown }[]; lastSeq: number };

async function device(port: number, path: string) {
  const journal = await Journal.open(path);
  const receiver = new OrderReceiver({
    url: `ws://127.0.0.1:${port}/ws`,
    token: TOKEN,
    journal,
    connection: { backoff: { initialMs: 10, maxMs: 100 } },
  });
  const received: StoredOrder[] = [];
  receiver.on('order', (stored) => received.push(stored));
  receiver.start();
  defer(async () => {
    await receiver.stop();
    await journal.close();
  });
  const offline = async () => {
    await receiver.stop();
    await journal.close();
  };
  return { receiver, journal, received, offline };
}

describe('Hub crash safety (kill -9 of a real hub process)', () => {
  it('keeps every 201-answered order with its seq, and devices resume without gaps or duplicates', async () => {
    const dataDir = join(await tempDir(), 'hub');
    const port = await freePort();
    const devicesDir = await tempDir();
    const devices = await Promise.all(['a', 'b', 'c'].map((name) => device(port, join(devicesDir, `${name}.log`))));
    const promised = new Map<string, number>();
    let next = 0;

    for (let round = 0; round < 3; round++) {
      const hub = await startHubProcess(dataDir, port);
      await waitFor(() => devices.every((d) => d.receiver.connection.status.state === 'online'), 5000, 'devices online');
      // A burst of concurrent posts, with the hub killed somewhere inside it.
      const burst = Array.from({ length: 200 }, () => `order-${++next}`);
      const answers = burst.map(async (id) => {
        const answer = await post(port, id);
        if (answer?.status === 201) promised.set(id, answer.seq!);
      });
      const killAfter = promised.size + 10 + Math.floor(Math.random() * 100);
      await waitFor(() => promised.size >= killAfter, 10_000, 'some orders to be answered');
      hub.child.kill('SIGKILL');
      await Promise.all(answers);
      await hub.exited;
    }

    const hub = await startHubProcess(dataDir, port);
    const { orders: stored } = await get<Listed>(port, '/api/orders?since=0&limit=1000');
    const storedSeq = new Map(stored.map((entry) => [entry.order.id, entry.seq]));
    expect(promised.size).toBeGreaterThan(0);
    for (const [id, seq] of promised) expect(storedSeq.get(id), id).toBe(seq);

    for (const { received } of devices) {
      await waitFor(() => received.length === stored.length, 10_000, 'devices to catch up');
      const seqs = received.map((r) => r.seq!);
      expect(new Set(received.map((r) => r.order.id)).size).toBe(received.length);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs).toEqual(stored.map((entry) => entry.seq));
    }
    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
  });
});

describe('Hub seqs across retention, restarts, clocks and restores (real hub processes)', () => {
  it('keeps a re-posted id that had left retention as a new order with a new seq, and never issues a seq twice', async () => {
    const dataDir = join(await tempDir(), 'hub');
    const port = await freePort();
    const till = await device(port, join(await tempDir(), 'till.log'));
    let hub = await startHubProcess(dataDir, port, ['--keep-orders', '10']);
    const issued = new Map<number, string>();
    const expectIssued = (id: string, answer: { status: number; seq?: number } | undefined, status: number) => {
      expect(answer?.status, id).toBe(status);
      if (status === 201) {
        expect(issued.has(answer!.seq!), `seq ${answer!.seq} issued twice`).toBe(false);
        issued.set(answer!.seq!, id);
      }
      return answer!.seq!;
    };
    for (let i = 0; i <= 14; i++) expectIssued(`o-${i}`, await post(port, `o-${i}`), 201);
    const again = expectIssued('o-2', await post(port, 'o-2', { title: 'posted again' }), 201);
    expect(again).toBe(16);
    // The till still remembers o-2 as seq 3; seq 16 is a new order and must ring there too.
    await waitFor(() => till.received.some((stored) => stored.order.id === 'o-2' && stored.seq === 16), 15_000, 'the re-posted o-2 on the till');

    for (const restart of [killHubProcess, stopHubProcess, killHubProcess]) {
      await restart(hub);
      hub = await startHubProcess(dataDir, port, ['--keep-orders', '10']);
      const listed = await get<Listed>(port, '/api/orders?since=0&limit=100');
      expect(listed.orders.find((entry) => entry.order.id === 'o-2')).toMatchObject({ seq: 16, order: { title: 'posted again' } });
      expect(listed.lastSeq).toBeGreaterThanOrEqual(Math.max(...issued.keys()));
      expect(await post(port, 'o-2')).toEqual({ status: 200, seq: 16 });
      const id = `after-${issued.size}`;
      const seq = expectIssued(id, await post(port, id), 201);
      expect(seq).toBeGreaterThan(listed.lastSeq);
      await waitFor(() => till.received.some((stored) => stored.order.id === id), 15_000, `${id} on the till`);
    }
    await stopHubProcess(hub);
  }, 60_000);

  it('keeps every order written under a clock years behind when it restarts with the real clock, and logs the doubt', async () => {
    const dataDir = join(await tempDir(), 'hub');
    const port = await freePort();
    let hub = await startHubProcess(dataDir, port, [], ['2020-01-01 00:00:00']);
    for (const id of ['cmos-1', 'cmos-2', 'cmos-3']) expect((await post(port, id))?.status).toBe(201);
    await request(port, 'POST', '/api/orders/cmos-2/handled');
    const { orders } = await get<Listed>(port, '/api/orders');
    expect(orders.map((entry) => entry.receivedAt)).toEqual(Array(3).fill(expect.stringMatching(/^2020-01-01T/)));
    await stopHubProcess(hub);

    hub = await startHubProcess(dataDir, port);
    const after = await get<Listed>(port, '/api/orders');
    expect(after.orders.map((entry) => [entry.order.id, entry.handled !== null])).toEqual([
      ['cmos-1', false],
      ['cmos-2', true],
      ['cmos-3', false],
    ]);
    expect(await post(port, 'cmos-1')).toEqual({ status: 200, seq: 1 });
    expect(hub.stdout()).toMatch(/disagrees with the journal: 0 order\(s\) are dated in the future and 3 more than a year past/);
    await stopHubProcess(hub);
  }, 60_000);

  for (const stop of [stopHubProcess, killHubProcess]) {
    it(`numbers new orders after every seq a device holds when its journal is restored from an older copy (${stop === stopHubProcess ? 'clean stop' : 'kill -9'})`, async () => {
      const dataDir = join(await tempDir(), 'hub');
      const journalFile = join(dataDir, 'hub-journal.log');
      const backup = join(await tempDir(), 'backup.log');
      const port = await freePort();
      const devicePath = join(await tempDir(), 'till.log');
      let till = await device(port, devicePath);
      let hub = await startHubProcess(dataDir, port);
      for (let i = 1; i <= 100; i++) await post(port, `old-${i}`);
      await stopHubProcess(hub);
      await copyFile(journalFile, backup);
      hub = await startHubProcess(dataDir, port);
      for (let i = 101; i <= 130; i++) await post(port, `old-${i}`);
      await waitFor(() => till.journal.lastSeq === 130, 10_000, 'the till to store seq 130');
      await till.offline();
      await stop(hub);

      await copyFile(backup, journalFile);
      hub = await startHubProcess(dataDir, port);
      const fresh = Array.from({ length: 450 }, (_, i) => `new-${i + 1}`);
      for (const id of fresh) expect((await post(port, id))?.status).toBe(201);
      till = await device(port, devicePath);
      await waitFor(() => fresh.every((id) => till.journal.get(id)), 20_000, 'every new order on the till');
      expect(till.received.map((stored) => stored.order.id)).toEqual(fresh);
      await stopHubProcess(hub);
    }, 60_000);
  }
});
