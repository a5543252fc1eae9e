/**
 * The `nats` kind against a real nats-server with JetStream (Debian's, started here on loopback
 * ports): a shop's durable consumer takes its own subject's orders and no other shop's, acks
 * each only once it is in the journal, and finds what was published while it was away. The
 * cluster and crash runs are in nats-cluster.test.ts.
 */
import { jetstreamManager, jetstream, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defer, suiteDir, tempDir, waitFor } from '../../../test/helpers';
import { NatsCluster } from '../../../test/nats-cluster';
import { runSources, stopHarness } from '../../../test/source-harness';
import { NatsSource, type NatsSourceOptions } from './nats';

let server: NatsCluster;
let publisher: NatsConnection;

let dir: Awaited<ReturnType<typeof suiteDir>>;

beforeAll(async () => {
  dir = await suiteDir();
  server = await NatsCluster.start(dir.path, {
    extraConfig: 'authorization { users: [ { user: shop, password: secret } ] }',
  });
  publisher = await connect({ servers: server.url, user: 'shop', pass: 'secret' });
  const manager = await jetstreamManager(publisher);
  await manager.streams.add({ name: 'ORDERS', subjects: ['orders.>'], retention: RetentionPolicy.Limits, storage: StorageType.File });
});

afterAll(async () => {
  await publisher?.close();
  await server?.stop();
  await dir?.remove();
});

const publish = async (subject: string, id: string) => {
  await jetstream(publisher).publish(subject, JSON.stringify({ id, title: `Order ${id}` }), { msgID: id });
};

function shop(durable: string, options: Partial<NatsSourceOptions> = {}): NatsSource {
  return new NatsSource({
    label: durable,
    url: server.url,
    stream: 'ORDERS',
    subject: `orders.${durable}`,
    durable,
    username: 'shop',
    password: 'secret',
    backoff: { initialMs: 50, maxMs: 200 },
    ...options,
  });
}

async function pendingAcks(durable: string): Promise<{ ackPending: number; pending: number }> {
  const info = await (await jetstreamManager(publisher)).consumers.info('ORDERS', durable);
  return { ackPending: info.num_ack_pending, pending: info.num_pending };
}

describe('nats source', () => {
  it("takes its own shop's orders once each, acks them after the journal, and never another shop's", async () => {
    const harness = await runSources([shop('shop-1')]);
    await harness.waitForState('online', 20_000);
    for (let n = 1; n <= 5; n++) await publish('orders.shop-1', `s1-${n}`);
    for (let n = 1; n <= 3; n++) await publish('orders.shop-2', `s2-${n}`);
    await harness.ordersCount(5, 20_000);
    expect(harness.orders.map(({ stored }) => stored.order.id)).toEqual(['s1-1', 's1-2', 's1-3', 's1-4', 's1-5']);
    expect(harness.orders.every(({ arrival }) => arrival.source === 'shop-1' && !arrival.replayed)).toBe(true);
    await expect.poll(() => pendingAcks('shop-1'), { timeout: 5000 }).toEqual({ ackPending: 0, pending: 0 });
  });

  it('finds the orders published while it was away, as a catch-up, and nothing twice', async () => {
    const dataDir = await tempDir();
    const first = await runSources([shop('shop-3')], dataDir);
    await first.waitForState('online', 20_000);
    await publish('orders.shop-3', 'a');
    await first.ordersCount(1, 20_000);
    await stopHarness(first);
    for (const id of ['b', 'c', 'd']) await publish('orders.shop-3', id);
    // A message sent twice by the backend (same id, a new message): shown once.
    await jetstream(publisher).publish('orders.shop-3', JSON.stringify({ id: 'c', title: 'Order c' }));
    const second = await runSources([shop('shop-3')], dataDir);
    // What the servers handed the first run's last pull request, still open, comes again
    // after the ack wait (4 s): later, and out of order, but it comes.
    await second.ordersCount(3, 30_000);
    await expect.poll(() => pendingAcks('shop-3'), { timeout: 5000 }).toEqual({ ackPending: 0, pending: 0 });
    expect(second.orders.map(({ stored }) => stored.order.id).sort()).toEqual(['b', 'c', 'd']);
    expect(second.orders.every(({ arrival }) => arrival.replayed)).toBe(true);
    expect([...second.journal.all()].map((stored) => stored.order.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('says the login was refused, and keeps trying with backoff', async () => {
    const harness = await runSources([shop('shop-4', { password: 'wrong' })]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline').length >= 2, 10_000, 'two refusals');
    const offline = harness.lastOffline()!;
    expect(offline.lastError).toMatch(/refused the login/i);
    expect(offline.nextRetryAt).toBeGreaterThan(0);
  });

  it('names a stream that does not exist, and starts reading once it does', async () => {
    const harness = await runSources([shop('shop-5', { stream: 'LATER', subject: 'later.shop-5' })]);
    await waitFor(() => /stream "LATER" does not exist/.test(harness.lastOffline()?.lastError ?? ''), 10_000, 'the missing stream named');
    const manager = await jetstreamManager(publisher);
    await manager.streams.add({ name: 'LATER', subjects: ['later.>'], storage: StorageType.File });
    defer(() => manager.streams.delete('LATER'));
    await jetstream(publisher).publish('later.shop-5', JSON.stringify({ id: 'late-1' }));
    await harness.ordersCount(1, 15_000);
    expect(harness.orders[0]!.stored.order.id).toBe('late-1');
  });

  it('refuses to take over a consumer that reads another subject', async () => {
    const first = await runSources([shop('shop-6')]);
    await first.waitForState('online', 20_000);
    await stopHarness(first);
    const harness = await runSources([shop('shop-6', { subject: 'orders.shop-7' })]);
    await waitFor(() => /reads "orders.shop-6", not "orders.shop-7"/.test(harness.lastOffline()?.lastError ?? ''), 10_000, 'the clash named');
  });
});
