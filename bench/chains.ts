/**
 * A chain on one machine (issue #27): BENCH_CHAIN_SHOPS (500) shops consume their own subjects
 * of a stream replicated three times on a real three-node NATS cluster, each shop a real
 * source pipeline with a journal of its own on disk, all in this process. The backend
 * publishes at RATE orders a second across the chain. Figures: publish → stored (the order
 * fsync'ed in its shop's journal and acked) p50/p99; the chain's throughput when the backend
 * publishes as fast as it can; and, with the stream's leader killed with -9 mid-stream, how
 * long the chain stores nothing (split: the servers' election, then the backend and the shops),
 * and that nothing is lost; the same with the leader in lame duck mode, as a planned restart.
 * publish → stored is split too: the engine's ack and delivery, the shop's journal, the shops'
 * loop, the disk's own fdatasync. The backend publishes from its own process (chain-backend.ts).
 * The same for Redis Streams with one server (`appendfsync always`), without the kill.
 */
import { sized } from './mode';
import { rm } from 'node:fs/promises';
import { jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createClient } from '@redis/client';
import { NatsSource } from '../main/core/sources/nats';
import { RedisStreamSource } from '../main/core/sources/redis-streams';
import { NatsCluster, whenWhole, whileElecting } from '../test/nats-cluster';
import { RedisProcess } from '../test/redis-process';
import { ChainBackend, type Published, type Publisher } from './chain-backend-process';
import { describeFailover, failoverOf, type Failover } from './chain-failover';
import { chainOrder, monotonicMs, shopName } from './chain-order';
import { Chain } from './chain-shops';
import { diskSync } from './disk-sync';
import { sleep, tempData } from './processes';
import { f, fs, percentiles, repeat, summarise, verdict, worst, type Percentiles, type Row } from './report';

const SHOPS = Number(process.env.BENCH_CHAIN_SHOPS ?? sized(500, 100));
const RATE = 50;
const WINDOW_S = Number(process.env.BENCH_CHAIN_WINDOW_S ?? sized(10, 5));
const BURST = sized(2000, 500);
const TARGET_P99_MS = 20;
const TARGET_FAILOVER_S = 5;
/** Into the failover window, the stream's leader is killed. */
const KILL_AFTER_MS = 2000;

interface Paced {
  /** Publish → stored. */
  latency: Percentiles;
  /** Publish → the engine's ack (stored there): the engine's share of the latency. */
  acked: Percentiles;
  /** Publish → the shop's client handed it over: the engine's and the delivery's share. */
  received: Percentiles;
  /** Handed over → stored (the journal's write and fdatasync): the shop's share. */
  journal: Percentiles;
  /** The shops' event loop, p99 of how late it ran a callback (ms). */
  loopDelayP99: number;
  published: Published;
  lost: number;
}

/** Publishes RATE orders a second for WINDOW_S to the shops in turn; where the time of each went. */
async function paced(chain: Chain, publisher: Publisher, prefix: string): Promise<Paced> {
  chain.loopDelay.reset();
  const published = await publisher.paced(prefix, RATE * WINDOW_S, RATE);
  const loopDelayP99 = chain.loopDelay.percentile(99) / 1e6;
  const lost = await chain.stored(published.ids);
  const stored = published.ids.filter((id) => chain.storedAt.has(id) && published.sentAt.has(id));
  const between = (from: Map<string, number>, to: Map<string, number>) => percentiles(stored.map((id) => to.get(id)! - from.get(id)!));
  const { sentAt, ackedAt } = published;
  return { latency: between(sentAt, chain.storedAt), acked: between(sentAt, ackedAt), received: between(sentAt, chain.receivedAt), journal: between(chain.receivedAt, chain.storedAt), loopDelayP99, published, lost };
}

/** The backend publishing BURST orders as fast as it can: stored orders a second. */
async function burst(chain: Chain, publisher: Publisher, prefix: string): Promise<number> {
  const start = monotonicMs();
  const { ids } = await publisher.burst(prefix, BURST);
  const lost = await chain.stored(ids);
  return (BURST - lost) / ((monotonicMs() - start) / 1000);
}

/** The Redis chain's backend, in this process: XADD answers in well under a millisecond, with no elections to retry through. */
class InProcessPublisher implements Publisher {
  constructor(private readonly publish: (shop: string, id: string) => Promise<unknown>) {}

  async paced(prefix: string, count: number, rate: number): Promise<Published> {
    const published: Published = { ids: [], sentAt: new Map(), ackedAt: new Map() };
    const start = monotonicMs();
    const publishing: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const wait = start + (i * 1000) / rate - monotonicMs();
      if (wait > 0) await sleep(wait);
      publishing.push(this.send(published, i, `${prefix}-${i}`));
    }
    await Promise.all(publishing);
    return published;
  }

  async burst(prefix: string, count: number): Promise<Published> {
    const published: Published = { ids: [], sentAt: new Map(), ackedAt: new Map() };
    await Promise.all(Array.from({ length: count }, (_, i) => this.send(published, i, `${prefix}-${i}`)));
    return published;
  }

  private async send(published: Published, i: number, id: string): Promise<void> {
    published.ids.push(id);
    published.sentAt.set(id, monotonicMs());
    await this.publish(shopName(i % SHOPS), id);
    published.ackedAt.set(id, monotonicMs());
  }
}

interface ChainRep {
  latency: Percentiles;
  acked: Percentiles;
  received: Percentiles;
  journal: Percentiles;
  loopDelayP99: number;
  /** The disk's own fdatasync p99 (ms), just before the window: a floor under publish → stored. */
  diskSyncP99: number;
  ordersPerSecond: number;
  /** % of one core the shops' process used while idle, before the repetition. */
  idleCpu: number;
  failover?: Failover;
  /** The same with the leader in lame duck mode (a planned restart) instead of killed. */
  handover?: Failover;
  /** Published and never stored (within a minute), in every part of the repetition. */
  lost: number;
}

const steadyOf = (steady: Paced) => ({ latency: steady.latency, acked: steady.acked, received: steady.received, journal: steady.journal, loopDelayP99: steady.loopDelayP99 });

/**
 * Publishes a paced window and, KILL_AFTER_MS into it, ends the stream's leader node the way
 * `end` does (kill -9, or lame duck); starts it again once the window is stored, and waits until
 * the restarted node has caught up, so the next measurement sees the steady state.
 */
async function leaderGone(chain: Chain, backend: ChainBackend, cluster: NatsCluster, manager: JetStreamManager, prefix: string, how: string, end: (node: number) => Promise<void>): Promise<{ failover: Failover; lost: number }> {
  const publishing = paced(chain, backend, prefix);
  await sleep(KILL_AFTER_MS);
  const info = await whileElecting(() => manager.streams.info('CHAIN'));
  const node = cluster.indexOf(info.cluster!.leader!);
  const endedAt = monotonicMs();
  await end(node);
  const window = await publishing;
  const failover = failoverOf(endedAt, backend, window.published, chain, (id) => shopName(Number(id.slice(id.lastIndexOf('-') + 1)) % SHOPS));
  console.error(describeFailover(failover, how));
  await cluster.kill(node);
  await cluster.run(node);
  await whenWhole(manager, 'CHAIN', 3);
  return { failover, lost: window.lost };
}

async function natsChain(): Promise<ChainRep[]> {
  const dir = await tempData('nats-chain');
  const cluster = await NatsCluster.start(dir, { nodes: 3 });
  const admin = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1 });
  const manager = await jetstreamManager(admin, { checkAPI: false });
  await whileElecting(() => manager.streams.add({ name: 'CHAIN', subjects: ['chain.>'], num_replicas: 3, storage: StorageType.File }));
  const backend = await ChainBackend.start(cluster.url, 'CHAIN', 'chain', SHOPS);
  console.error(`starting ${SHOPS} NATS shops…`);
  const chain = await Chain.start(dir, SHOPS, (shop) => new NatsSource({ label: 'chain', url: cluster.url, stream: 'CHAIN', subject: `chain.${shop}`, durable: shop, backoff: { initialMs: 100, maxMs: 1000 } }));
  await whenWhole(manager, 'CHAIN', 3);
  const reps = await repeat(`NATS chain, ${SHOPS} shops`, async (rep): Promise<ChainRep> => {
    const idleCpu = await chain.idleCpu();
    const diskSyncP99 = (await diskSync(dir)).p99;
    const steady = await paced(chain, backend, `n${rep}`);
    const ordersPerSecond = await burst(chain, backend, `nb${rep}`);
    const { failover, lost: failoverLost } = await leaderGone(chain, backend, cluster, manager, `nf${rep}`, 'stream leader killed (-9)', (node) => cluster.kill(node));
    // A planned restart: the leader in lame duck mode hands its leaderships over before it goes.
    const { failover: handover, lost: handoverLost } = await leaderGone(chain, backend, cluster, manager, `nl${rep}`, 'stream leader in lame duck mode', async (node) => cluster.lameDuck(node));
    return { ...steadyOf(steady), ordersPerSecond, idleCpu, diskSyncP99, failover, handover, lost: steady.lost + failoverLost + handoverLost };
  });
  await chain.stop();
  await backend.stop();
  await admin.close();
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
  return reps;
}

async function redisChain(): Promise<ChainRep[]> {
  const dir = await tempData('redis-chain');
  const server = await RedisProcess.start(dir);
  const client = createClient({ url: server.url });
  await client.connect();
  const publish = (shop: string, id: string) => client.xAdd(`chain:${shop}`, '*', { order: chainOrder(id) });
  const backend = new InProcessPublisher(publish);
  // The streams exist before the shops come, as a chain's backend makes them.
  for (let n = 0; n < SHOPS; n++) await publish(shopName(n), `warm-${n}`);
  console.error(`starting ${SHOPS} Redis shops…`);
  const chain = await Chain.start(dir, SHOPS, (shop) => new RedisStreamSource({ label: 'chain', url: server.url, stream: `chain:${shop}`, group: shop, consumer: 'till' }));
  await chain.stored(Array.from({ length: SHOPS }, (_, n) => `warm-${n}`));
  const reps = await repeat(`Redis chain, ${SHOPS} shops`, async (rep): Promise<ChainRep> => {
    const idleCpu = await chain.idleCpu();
    const diskSyncP99 = (await diskSync(dir)).p99;
    const steady = await paced(chain, backend, `r${rep}`);
    return { ...steadyOf(steady), idleCpu, diskSyncP99, ordersPerSecond: await burst(chain, backend, `rb${rep}`), lost: steady.lost };
  });
  await chain.stop();
  client.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
  return reps;
}

/** A figure with an upper bound: met when the median is under it; each repetition and the worst named. */
function boundRow(metric: string, values: number[], bound: number, unit: string, digits = 1): Row {
  const summary = summarise(values);
  const w = worst(values);
  const met = verdict(summary.median < bound, values.map((value) => value < bound), w, `${f(values[w]!, digits)} ${unit}`);
  return { metric, value: fs(summary, digits), baseline: '', ratio: '', target: `< ${bound} ${unit}`, met };
}

const plainRow = (metric: string, values: number[], digits = 1): Row => ({ metric, value: fs(summarise(values), digits), baseline: '', ratio: '', target: '', met: '' });

function chainRows(engine: string, reps: ChainRep[]): Row[] {
  const per = `${engine} chain, ${SHOPS} shops, ${RATE}/s`;
  const p99 = (metric: string, of: (rep: ChainRep) => number) => plainRow(`${per}: ${metric}, p99 (ms)`, reps.map(of));
  const rows: Row[] = [
    plainRow(`${per}: publish → stored p50 (ms)`, reps.map((rep) => rep.latency.p50)),
    boundRow(`${per}: publish → stored p99 (ms)`, reps.map((rep) => rep.latency.p99), TARGET_P99_MS, 'ms'),
    p99(`of which publish → acked by the ${engine === 'NATS' ? 'stream (replicated)' : 'server'}`, (rep) => rep.acked.p99),
    p99(`publish → in the shop's client`, (rep) => rep.received.p99),
    p99(`in the shop's client → stored (journal write + fdatasync)`, (rep) => rep.journal.p99),
    p99(`the shops' event loop running late`, (rep) => rep.loopDelayP99),
    p99(`the disk's own fdatasync, alone, just before`, (rep) => rep.diskSyncP99),
    plainRow(`${engine} chain, ${SHOPS} shops idle: the shops' process, % of one core`, reps.map((rep) => rep.idleCpu)),
    plainRow(`${engine} chain throughput, ${BURST} orders at once (orders/s)`, reps.map((rep) => rep.ordersPerSecond), 0),
  ];
  rows.push({ metric: `${engine} chain: orders lost`, value: String(reps.reduce((sum, rep) => sum + rep.lost, 0)), baseline: '', ratio: '', target: '0', met: reps.every((rep) => rep.lost === 0) ? 'yes' : 'NO' });
  const failovers = reps.flatMap((rep) => (rep.failover ? [rep.failover] : []));
  if (failovers.length === 0) return rows;
  rows.push(boundRow(`${engine}: leader killed, longest time nothing stored (s)`, failovers.map((failover) => failover.nothingStoredS), TARGET_FAILOVER_S, 's', 2));
  const split = (metric: string, of: (failover: Failover) => number | undefined) => {
    const values = failovers.flatMap((failover) => of(failover) ?? []);
    if (values.length > 0) rows.push(plainRow(`${engine}: leader killed, ${metric} (s)`, values, 2));
  };
  // The split of that time: the servers' election, then ours.
  split(`kill → the stream's new leader announced`, (failover) => failover.electedS);
  split(`announced → the backend's first publish acked`, (failover) => failover.acceptedAfterElectionS);
  split('announced → the first order published after the kill stored', (failover) => failover.storedAfterElectionS);
  // No target: a shop whose consumer's leader died waits for that consumer's own election, on the servers' timers.
  split(`the last consumer's new leader announced`, (failover) => failover.lastConsumerElectedS);
  split(`a moved consumer's new leader announced → its shop's order stored, longest`, (failover) => failover.storedAfterConsumerElectedS);
  split('longest an order published after it waited', (failover) => failover.longestWaitS);
  const handovers = reps.flatMap((rep) => (rep.handover ? [rep.handover] : []));
  if (handovers.length > 0) rows.push(boundRow(`${engine}: leader in lame duck mode (planned restart), longest time nothing stored (s)`, handovers.map((handover) => handover.nothingStoredS), TARGET_FAILOVER_S, 's', 2));
  return rows;
}

export async function chains(results: Record<string, unknown>): Promise<Row[]> {
  const nats = await natsChain();
  const redis = await redisChain();
  results.chains = { shops: SHOPS, rate: RATE, nats, redis };
  return [...chainRows('NATS', nats), ...chainRows('Redis', redis)];
}
