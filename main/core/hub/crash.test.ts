import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, type StoredOrder } from '../journal';
import { OrderReceiver } from '../receiver';
import { freePort, runCli, type CliProcess } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';

const TOKEN = 'crash-test-token-0123456789';

async function startHubProcess(dataDir: string, port: number): Promise<CliProcess> {
  const hub = runCli(['hub', '--port', String(port), '--data', dataDir, '--token', TOKEN, '--rate-limit', '10000']);
  await hub.waitForStdout(/listening on/);
  return hub;
}

async function post(port: number, id: string): Promise<{ status: number; seq?: number } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json()) as { seq?: number };
    return { status: response.status, ...(body.seq !== undefined ? { seq: body.seq } : {}) };
  } catch {
    return undefined; // the hub died under this request (or never answered): no promise made
  }
}

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
  return { receiver, journal, received };
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
    const response = await fetch(`http://127.0.0.1:${port}/api/orders?since=0&limit=1000`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const stored = ((await response.json()) as { orders: { seq: number; order: { id: string } }[] }).orders;
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
