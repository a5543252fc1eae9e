/**
 * One repetition of the latency figure: POST → every client for the hub, broadcast → every
 * client for the bare ws baseline, and the disk's own fdatasync time, which the hub pays
 * before it may send anything and the baseline does not.
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Clients, HubProcess, bareServer, sleep, tempData } from './processes';
import { sized } from './mode';
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

const LATENCY_ORDERS = sized(1000, 300);
const LATENCY_RATE = 100;
/**
 * Orders sent first, at the same rate, and reported apart: the first seconds of a process
 * are V8 compiling each path as it is first taken, not the steady state a shop's hub (up for
 * days) is in.
 */
const COLD_ORDERS = sized(200, 100);

export interface LatencyFigures {
  /** Send → every client, for the LATENCY_ORDERS after the cold ones. */
  delivered: Percentiles;
  /** The same for the COLD_ORDERS sent first, from the process's start. */
  cold: Percentiles;
}

/** Sends the cold orders then the measured ones with `send`, and splits what `arrivedAt` gives. */
async function timed(prefix: string, send: (id: string, t0: bigint) => void, arrivedAt: (ids: string[]) => Promise<Map<string, [number, bigint]>>): Promise<LatencyFigures> {
  const sentAt: [string, bigint][] = [];
  await steady(COLD_ORDERS + LATENCY_ORDERS, LATENCY_RATE, (i) => {
    const id = `${prefix}-${i}`;
    const t0 = now();
    sentAt.push([id, t0]);
    send(id, t0);
  });
  const arrivals = await arrivedAt(sentAt.map(([id]) => id));
  const latencies = sentAt.map(([id, t0]) => ms(arrivals.get(id)![1] - t0));
  return { cold: percentiles(latencies.slice(0, COLD_ORDERS)), delivered: percentiles(latencies.slice(COLD_ORDERS)) };
}

/**
 * What takes the POSTs in the hub's place: the hub itself, the floor (bench/relay.ts), or the
 * Socket.IO 2 server shops run (bench/socketio-server.ts), each with its own kind of device.
 */
export type Server = 'hub' | 'relay' | 'socketio';

const launch: Record<Server, (dataDir: string) => Promise<HubProcess>> = {
  hub: (dataDir) => HubProcess.start(dataDir),
  relay: (dataDir) => HubProcess.relay(dataDir),
  socketio: (dataDir) => HubProcess.socketio(dataDir),
};

/**
 * POST → every client; POST → its answer back at the poster (the hub broadcasts just before
 * it answers); and the server's CPU time per order.
 */
export async function hubLatency(clients: number, rep: number, server: Server = 'hub'): Promise<LatencyFigures & { answered: Percentiles; cpuPerOrderMs: number }> {
  const dataDir = await tempData('latency');
  const hub = await launch[server](dataDir);
  try {
    const hubClients = await Clients.start(server === 'socketio' ? hub.url : hub.wsUrl, clients, { hello: server !== 'socketio', socketio: server === 'socketio' });
    await hub.waitClients(clients);
    const answered: number[] = [];
    const posts: Promise<unknown>[] = [];
    const failed: string[] = [];
    let sent = 0;
    const cpuBefore = await hub.cpuSeconds();
    const figures = await timed(
      `${server}-${clients}-${rep}`,
      (id, t0) => {
        const cold = sent++ < COLD_ORDERS;
        posts.push(hub.post(order(id)).then(
          () => cold || answered.push(ms(now() - t0)),
          (error: Error) => failed.push(error.message),
        ));
      },
      async (ids) => {
        await Promise.all(posts);
        if (failed.length > 0) throw new Error(`${failed.length} POSTs to the ${server} failed, the first: ${failed[0]}`);
        return hubClients.waitAll(ids, clients);
      },
    ).finally(() => hubClients.close());
    // User + system time, so the kernel's share of HTTP, the socket writes and the fsync counts too.
    const cpuPerOrderMs = (((await hub.cpuSeconds()) - cpuBefore) * 1000) / (COLD_ORDERS + LATENCY_ORDERS);
    return { ...figures, answered: percentiles(answered), cpuPerOrderMs };
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function bareLatency(clients: number, rep: number): Promise<LatencyFigures> {
  const bare = await bareServer();
  const bareClients = await Clients.start(bare.url, clients, { hello: false });
  let seq = 0;
  const figures = await timed(
    `bare-${clients}-${rep}`,
    (id) => bare.broadcast(JSON.stringify({ type: 'order', seq: ++seq, order: order(id) })),
    (ids) => bareClients.waitAll(ids, clients),
  );
  bareClients.close();
  bare.server.close();
  return figures;
}

const SYNC_SAMPLES = 200;
const SYNC_RATE = 200;

/**
 * fdatasync of a 390-byte append (one journal line), on the file system the hub's journal
 * uses, on the event loop's thread as the hub's journal calls it: the part of the hub's
 * latency no code can remove.
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
      fdatasyncSync(fd);
      times.push(ms(now() - start));
      await sleep(1000 / SYNC_RATE);
    }
  } finally {
    closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  }
  return percentiles(times);
}
