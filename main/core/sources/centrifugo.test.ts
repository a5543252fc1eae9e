/**
 * The centrifugo source (centrifuge-js) against a double of Centrifugo's client protocol
 * (test/centrifugo-server.ts). Not proven here: a real Centrifugo (its JWT checks, history TTL,
 * Protobuf), channel compaction, delta compression and subscription tokens.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CentrifugoServer } from '../../../test/centrifugo-server';
import { tempDir, waitFor } from '../../../test/helpers';
import { runSources, stopHarness } from '../../../test/source-harness';
import { MAX_MESSAGE_BYTES } from '../link/protocol';
import { CentrifugoSource, type CentrifugoSourceOptions } from './centrifugo';
import { SourcePositions } from './positions';

const backoff = { initialMs: 50, maxMs: 200 };
const ids = (harness: { orders: { stored: { order: { id: string } } }[] }) => harness.orders.map(({ stored }) => stored.order.id);

async function source(server: CentrifugoServer, dataDir: string, options: Partial<CentrifugoSourceOptions> = {}): Promise<CentrifugoSource> {
  const positions = await SourcePositions.open(join(dataDir, 'positions.json'));
  return new CentrifugoSource({ label: 'Centrifugo', url: server.url, channel: 'orders', positions, backoff, ...options });
}

describe('centrifugo source', () => {
  it('recovers what was published during a server restart and while OrderBell was stopped', async () => {
    const server = await CentrifugoServer.start();
    const dataDir = await tempDir();
    const first = await runSources([await source(server, dataDir)], dataDir);
    await first.waitForState('online');
    server.publish('orders', { id: 'C-1', title: 'Ramen' });
    await first.ordersCount(1);

    await server.close();
    server.publish('orders', { id: 'C-2' });
    await server.restart();
    await first.ordersCount(2);
    expect(server.subscribes.at(-1)).toMatchObject({ recover: true, offset: 1, epoch: 'epoch-a' });
    await stopHarness(first);

    server.publish('orders', { id: 'C-3' });
    const second = await runSources([await source(server, dataDir)], dataDir);
    await second.ordersCount(1);
    expect(server.subscribes.at(-1)).toMatchObject({ recover: true, offset: 2, epoch: 'epoch-a' });
    server.publish('orders', { id: 'C-4' });
    await second.ordersCount(2);
    expect([...ids(first), ...ids(second)]).toEqual(['C-1', 'C-2', 'C-3', 'C-4']);
    expect(second.orders[0]!.stored.order.source).toBe('Centrifugo');
  });

  it('reports a position the server can no longer recover instead of skipping silently', async () => {
    const server = await CentrifugoServer.start({ historySize: 2 });
    const dataDir = await tempDir();
    const first = await runSources([await source(server, dataDir)], dataDir);
    await first.waitForState('online');
    server.publish('orders', { id: 'L-1' });
    await first.ordersCount(1);
    await stopHarness(first);
    for (const id of ['L-2', 'L-3', 'L-4', 'L-5']) server.publish('orders', { id });

    const second = await runSources([await source(server, dataDir)], dataDir);
    await waitFor(() => second.warnings.length > 0, 5000, 'a warning');
    expect(second.warnings[0]).toBe('the server could not recover the orders sent since offset 1 (epoch epoch-a): orders sent while offline may be missing');
  });

  it('drops duplicates, garbage and oversized publications and goes on', async () => {
    const server = await CentrifugoServer.start();
    const harness = await runSources([await source(server, await tempDir())]);
    await harness.waitForState('online');
    for (const data of [{ id: 'G-1' }, { id: 'G-1' }, null, true, 0, {}, [], 'x'.repeat(MAX_MESSAGE_BYTES + 1), { id: 'G-2' }]) server.publish('orders', data);
    await waitFor(() => harness.announced('G-2'), 5000, 'G-2');
    expect(ids(harness)).toEqual(['G-1', 'G-2']);
    expect(harness.warnings).toEqual([
      ...['null', 'true', '0', '{}', '[]'].map((json) => `ignored a message: ${json} has no id and nothing to show`),
      `ignored a message of ${MAX_MESSAGE_BYTES + 1} bytes: the limit is ${MAX_MESSAGE_BYTES}`,
    ]);
  });

  it('says the server refused the token and retries with backoff', async () => {
    const server = await CentrifugoServer.start({ token: 'right' });
    const harness = await runSources([await source(server, await tempDir(), { token: 'wrong' })]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline').length >= 2, 5000, 'two refusals');
    expect(harness.lastOffline()?.lastError).toBe('invalid token (3500)');
  });
});
