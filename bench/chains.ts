/**
 * A chain on one machine (issue #27): BENCH_CHAIN_SHOPS (500) shops consume their own subjects
 * of a stream replicated three times on a real three-node NATS cluster, each shop a real
 * source pipeline with a journal of its own on disk, all in this process. The backend
 * publishes at RATE orders a second across the chain. Figures: publish → stored (the order
 * fsync'ed in its shop's journal and acked) p50/p99; the chain's throughput when the backend
 * publishes as fast as it can; and, with the stream's leader killed with -9 mid-stream, how
 * long the chain stores nothing, and that nothing is lost. The same for Redis Streams with
 * one server (`appendfsync always`), without the kill.
 */
import { sized } from './mode';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createClient } from '@redis/client';
import { Journal } from '../main/core/journal/journal';
import { NatsSource } from '../main/core/sources/nats';
import { SourcePipeline } from '../main/core/sources/pipeline';
import { RedisStreamSource } from '../main/core/sources/redis-streams';
import type { Source } from '../main/core/sources/source';
import { NatsCluster, whenWhole, whileElecting } from '../test/nats-cluster';
import { RedisProcess } from '../test/redis-process';
import { sleep, tempData } from './processes';
import { f, fs, percentiles, repeat, summarise, verdict, worst, type Percentiles, type Row } from './report';

const SHOPS = Number(process.env.BENCH_CHAIN_SHOPS ?? sized(500, 100));
const RATE = 50;
const WINDOW_S = Number(process.env.BENCH_CHAIN_WINDOW_S ?? sized(10, 5));
const BURST = sized(2000, 500);
const TARGET_P99_MS = 20;
const TARGET_FAILOVER_S = 5;
/**
 * The chain's backend as docs/chains.md asks it to publish: the client's defaults, except that it
 * never gives up reconnecting, and each order is published with its id as the message id and
 * retried every BACKEND_RETRY_MS until the stream acks it (a publish during an election fails).
 */
const BACKEND_RETRY_MS = 250;
const BACKEND_PUBLISH_TIMEOUT_MS = 2000;
const shopName = (n: number) => `shop-${n}`;
const now = () => performance.now();

/** Every shop's pipeline, and when each order id was stored (fsync'ed, then acked). */
class Chain {
  readonly storedAt = new Map<string, number>();
  private readonly pipelines: { pipeline: SourcePipeline; journal: Journal }[] = [];

  static async start(dataDir: string, makeSource: (shop: string) => Source): Promise<Chain> {
    const chain = new Chain();
    for (let n = 0; n < SHOPS; n++) {
      const journal = await Journal.open(join(dataDir, `${shopName(n)}.log`));
      const pipeline = new SourcePipeline({ journal });
      const source = makeSource(shopName(n));
      // Before the pipeline's own listener: the settle it runs is the moment the order is durable.
      source.on('message', (message) => {
        const settle = message.settled;
        message.settled = () => {
          chain.storedAt.set(idOf(message.payload), now());
          settle?.();
        };
      });
      pipeline.add(source);
      pipeline.start();
      chain.pipelines.push({ pipeline, journal });
    }
    const deadline = Date.now() + 60_000;
    while (chain.pipelines.some(({ pipeline }) => pipeline.sources[0]!.status.state !== 'online')) {
      if (Date.now() > deadline) throw new Error('the shops did not all come online within 60 s');
      await sleep(50);
    }
    return chain;
  }

  async stop(): Promise<void> {
    for (const { pipeline, journal } of this.pipelines) {
      await pipeline.stop();
      await journal.close();
    }
  }

  /** Waits until every id is stored, for a minute at the most; how many never were. */
  async stored(ids: string[], timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const missing = () => ids.filter((id) => !this.storedAt.has(id)).length;
    while (missing() > 0 && Date.now() < deadline) await sleep(20);
    return missing();
  }
}

function idOf(payload: unknown): string {
  const text = payload instanceof Uint8Array ? Buffer.from(payload).toString() : String(payload);
  return (JSON.parse(text) as { id: string }).id;
}

const order = (id: string) => JSON.stringify({ id, title: 'Table 12', total: 86.5, items: [{ name: '宫保鸡丁', qty: 1, price: 38 }] });

interface Paced {
  /** Publish → stored. */
  latency: Percentiles;
  /** Publish → the engine's ack (stored there): the engine's share of the latency. */
  acked: Percentiles;
  sentAt: Map<string, number>;
  lost: number;
}

/** Publishes at RATE for WINDOW_S to shops in turn; publish → stored for each. */
async function paced(chain: Chain, publish: (shop: string, id: string) => Promise<unknown>, prefix: string, during?: (second: number) => Promise<void>): Promise<Paced> {
  const sentAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  const start = Date.now();
  const publishing: Promise<unknown>[] = [];
  for (let i = 0; i < RATE * WINDOW_S; i++) {
    const wait = start + (i * 1000) / RATE - Date.now();
    if (wait > 0) await sleep(wait);
    if (during && i % RATE === 0) await during(i / RATE);
    const id = `${prefix}-${i}`;
    sentAt.set(id, now());
    publishing.push(publish(shopName(i % SHOPS), id).then(() => ackedAt.set(id, now())));
  }
  await Promise.all(publishing);
  const ids = [...sentAt.keys()];
  const lost = await chain.stored(ids);
  const stored = ids.filter((id) => chain.storedAt.has(id));
  const since = (at: Map<string, number>) => percentiles(stored.map((id) => at.get(id)! - sentAt.get(id)!));
  return { latency: since(chain.storedAt), acked: since(ackedAt), sentAt, lost };
}

/** The backend publishing BURST orders as fast as it can: stored orders a second. */
async function burst(chain: Chain, publish: (shop: string, id: string) => Promise<unknown>, prefix: string): Promise<number> {
  const ids = Array.from({ length: BURST }, (_, i) => `${prefix}-${i}`);
  const start = now();
  await Promise.all(ids.map((id, i) => publish(shopName(i % SHOPS), id)));
  const lost = await chain.stored(ids);
  return (BURST - lost) / ((now() - start) / 1000);
}

/** The longest time, after the kill, in which orders were published but none was stored. */
function storedGap(chain: Chain, ids: string[], killedAt: number): number {
  const stored = ids.flatMap((id) => chain.storedAt.get(id) ?? []).filter((t) => t >= killedAt).sort((a, b) => a - b);
  let gap = stored.length > 0 ? stored[0]! - killedAt : 0;
  for (let i = 1; i < stored.length; i++) gap = Math.max(gap, stored[i]! - stored[i - 1]!);
  return gap / 1000;
}

/** The longest an order published after the kill waited to be stored: what a shop whose consumer lost its leader waits. */
function longestWait(chain: Chain, sentAt: Map<string, number>, killedAt: number): number {
  const waits = [...sentAt].filter(([, sent]) => sent >= killedAt).map(([id, sent]) => (chain.storedAt.get(id) ?? Infinity) - sent);
  return Math.max(0, ...waits) / 1000;
}

interface ChainRep {
  latency: Percentiles;
  acked: Percentiles;
  ordersPerSecond: number;
  failoverS?: number;
  /** The longest an order published after the kill waited to be stored, s. */
  failoverWaitS?: number;
  /** Published and never stored (within a minute), in every part of the repetition. */
  lost: number;
}

async function natsChain(): Promise<ChainRep[]> {
  const dir = await tempData('nats-chain');
  const cluster = await NatsCluster.start(dir, { nodes: 3 });
  const publisher = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1 });
  const manager = await jetstreamManager(publisher, { checkAPI: false });
  await whileElecting(() => manager.streams.add({ name: 'CHAIN', subjects: ['chain.>'], num_replicas: 3, storage: StorageType.File }));
  const js = jetstream(publisher);
  const publish = (shop: string, id: string) => whileElecting(() => js.publish(`chain.${shop}`, order(id), { msgID: id, timeout: BACKEND_PUBLISH_TIMEOUT_MS }), 30_000, BACKEND_RETRY_MS);
  console.error(`starting ${SHOPS} NATS shops…`);
  const chain = await Chain.start(dir, (shop) => new NatsSource({ label: 'chain', url: cluster.url, stream: 'CHAIN', subject: `chain.${shop}`, durable: shop, backoff: { initialMs: 100, maxMs: 1000 } }));
  await whenWhole(manager, 'CHAIN', 3);
  const reps = await repeat(`NATS chain, ${SHOPS} shops`, async (rep): Promise<ChainRep> => {
    const steady = await paced(chain, publish, `n${rep}`);
    const ordersPerSecond = await burst(chain, publish, `nb${rep}`);
    let killedAt = 0;
    let killed = -1;
    const failover = await paced(chain, publish, `nf${rep}`, async (second) => {
      if (second !== 2) return;
      const info = await whileElecting(() => manager.streams.info('CHAIN'));
      killed = cluster.indexOf(info.cluster!.leader!);
      killedAt = now();
      await cluster.kill(killed);
    });
    const failoverS = storedGap(chain, [...failover.sentAt.keys()], killedAt);
    const failoverWaitS = longestWait(chain, failover.sentAt, killedAt);
    await cluster.run(killed);
    // The next repetition measures the steady state again, not the restarted node catching up.
    await whenWhole(manager, 'CHAIN', 3);
    return { latency: steady.latency, acked: steady.acked, ordersPerSecond, failoverS, failoverWaitS, lost: steady.lost + failover.lost };
  });
  await chain.stop();
  await publisher.close();
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
  return reps;
}

async function redisChain(): Promise<ChainRep[]> {
  const dir = await tempData('redis-chain');
  const server = await RedisProcess.start(dir);
  const backend = createClient({ url: server.url });
  await backend.connect();
  const publish = (shop: string, id: string) => backend.xAdd(`chain:${shop}`, '*', { order: order(id) });
  // The streams exist before the shops come, as a chain's backend makes them.
  for (let n = 0; n < SHOPS; n++) await publish(shopName(n), `warm-${n}`);
  console.error(`starting ${SHOPS} Redis shops…`);
  const chain = await Chain.start(dir, (shop) => new RedisStreamSource({ label: 'chain', url: server.url, stream: `chain:${shop}`, group: shop, consumer: 'till' }));
  await chain.stored(Array.from({ length: SHOPS }, (_, n) => `warm-${n}`));
  const reps = await repeat(`Redis chain, ${SHOPS} shops`, async (rep): Promise<ChainRep> => {
    const steady = await paced(chain, publish, `r${rep}`);
    return { latency: steady.latency, acked: steady.acked, ordersPerSecond: await burst(chain, publish, `rb${rep}`), lost: steady.lost };
  });
  await chain.stop();
  backend.destroy();
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
  const rows: Row[] = [
    plainRow(`${per}: publish → stored p50 (ms)`, reps.map((rep) => rep.latency.p50)),
    boundRow(`${per}: publish → stored p99 (ms)`, reps.map((rep) => rep.latency.p99), TARGET_P99_MS, 'ms'),
    plainRow(`${per}: of which publish → acked by the ${engine === 'NATS' ? 'stream (replicated)' : 'server'}, p99 (ms)`, reps.map((rep) => rep.acked.p99)),
    plainRow(`${engine} chain throughput, ${BURST} orders at once (orders/s)`, reps.map((rep) => rep.ordersPerSecond), 0),
  ];
  rows.push({ metric: `${engine} chain: orders lost`, value: String(reps.reduce((sum, rep) => sum + rep.lost, 0)), baseline: '', ratio: '', target: '0', met: reps.every((rep) => rep.lost === 0) ? 'yes' : 'NO' });
  const failovers = reps.flatMap((rep) => (rep.failoverS === undefined ? [] : [rep.failoverS]));
  if (failovers.length > 0) rows.push(boundRow(`${engine}: leader killed, longest time nothing stored (s)`, failovers, TARGET_FAILOVER_S, 's', 2));
  const waits = reps.flatMap((rep) => (rep.failoverWaitS === undefined ? [] : [rep.failoverWaitS]));
  // No target: a shop whose consumer's leader died waits for that consumer's own election, on the servers' timers.
  if (waits.length > 0) rows.push(plainRow(`${engine}: leader killed, longest an order published after it waited (s)`, waits, 2));
  return rows;
}

export async function chains(results: Record<string, unknown>): Promise<Row[]> {
  const nats = await natsChain();
  const redis = await redisChain();
  results.chains = { shops: SHOPS, rate: RATE, nats, redis };
  return [...chainRows('NATS', nats), ...chainRows('Redis', redis)];
}
