/**
 * A planned restart on a real three-node NATS cluster: the node leading the stream (and a third
 * of the shops' consumers) is put in lame duck mode (SIGUSR2) while orders keep coming. It hands
 * its leaders to followers. Each shop whose consumer moved must go on getting its orders from
 * the new leader at once, not after its pull's idle heartbeats went missing (2 × 3 s).
 */
import { jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defer, sleep, suiteDir } from '../../../test/helpers';
import { NatsCluster, whenWhole, whileElecting } from '../../../test/nats-cluster';
import { runSources, stopHarness, type Harness } from '../../../test/source-harness';
import { NatsSource } from './nats';

const SHOPS = 30;
/** Two missed idle heartbeats of a pull (IDLE_HEARTBEAT_MS in nats.ts): the slow path. Half of it leaves a loaded machine its margin. */
const HEARTBEAT_PATH_MS = 6_000;

let dir: Awaited<ReturnType<typeof suiteDir>>;
let cluster: NatsCluster;
let publisher: NatsConnection;
let manager: JetStreamManager;

beforeAll(async () => {
  dir = await suiteDir();
  cluster = await NatsCluster.start(dir.path, { nodes: 3 });
  publisher = await connect({ servers: cluster.url.split(','), reconnectTimeWait: 100, maxReconnectAttempts: -1 });
  manager = await jetstreamManager(publisher, { checkAPI: false });
  await whileElecting(() => manager.streams.add({ name: 'LDM', subjects: ['ldm.>'], num_replicas: 3, storage: StorageType.File }), 20_000);
}, 60_000);

afterAll(async () => {
  await publisher?.close();
  await cluster?.stop();
  await dir?.remove();
});

async function publishOrder(shop: string, n: number): Promise<void> {
  const id = `${shop}-o${n}`;
  await whileElecting(() => jetstream(publisher).publish(`ldm.${shop}`, JSON.stringify({ id, title: `Order ${n}` }), { msgID: id, timeout: 2000 }), 30_000);
}

describe('a planned restart (lame duck) of a NATS node', () => {
  it("each shop whose consumer moved goes on getting its orders from the new leader at once, not after missed heartbeats", async () => {
    const shops = Array.from({ length: SHOPS }, (_, n) => `shop-${n + 1}`);
    const sources = shops.map((shop) => new NatsSource({ label: 'ldm', url: cluster.url, stream: 'LDM', subject: `ldm.${shop}`, durable: shop, backoff: { initialMs: 100, maxMs: 1000 } }));
    const harnesses: Harness[] = [];
    for (const source of sources) {
      const harness = await runSources([source]);
      harnesses.push(harness);
      defer(() => stopHarness(harness));
    }
    await Promise.all(harnesses.map((harness) => harness.waitForState('online', 20_000)));
    await whenWhole(manager, 'LDM', 3);
    const streamLeader = (await manager.streams.info('LDM')).cluster!.leader!;
    const leaders = await Promise.all(shops.map(async (shop) => (await manager.consumers.info('LDM', shop)).cluster?.leader));
    expect(leaders, 'some consumers are led by the node that goes').toContain(streamLeader);

    // Each order's wait: from its publish's ack to its shop's journal.
    const ackedAt = new Map<string, number>();
    const storedAt = new Map<string, number>();
    let publishing = true;
    // Until the last publish is acked, not just asked to stop: a batch in flight has no acks yet.
    let allAcked = false;
    const watching = (async () => {
      const deadline = Date.now() + 120_000;
      while ((!allAcked || storedAt.size < ackedAt.size) && Date.now() < deadline) {
        for (const harness of harnesses) for (const { stored } of harness.orders) if (!storedAt.has(stored.order.id)) storedAt.set(stored.order.id, Date.now());
        await sleep(10);
      }
    })();
    let published = 0;
    const ordering = (async () => {
      try {
        for (let n = 1; publishing; n++) {
          await Promise.all(shops.map(async (shop) => {
            await publishOrder(shop, n);
            ackedAt.set(`${shop}-o${n}`, Date.now());
          }));
          published = n;
          await sleep(100);
        }
      } finally {
        // A publish that gave up fails the test at `await ordering`; the watch ends with it.
        allAcked = true;
      }
    })();
    await sleep(1000);
    const ducking = cluster.indexOf(streamLeader);
    cluster.lameDuck(ducking);
    await sleep(HEARTBEAT_PATH_MS + 2000);
    publishing = false;
    await ordering;
    await watching;

    const waits = [...ackedAt].map(([id, at]) => ({ id, waitMs: (storedAt.get(id) ?? Infinity) - at }));
    expect(waits.filter(({ waitMs }) => waitMs > HEARTBEAT_PATH_MS / 2)).toEqual([]);
    for (const [n, harness] of harnesses.entries()) {
      const expected = Array.from({ length: published }, (_, k) => `${shops[n]}-o${k + 1}`);
      expect(harness.orders.map(({ stored }) => stored.order.id)).toEqual(expected);
    }
    await cluster.kill(ducking);
  }, 180_000);
});
