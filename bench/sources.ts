/**
 * Delivery latency through OrderBell for the kinds of source that run for real here
 * (socketio against an in-process socket.io@2 server, mqtt against Mosquitto), each beside the
 * same client library used bare, in the same run. OrderBell's figure is the time from the
 * server's send to the pipeline announcing the order (mapped, validated and written to the
 * journal; the fsync follows, as for every order).
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import mqtt from 'mqtt';
import socketIo from 'socket.io';
import io from 'socket.io-client';
import { Journal } from '../main/core/journal';
import { MqttSource } from '../main/core/sources/mqtt';
import { SourcePipeline } from '../main/core/sources/pipeline';
import { SocketIoSource } from '../main/core/sources/socketio';
import type { Source } from '../main/core/sources/source';
import { MosquittoProcess } from '../test/mosquitto-process';
import { sleep, tempData } from './processes';
import { f, percentiles, type Percentiles, type Row } from './report';

const ORDERS = Number(process.env.BENCH_SOURCE_ORDERS ?? 500);
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

async function socketio(): Promise<{ orderbell: Percentiles; bare: Percentiles }> {
  const http = createServer();
  const server = socketIo(http);
  server.on('connection', (socket) => socket.on('login', (uid: unknown) => socket.join(String(uid))));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const emit = (id: string) => server.to('shop').emit('new_msg', payload(id));

  const bareArrived = new Map<string, bigint>();
  const bare = io(url, { forceNew: true });
  await new Promise<void>((resolve) => bare.on('connect', () => (bare.emit('login', 'shop'), resolve())));
  bare.on('new_msg', (text: string) => bareArrived.set(JSON.parse(text).id as string, now()));
  await sleep(200);
  const bareFigures = await measure('bare-sio', emit, bareArrived);
  bare.close();

  const dataDir = await tempData('socketio');
  const ours = await throughOrderBell(new SocketIoSource({ label: 'bench', url, uid: 'shop' }), dataDir);
  await ours.online;
  await sleep(200);
  const ourFigures = await measure('ob-sio', emit, ours.arrived);
  await ours.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
  return { orderbell: ourFigures, bare: bareFigures };
}

async function mqttLatency(): Promise<{ orderbell: Percentiles; bare: Percentiles }> {
  const brokerDir = await tempData('mosquitto');
  const broker = await MosquittoProcess.start(brokerDir);
  const publisher = await mqtt.connectAsync(broker.url);
  const publish = (id: string) => void publisher.publish('bench/orders', payload(id), { qos: 1 });

  const bareArrived = new Map<string, bigint>();
  const bare = await mqtt.connectAsync(broker.url, { clientId: 'bench-bare', clean: false, protocolVersion: 5 });
  bare.on('message', (_topic, message) => bareArrived.set(JSON.parse(message.toString()).id as string, now()));
  await bare.subscribeAsync('bench/orders', { qos: 1 });
  const bareFigures = await measure('bare-mqtt', publish, bareArrived);
  await bare.endAsync();

  const dataDir = await tempData('mqtt');
  const ours = await throughOrderBell(new MqttSource({ label: 'bench', url: broker.url, topic: 'bench/orders', clientId: 'bench-orderbell' }), dataDir);
  await ours.online;
  const ourFigures = await measure('ob-mqtt', publish, ours.arrived);
  await ours.stop();
  await publisher.endAsync();
  await broker.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(brokerDir, { recursive: true, force: true });
  return { orderbell: ourFigures, bare: bareFigures };
}

export async function sourceLatency(results: Record<string, unknown>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [kind, run] of [['socketio', socketio], ['mqtt', mqttLatency]] as const) {
    console.error(`${kind} source latency…`);
    const { orderbell, bare } = await run();
    results[`source_${kind}`] = { orderbell, bare };
    for (const p of ['p50', 'p99'] as const) {
      const target = p === 'p99' ? '≤ bare + 2 ms' : '';
      const met = target ? (orderbell.p99 <= bare.p99 + 2 ? 'yes' : 'NO') : '';
      rows.push({ metric: `${kind} source latency ${p} (ms)`, value: f(orderbell[p]), baseline: f(bare[p]), ratio: f(orderbell[p] / bare[p], 1), target, met });
    }
  }
  return rows;
}
