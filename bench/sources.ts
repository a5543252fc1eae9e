/**
 * Delivery latency through OrderBell for the kinds of source that run for real here
 * (socketio against an in-process socket.io@2 server, mqtt against Mosquitto), each beside the
 * same client library used bare, in the same run. OrderBell's figure is the time from the
 * server's send to the pipeline announcing the order (mapped, validated and written to the
 * journal; the fsync follows, as for every order). Each repetition measures the bare client
 * and then OrderBell against the same server, so the two alternate; figures are medians over
 * the repetitions, as elsewhere in the bench.
 */
import { sized } from './mode';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import mqtt from 'mqtt';
import socketIo from 'socket.io';
import io from 'socket.io-client';
import { Journal } from '../main/core/journal/journal';
import { MqttSource } from '../main/core/sources/mqtt';
import { SourcePipeline } from '../main/core/sources/pipeline';
import { SocketIoSource } from '../main/core/sources/socketio';
import type { Source } from '../main/core/sources/source';
import { MosquittoProcess } from '../test/mosquitto-process';
import { sleep, tempData } from './processes';
import { f, fs, percentiles, repeat, summarise, verdict, worst, type Percentiles, type Row } from './report';

const ORDERS = Number(process.env.BENCH_SOURCE_ORDERS ?? sized(1000, 300));
/** OrderBell's p99 may exceed the bare client's by this much (issue #11). */
const TARGET_MS = 2;
const RATE = 100;
const now = () => process.hrtime.bigint();
const ms = (ns: bigint) => Number(ns) / 1e6;

const payload = (id: string) => JSON.stringify({ id, title: 'Table 12', total: 86.5, items: [{ name: '宫保鸡丁 Kung Pao chicken', qty: 1, price: 38 }] });

/** Sends ORDERS ids at RATE per second and waits until `arrived` has them all. */
async function measure(prefix: string, send: (id: string) => void, arrived: Map<string, bigint>): Promise<Percentiles> {
  const sentAt = new Map<string, bigint>();
  const start = Date.now();
  for (let i = 0; i < ORDERS; i++) {
    const wait = start + (i * 1000) / RATE - Date.now();
    if (wait > 0) await sleep(wait);
    const id = `${prefix}-${i}`;
    sentAt.set(id, now());
    send(id);
  }
  const deadline = Date.now() + 30_000;
  while ([...sentAt.keys()].some((id) => !arrived.has(id))) {
    if (Date.now() > deadline) throw new Error(`${prefix}: ${[...sentAt.keys()].filter((id) => !arrived.has(id)).length} orders never arrived`);
    await sleep(5);
  }
  return percentiles([...sentAt].map(([id, t0]) => ms(arrived.get(id)! - t0)));
}

/** OrderBell: a pipeline over a real journal, recording when each order is announced. */
async function throughOrderBell(source: Source, dataDir: string): Promise<{ arrived: Map<string, bigint>; online: Promise<void>; stop: () => Promise<void> }> {
  const journal = await Journal.open(join(dataDir, 'journal.log'));
  const pipeline = new SourcePipeline({ journal });
  const arrived = new Map<string, bigint>();
  pipeline.on('order', (stored) => arrived.set(stored.order.id, now()));
  pipeline.add(source);
  const online = new Promise<void>((resolve) => source.on('status', (status) => status.state === 'online' && resolve()));
  pipeline.start();
  return { arrived, online, stop: async () => (await pipeline.stop(), await journal.close()) };
}

interface KindRun {
  orderbell: Percentiles;
  bare: Percentiles;
}

/** A server of one kind, with the bare client and OrderBell's source for one repetition. */
interface Kind {
  /** The bare client, connected and subscribed; its arrivals; how to close it. */
  bare(rep: number): Promise<{ arrived: Map<string, bigint>; close: () => Promise<void> }>;
  source(rep: number): Source;
  send(id: string): void;
  close(): Promise<void>;
}

async function socketioKind(): Promise<Kind> {
  const http = createServer();
  const server = socketIo(http);
  server.on('connection', (socket) => socket.on('login', (uid: unknown) => socket.join(String(uid))));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  return {
    async bare() {
      const arrived = new Map<string, bigint>();
      const client = io(url, { forceNew: true });
      await new Promise<void>((resolve) => client.on('connect', () => (client.emit('login', 'shop'), resolve())));
      client.on('new_msg', (text: string) => arrived.set(JSON.parse(text).id as string, now()));
      // The login's room join is a round trip the client is not told about.
      await sleep(200);
      return { arrived, close: async () => void client.close() };
    },
    source: () => new SocketIoSource({ label: 'bench', url, uid: 'shop' }),
    send: (id) => void server.to('shop').emit('new_msg', payload(id)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function mqttKind(): Promise<Kind> {
  const brokerDir = await tempData('mosquitto');
  const broker = await MosquittoProcess.start(brokerDir);
  const publisher = await mqtt.connectAsync(broker.url);
  // Client ids are new at each repetition: a persistent session left by the last one would
  // queue this one's orders and hand them over at its next connect.
  return {
    async bare(rep) {
      const arrived = new Map<string, bigint>();
      const client = await mqtt.connectAsync(broker.url, { clientId: `bench-bare-${rep}`, clean: false, protocolVersion: 5 });
      client.on('message', (_topic, message) => arrived.set(JSON.parse(message.toString()).id as string, now()));
      await client.subscribeAsync('bench/orders', { qos: 1 });
      return { arrived, close: () => client.endAsync() };
    },
    source: (rep) => new MqttSource({ label: 'bench', url: broker.url, topic: 'bench/orders', clientId: `bench-orderbell-${rep}` }),
    send: (id) => void publisher.publish('bench/orders', payload(id), { qos: 1 }),
    async close() {
      await publisher.endAsync();
      await broker.stop();
      await rm(brokerDir, { recursive: true, force: true });
    },
  };
}

/** One repetition: the bare client, then OrderBell, against the same server. */
async function once(kind: Kind, name: string, rep: number): Promise<KindRun> {
  const bareClient = await kind.bare(rep);
  const bare = await measure(`bare-${name}-${rep}`, kind.send, bareClient.arrived);
  await bareClient.close();
  const dataDir = await tempData(name);
  const ours = await throughOrderBell(kind.source(rep), dataDir);
  await ours.online;
  await sleep(200);
  const orderbell = await measure(`ob-${name}-${rep}`, kind.send, ours.arrived);
  await ours.stop();
  await rm(dataDir, { recursive: true, force: true });
  return { orderbell, bare };
}

export async function sourceLatency(results: Record<string, unknown>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, start] of [['socketio', socketioKind], ['mqtt', mqttKind]] as const) {
    const kind = await start();
    const reps = await repeat(`${name} source latency`, (rep) => once(kind, name, rep));
    await kind.close();
    results[`source_${name}`] = reps;
    rows.push(...kindRows(name, reps));
  }
  return rows;
}

function kindRows(name: string, reps: KindRun[]): Row[] {
  return (['p50', 'p99'] as const).map((p) => {
    const ours = summarise(reps.map((rep) => rep.orderbell[p]));
    const bare = summarise(reps.map((rep) => rep.bare[p]));
    const row: Row = { metric: `${name} source latency ${p} (ms)`, value: fs(ours), baseline: fs(bare), ratio: f(ours.median / bare.median, 1), target: '', met: '' };
    if (p === 'p99') {
      const over = reps.map((rep) => rep.orderbell.p99 - rep.bare.p99 - TARGET_MS);
      const w = worst(over);
      row.target = `≤ bare + ${TARGET_MS} ms`;
      row.met = verdict(ours.median <= bare.median + TARGET_MS, over.map((o) => o <= 0), w, `${f(reps[w]!.orderbell.p99)} vs ${f(reps[w]!.bare.p99)} + ${TARGET_MS}`);
    }
    return row;
  });
}
