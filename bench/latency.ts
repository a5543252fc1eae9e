/**
 * One repetition of the latency figure: POST → every client for the hub, broadcast → every
 * client for the bare ws baseline, and the disk's own fdatasync time, which the hub pays
 * before it may send anything and the baseline does not.
 */
import { closeSync, fdatasync, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Clients, HubProcess, bareServer, sleep, tempData } from './processes';
import { percentiles, type Percentiles } from './report';

export const now = () => process.hrtime.bigint();
export const ms = (ns: bigint) => Number(ns) / 1e6;

export function order(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    createdAt: new Date().toISOString(),
    channel: 'website',
    table: '12',
    total: 86.5,
    currency: 'CNY',
    items: [
      { name: '宫保鸡丁 Kung Pao chicken', qty: 1, price: 38 },
      { name: '米饭 Rice', qty: 2, price: 3 },
      { name: '酸梅汤 Plum juice', qty: 1, price: 12.5 },
    ],
    note: 'Less spicy, no peanuts please',
    ...extra,
  };
}

/** Sends `count` things at `perSecond`, on schedule (a late tick does not shift the next). */
export async function steady(count: number, perSecond: number, send: (index: number) => void): Promise<void> {
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    send(i);
  }
}

const LATENCY_ORDERS = 1000;
const LATENCY_RATE = 100;

/** POST → every client; and POST → its 201 back at the poster (the hub broadcasts just before it answers). */
export async function hubLatency(clients: number, rep: number): Promise<{ delivered: Percentiles; answered: Percentiles }> {
  const dataDir = await tempData('latency');
  const hub = await HubProcess.start(dataDir);
  const hubClients = await Clients.start(hub.wsUrl, clients, { hello: true });
  await hub.waitClients(clients);
  const warmup = `warmup-${clients}-${rep}`;
  await hub.post(order(warmup));
  await hubClients.waitAll([warmup], clients);
  const sentAt = new Map<string, bigint>();
  const answered: number[] = [];
  const posts: Promise<unknown>[] = [];
  await steady(LATENCY_ORDERS, LATENCY_RATE, (i) => {
    const id = `lat-${clients}-${rep}-${i}`;
    const t0 = now();
    sentAt.set(id, t0);
    posts.push(hub.post(order(id)).then(() => answered.push(ms(now() - t0))));
  });
  await Promise.all(posts);
  const arrivals = await hubClients.waitAll([...sentAt.keys()], clients);
  hubClients.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
  return { delivered: percentiles([...sentAt].map(([id, t0]) => ms(arrivals.get(id)![1] - t0))), answered: percentiles(answered) };
}

export async function bareLatency(clients: number, rep: number): Promise<Percentiles> {
  const bare = await bareServer();
  const bareClients = await Clients.start(bare.url, clients, { hello: false });
  const sentAt = new Map<string, bigint>();
  let seq = 0;
  await steady(LATENCY_ORDERS, LATENCY_RATE, (i) => {
    const id = `bare-${clients}-${rep}-${i}`;
    sentAt.set(id, now());
    bare.broadcast(JSON.stringify({ type: 'order', seq: ++seq, order: order(id) }));
  });
  const arrivals = await bareClients.waitAll([...sentAt.keys()], clients);
  bareClients.close();
  bare.server.close();
  return percentiles([...sentAt].map(([id, t0]) => ms(arrivals.get(id)![1] - t0)));
}

const SYNC_SAMPLES = 200;
const SYNC_RATE = 200;

/**
 * fdatasync of a 390-byte append (one journal line), on the file system the hub's journal
 * uses, through libuv's thread pool as the journal calls it: the part of the hub's latency
 * no code can remove.
 */
export async function fsyncLatency(): Promise<Percentiles> {
  const dir = await tempData('fsync');
  const fd = openSync(join(dir, 'probe.log'), 'w');
  const line = Buffer.from(`${'x'.repeat(389)}\n`);
  const times: number[] = [];
  try {
    for (let i = 0; i < SYNC_SAMPLES; i++) {
      writeSync(fd, line);
      const start = now();
      await new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
      times.push(ms(now() - start));
      await sleep(1000 / SYNC_RATE);
    }
  } finally {
    closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  }
  return percentiles(times);
}
