/**
 * The `redis` kind against a real redis-server (Debian's, started here with `appendfsync
 * always`): a shop's consumer group takes its stream's orders once each and acks them after
 * the journal; entries it was given but never acked come again after it restarts; entries a
 * dead consumer of the group left pending are claimed; a kill -9 of the server loses nothing.
 */
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteDir, tempDir, waitFor } from '../../../test/helpers';
import { runCli } from '../../../test/cli';
import { RedisProcess } from '../../../test/redis-process';
import { Journal } from '../journal/journal';
import { runSources, stopHarness } from '../../../test/source-harness';
import { RedisStreamSource, type RedisStreamSourceOptions } from './redis-streams';

let server: RedisProcess;
let backend: ReturnType<typeof createClient>;

let dir: Awaited<ReturnType<typeof suiteDir>>;

beforeAll(async () => {
  dir = await suiteDir();
  server = await RedisProcess.start(dir.path, { password: 'secret' });
  backend = createClient({ url: server.url, password: 'secret', socket: { reconnectStrategy: 100 } });
  backend.on('error', () => undefined);
  await backend.connect();
});

afterAll(async () => {
  backend?.destroy();
  await server?.stop();
  await dir?.remove();
});

const add = (stream: string, id: string) => backend.xAdd(stream, '*', { order: JSON.stringify({ id, title: `Order ${id}` }) });

function shop(stream: string, options: Partial<RedisStreamSourceOptions> = {}): RedisStreamSource {
  return new RedisStreamSource({
    label: stream,
    url: server.url,
    password: 'secret',
    stream,
    group: 'shop',
    consumer: 'till-1',
    backoff: { initialMs: 50, maxMs: 300 },
    ...options,
  });
}

const pending = async (stream: string) => (await backend.xPending(stream, 'shop')).pending;
const ids = (harness: { orders: { stored: { order: { id: string } } }[] }) => harness.orders.map(({ stored }) => stored.order.id);

describe('redis source', () => {
  it("takes its stream's orders once each, acks them after the journal, and never another stream's", async () => {
    await add('orders:shop-1', 'first');
    const harness = await runSources([shop('orders:shop-1')]);
    await harness.ordersCount(1);
    await add('orders:shop-1', 'second');
    await add('orders:shop-2', 'other');
    await backend.xAdd('orders:shop-1', '*', { id: 'third', title: 'Fields as the order' });
    await harness.ordersCount(3);
    expect(ids(harness)).toEqual(['first', 'second', 'third']);
    expect(harness.orders[2]!.stored.order.title).toBe('Fields as the order');
    await expect.poll(() => pending('orders:shop-1'), { timeout: 5000 }).toBe(0);
  });

  it('reads again what it was given and never acked, after a restart, and shows it once', async () => {
    const stream = 'orders:shop-3';
    await add(stream, 'a');
    await add(stream, 'b');
    await backend.xGroupCreate(stream, 'shop', '0');
    // Delivered to till-1, which died before acking: both are pending on it.
    await backend.xReadGroup('shop', 'till-1', { key: stream, id: '>' }, { COUNT: 10 });
    expect(await pending(stream)).toBe(2);
    const harness = await runSources([shop(stream)]);
    await harness.ordersCount(2);
    expect(ids(harness)).toEqual(['a', 'b']);
    expect(harness.orders.every(({ arrival }) => arrival.replayed)).toBe(true);
    await expect.poll(() => pending(stream), { timeout: 5000 }).toBe(0);
  });

  it("claims what a dead consumer of the group left pending", async () => {
    const stream = 'orders:shop-4';
    await add(stream, 'left-behind');
    await backend.xGroupCreate(stream, 'shop', '0');
    await backend.xReadGroup('shop', 'old-box', { key: stream, id: '>' }, { COUNT: 10 });
    const harness = await runSources([shop(stream, { claimIdleMs: 1 })]);
    await harness.ordersCount(1);
    expect(ids(harness)).toEqual(['left-behind']);
    await expect.poll(() => pending(stream), { timeout: 5000 }).toBe(0);
  });

  it('a kill -9 of the server mid-stream loses nothing and shows nothing twice', async () => {
    const stream = 'orders:shop-5';
    const dataDir = await tempDir();
    const harness = await runSources([shop(stream)], dataDir);
    for (let n = 0; n < 20; n++) await add(stream, `k${n}`);
    await harness.ordersCount(5);
    await server.kill();
    await harness.waitForState('offline');
    await server.run();
    await backend.connect().catch(() => undefined);
    await waitFor(() => backend.isReady, 10_000, 'the backend reconnected');
    for (let n = 20; n < 30; n++) await add(stream, `k${n}`);
    await harness.ordersCount(30, 20_000);
    expect(ids(harness)).toEqual(Array.from({ length: 30 }, (_, n) => `k${n}`));
    await expect.poll(() => pending(stream), { timeout: 5000 }).toBe(0);
    await stopHarness(harness);
  });

  it('a kill -9 of orderbell listen mid-stream: after the restart every order is stored once and printed at most once', async () => {
    const stream = 'orders:shop-8';
    const dataDir = await tempDir();
    const listen = () => runCli(['listen', '--source', 'redis', '--url', server.url, '--password', 'secret', '--stream', stream, '--group', 'shop', '--consumer', 'till-1', '--data', dataDir]);
    const printed = (lines: string[]) => lines.filter((line) => line.startsWith('{')).map((line) => (JSON.parse(line) as { id: string }).id);
    await add(stream, 'p0');
    const first = listen();
    await first.waitForStdout(/"p0"/, 15_000);
    const adding = (async () => {
      for (let n = 1; n < 40; n++) await add(stream, `p${n}`);
    })();
    await first.waitForStdout(/"p5"/, 15_000);
    first.kill('SIGKILL');
    await first.exited;
    await adding;
    const second = listen();
    await second.waitForStdout(/"p39"/, 20_000);
    await expect.poll(() => pending(stream), { timeout: 5000 }).toBe(0);
    second.kill('SIGINT');
    await second.exited;
    const expected = Array.from({ length: 40 }, (_, n) => `p${n}`).sort();
    const journal = await Journal.open(join(dataDir, 'journal.log'));
    const stored = [...journal.all()].map((kept) => kept.order.id);
    await journal.close();
    expect(stored.sort()).toEqual(expected);
    // Printed once at the most; the kill may cut one print between its journal write and stdout.
    const all = [...printed(first.stdoutLines()), ...printed(second.stdoutLines())];
    expect(new Set(all).size).toBe(all.length);
    expect(expected.filter((id) => !all.includes(id)).length).toBeLessThanOrEqual(1);
  });

  it('says the login was refused, and keeps trying with backoff', async () => {
    const harness = await runSources([shop('orders:shop-6', { password: 'wrong' })]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline').length >= 2, 10_000, 'two refusals');
    expect(harness.lastOffline()!.lastError).toMatch(/refused the login/);
  });

  it('names a stream that does not exist yet, and reads it from its first order once it does', async () => {
    const harness = await runSources([shop('orders:shop-7')]);
    await waitFor(() => /stream "orders:shop-7" does not exist/.test(harness.lastOffline()?.lastError ?? ''), 10_000, 'the missing stream named');
    await add('orders:shop-7', 'opening-order');
    await harness.ordersCount(1, 10_000);
    expect(ids(harness)).toEqual(['opening-order']);
  });
});
