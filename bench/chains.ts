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
import { NatsCluster, whileElecting } from '../test/nats-cluster';
import { RedisProcess } from '../test/redis-process';
import { sleep, tempData } from './processes';
import { f, fs, percentiles, repeat, summarise, verdict, worst, type Percentiles, type Row } from './report';

const SHOPS = Number(process.env.BENCH_CHAIN_SHOPS ?? sized(500, 100));
const RATE = 50;
const WINDOW_S = Number(process.env.BENCH_CHAIN_WINDOW_S ?? sized(10, 5));
const BURST = sized(2000, 500);
const TARGET_P99_MS = 20;
const TARGET_FAILOVER_S = 5;
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

/** Publishes at RATE for WINDOW_S to shops in turn; publish → stored for each. */
async function paced(chain: Chain, publish: (shop: string, id: string) => Promise<unknown>, prefix: string, during?: (second: number) => Promise<void>): Promise<{ latency: Percentiles; ids: string[]; lost: number }> {
  const sentAt = new Map<string, number>();
  const start = Date.now();
  const publishing: Promise<unknown>[] = [];
  for (let i = 0; i < RATE * WINDOW_S; i++) {
    const wait = start + (i * 1000) / RATE - Date.now();
    if (wait > 0) await sleep(wait);
    if (during && i % RATE === 0) await during(i / RATE);
    const id = `${prefix}-${i}`;
    sentAt.set(id, now());
    publishing.push(publish(shopName(i % SHOPS), id));
  }
  await Promise.all(publishing);
  const ids = [...sentAt.keys()];
  const lost = await chain.stored(ids);
  const stored = ids.filter((id) => chain.storedAt.has(id));
  return { latency: percentiles(stored.map((id) => chain.storedAt.get(id)! - sentAt.get(id)!)), ids, lost };
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
  const stored = ids.map((id) => chain.storedAt.get(id)!).filter((t) => t >= killedAt).sort((a, b) => a - b);
  let gap = stored.length > 0 ? stored[0]! - killedAt : 0;
  for (let i = 1; i < stored.length; i++) gap = Math.max(gap, stored[i]! - stored[i - 1]!);
  return gap / 1000;
}

interface ChainRep {
  latency: Percentiles;
  ordersPerSecond: number;
  failoverS?: number;
  /** Published and never stored (within a minute), in every part of the repetition. */
  lost: number;
}

async function natsChain(): Promise<ChainRep[]> {
  const dir = await tempData('nats-chain');
  const cluster = await NatsCluster.start(dir, { nodes: 3 });
  const publisher = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const manager = await jetstreamManager(publisher, { checkAPI: false });
  await whileElecting(() => manager.streams.add({ name: 'CHAIN', subjects: ['chain.>'], num_replicas: 3, storage: StorageType.File }));
  const js = jetstream(publisher);
  const publish = (shop: string, id: string) => whileElecting(() => js.publish(`chain.${shop}`, order(id), { msgID: id, timeout: 2000 }));
  console.error(`starting ${SHOPS} NATS shops…`);
  const chain = await Chain.start(dir, (shop) => new NatsSource({ label: 'chain', url: cluster.url, stream: 'CHAIN', subject: `chain.${shop}`, durable: shop, backoff: { initialMs: 100, maxMs: 1000 } }));
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
    const failoverS = storedGap(chain, failover.ids, killedAt);
    await cluster.run(killed);
    return { latency: steady.latency, ordersPerSecond, failoverS, lost: steady.lost + failover.lost };
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
    return { latency: steady.latency, ordersPerSecond: await burst(chain, publish, `rb${rep}`), lost: steady.lost };
  });
  await chain.stop();
  backend.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
  return reps;
}

function chainRows(engine: string, reps: ChainRep[]): Row[] {
  const p99 = summarise(reps.map((rep) => rep.latency.p99));
  const w = worst(reps.map((rep) => rep.latency.p99));
  const rows: Row[] = [
    { metric: `${engine} chain, ${SHOPS} shops, ${RATE}/s: publish → stored p50 (ms)`, value: fs(summarise(reps.map((rep) => rep.latency.p50))), baseline: '', ratio: '', target: '', met: '' },
    {
      metric: `${engine} chain, ${SHOPS} shops, ${RATE}/s: publish → stored p99 (ms)`,
      value: fs(p99),
      baseline: '',
      ratio: '',
      target: `< ${TARGET_P99_MS} ms`,
      met: verdict(p99.median < TARGET_P99_MS, reps.map((rep) => rep.latency.p99 < TARGET_P99_MS), w, `${f(reps[w]!.latency.p99)} ms`),
    },
    { metric: `${engine} chain throughput, ${BURST} orders at once (orders/s)`, value: fs(summarise(reps.map((rep) => rep.ordersPerSecond)), 0), baseline: '', ratio: '', target: '', met: '' },
  ];
  rows.push({ metric: `${engine} chain: orders lost`, value: String(reps.reduce((sum, rep) => sum + rep.lost, 0)), baseline: '', ratio: '', target: '0', met: reps.every((rep) => rep.lost === 0) ? 'yes' : 'NO' });
  const failovers = reps.flatMap((rep) => (rep.failoverS === undefined ? [] : [rep.failoverS]));
  if (failovers.length > 0) {
    const fw = worst(failovers);
    rows.push({
      metric: `${engine}: leader killed, longest time nothing stored (s)`,
      value: fs(summarise(failovers), 2),
      baseline: '',
      ratio: '',
      target: `< ${TARGET_FAILOVER_S} s`,
      met: verdict(summarise(failovers).median < TARGET_FAILOVER_S, failovers.map((s) => s < TARGET_FAILOVER_S), fw, `${f(failovers[fw]!, 2)} s`),
    });
  }
  return rows;
}

export async function chains(results: Record<string, unknown>): Promise<Row[]> {
  const nats = await natsChain();
  const redis = await redisChain();
  results.chains = { shops: SHOPS, rate: RATE, nats, redis };
  return [...chainRows('NATS', nats), ...chainRows('Redis', redis)];
}
