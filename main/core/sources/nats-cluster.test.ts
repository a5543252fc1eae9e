/**
 * A chain on a real three-node NATS cluster (Debian's nats-server, RAFT-replicated stream, R3):
 * 20 shops consume their own subjects — 4 as real `orderbell hub --source nats` processes,
 * 16 as source pipelines in this process — while orders are published without pause. The
 * stream's leader node is killed with -9 mid-stream, then one shop's hub; both come back.
 * Every shop must end with every one of its orders exactly once, and no other shop's.
 */
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliProcess } from '../../../test/cli';
import { sleep, suiteDir, tempDir } from '../../../test/helpers';
import { NatsCluster, whenWhole, whileElecting } from '../../../test/nats-cluster';
import { runSources, type Harness } from '../../../test/source-harness';
import { NatsSource } from './nats';

const SHOPS = 20;
const HUB_SHOPS = 4;
const ORDERS_PER_SHOP = 15;
const TOKEN = 'chain-test-token';

let dir: Awaited<ReturnType<typeof suiteDir>>;
let cluster: NatsCluster;
let publisher: NatsConnection;

beforeAll(async () => {
  dir = await suiteDir();
  cluster = await NatsCluster.start(dir.path, { nodes: 3 });
  publisher = await connect({ servers: cluster.url.split(','), reconnectTimeWait: 100, maxReconnectAttempts: -1 });
  const manager = await jetstreamManager(publisher, { checkAPI: false });
  // Until the cluster has elected its meta leader, stream creation is refused: retry briefly.
  await whileElecting(() => manager.streams.add({ name: 'CHAIN', subjects: ['chain.>'], num_replicas: 3, storage: StorageType.File }), 20_000);
}, 60_000);

afterAll(async () => {
  await publisher?.close();
  await cluster?.stop();
  await dir?.remove();
});

const shopName = (n: number) => `shop-${String(n).padStart(2, '0')}`;

/** Published with its id as the message id: a retry after a failover is stored once. */
async function publishOrder(shop: string, n: number): Promise<void> {
  const id = `${shop}-o${n}`;
  await whileElecting(() => jetstream(publisher).publish(`chain.${shop}`, JSON.stringify({ id, title: `Order ${n}` }), { msgID: id, timeout: 2000 }), 30_000);
}

function startHub(shop: string, dataDir: string): CliProcess {
  return runCli(['hub', '--port', '0', '--data', dataDir, '--token', TOKEN, '--source', 'nats', '--url', cluster.url, '--stream', 'CHAIN', '--subject', `chain.${shop}`, '--durable', shop, '--label', 'chain']);
}

async function hubUrl(hub: CliProcess): Promise<string> {
  return (await hub.waitForStdout(/listening on (http:\/\/\S+)/, 20_000))[1]!;
}

async function hubOrderIds(url: string): Promise<string[]> {
  const response = await fetch(`${url}/api/orders?since=0&limit=1000`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const body = (await response.json()) as { orders: { order: { id: string } }[] };
  return body.orders.map(({ order }) => order.id);
}

async function leaderIndex(): Promise<number> {
  const info = await whileElecting(async () => {
    const found = await (await jetstreamManager(publisher, { checkAPI: false })).streams.info('CHAIN');
    if (!found.cluster?.leader) throw new Error('no leader yet');
    return found;
  }, 20_000);
  return cluster.indexOf(info.cluster!.leader!);
}

describe('a chain on a NATS cluster', () => {
  it('every shop gets each of its orders exactly once through a leader kill -9 and a shop kill -9', async () => {
    const shops = Array.from({ length: SHOPS }, (_, n) => shopName(n + 1));
    const hubShops = shops.slice(0, HUB_SHOPS);
    const pipelineShops = shops.slice(HUB_SHOPS);
    const hubDirs = await Promise.all(hubShops.map(() => tempDir()));
    const hubs = hubShops.map((shop, n) => startHub(shop, hubDirs[n]!));
    const urls = await Promise.all(hubs.map(hubUrl));
    const harnesses: Harness[] = await Promise.all(
      pipelineShops.map((shop) =>
        runSources([new NatsSource({ label: 'chain', url: cluster.url, stream: 'CHAIN', subject: `chain.${shop}`, durable: shop, backoff: { initialMs: 100, maxMs: 1000 } })]),
      ),
    );
    await Promise.all(harnesses.map((harness) => harness.waitForState('online', 20_000)));
    await Promise.all(hubs.map((hub) => hub.waitForStdout(/source chain: online/, 20_000)));

    for (let n = 1; n <= ORDERS_PER_SHOP; n++) {
      await Promise.all(shops.map((shop) => publishOrder(shop, n)));
      if (n === 5) await cluster.kill(await leaderIndex());
      if (n === 8) hubs[0]!.kill('SIGKILL');
      if (n === 11) {
        await cluster.run([0, 1, 2].find((index) => !cluster.isRunning(index))!);
        hubs[0] = startHub(hubShops[0]!, hubDirs[0]!);
        urls[0] = await hubUrl(hubs[0]);
      }
    }

    // The kill was felt: shops on the killed node moved to another one.
    expect(harnesses.some((harness) => harness.statuses.some((status) => /lost the server/.test(status.lastError ?? '')))).toBe(true);
    const expected = (shop: string) => Array.from({ length: ORDERS_PER_SHOP }, (_, n) => `${shop}-o${n + 1}`).sort();
    for (const [n, harness] of harnesses.entries()) {
      await harness.ordersCount(ORDERS_PER_SHOP, 40_000);
      const announced = harness.orders.map(({ stored }) => stored.order.id);
      expect(announced.sort(), pipelineShops[n]).toEqual(expected(pipelineShops[n]!));
    }
    for (const [n, url] of urls.entries()) {
      let ids: string[] = [];
      const deadline = Date.now() + 40_000;
      while (Date.now() < deadline && (ids = await hubOrderIds(url)).length < ORDERS_PER_SHOP) await sleep(250);
      expect(ids.sort(), hubShops[n]).toEqual(expected(hubShops[n]!));
    }
  }, 180_000);

  it("keeps a shop's orders coming when its consumer's leader changes: it pulls from the new leader at once, without a redial", async () => {
    const shop = 'shop-moved';
    const harness = await runSources([new NatsSource({ label: 'chain', url: cluster.url, stream: 'CHAIN', subject: `chain.${shop}`, durable: shop, backoff: { initialMs: 100, maxMs: 1000 } })]);
    await harness.waitForState('online', 20_000);
    const manager = await jetstreamManager(publisher, { checkAPI: false });
    await whenWhole(manager, 'CHAIN', 3);
    await publishOrder(shop, 1);
    await harness.ordersCount(1, 20_000);
    const leader = async () => (await manager.consumers.info('CHAIN', shop)).cluster?.leader;
    const before = await leader();

    // The leader hands over; its pull request is not handed on with it.
    await publisher.request(`$JS.API.CONSUMER.LEADER.STEPDOWN.CHAIN.${shop}`, '', { timeout: 5000 });
    await expect.poll(leader, { timeout: 20_000 }).not.toBe(before);
    const statusesBefore = harness.statuses.length;
    await publishOrder(shop, 2);
    await harness.ordersCount(2, 20_000);

    expect(harness.orders.map(({ stored }) => stored.order.id)).toEqual([`${shop}-o1`, `${shop}-o2`]);
    // Had the source waited for its missed heartbeats, it would have gone offline and redialled first.
    expect(harness.statuses.slice(statusesBefore).filter((status) => status.state !== 'online')).toEqual([]);
  }, 60_000);
});
