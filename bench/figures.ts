/** One repetition of each figure besides latency (bench/latency.ts). */
import { sized } from './mode';
import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal } from '../main/core/journal/journal';
import { OrderReceiver } from '../main/core/link/receiver';
import { ms, now, order } from './latency';
import { Clients, HubProcess, TOKEN, bareServer, sleep, stored, tempData } from './processes';

const here = import.meta.dirname;
const THROUGHPUT_ORDERS = sized(5000, 2000);
const THROUGHPUT_CLIENTS = 100;
const POSTERS = 32;

export async function postAll(hub: HubProcess, ids: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: POSTERS }, async () => {
      while (next < ids.length) {
        const response = await hub.post(order(ids[next++]!));
        if (!stored(response)) throw new Error(`hub answered ${response.status}: ${response.body}`);
      }
    }),
  );
}

/** Orders per second, every one fsync'ed and at all 100 clients. */
export async function hubThroughput(rep: number): Promise<number> {
  const dataDir = await tempData('throughput');
  const hub = await HubProcess.start(dataDir);
  const clients = await Clients.start(hub.wsUrl, THROUGHPUT_CLIENTS, { hello: true });
  await hub.waitClients(THROUGHPUT_CLIENTS);
  const ids = Array.from({ length: THROUGHPUT_ORDERS }, (_, i) => `tp-${rep}-${i}`);
  const start = now();
  await postAll(hub, ids);
  await clients.waitAll(ids, THROUGHPUT_CLIENTS);
  const rate = THROUGHPUT_ORDERS / (ms(now() - start) / 1000);
  clients.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
  return rate;
}

export async function bareThroughput(rep: number): Promise<number> {
  const bare = await bareServer();
  const clients = await Clients.start(bare.url, THROUGHPUT_CLIENTS, { hello: false });
  const ids = Array.from({ length: THROUGHPUT_ORDERS }, (_, i) => `bare-tp-${rep}-${i}`);
  const start = now();
  for (let i = 0; i < ids.length; i++) {
    bare.broadcast(JSON.stringify({ type: 'order', seq: i + 1, order: order(ids[i]!) }));
    if (i % 50 === 49) await sleep(0);
  }
  await clients.waitAll(ids, THROUGHPUT_CLIENTS);
  const rate = THROUGHPUT_ORDERS / (ms(now() - start) / 1000);
  clients.close();
  bare.server.close();
  return rate;
}

export const CATCH_UP_ORDERS = sized(10_000, 3_000);

/** Seconds for a device with an empty journal to store, fsync and ack everything `hub` holds. */
export async function catchUp(hub: HubProcess): Promise<number> {
  const deviceDir = await tempData('device');
  const journal = await Journal.open(join(deviceDir, 'journal.log'));
  const receiver = new OrderReceiver({ url: hub.wsUrl, token: TOKEN, journal });
  const start = now();
  receiver.start();
  while (journal.lastSeq < CATCH_UP_ORDERS) await sleep(5);
  const seconds = ms(now() - start) / 1000;
  await receiver.stop();
  await journal.close();
  await rm(deviceDir, { recursive: true, force: true });
  return seconds;
}

export const BIG_JOURNAL = sized(100_000, 30_000);

/** Devices that mark orders done in the big journal: a shop has a few. */
const HANDLERS = ['Till 1', 'Till 2', 'Kitchen', 'api@127.0.0.1'];
/** The newest orders of the big journal are still waiting; all older ones were handled. */
export const BIG_UNHANDLED = 200;

/** The big journal's orders came in over this many hours, up to a quarter of an hour ago: a busy day. */
const BIG_JOURNAL_HOURS = 20;

/**
 * Writes a hub data dir holding BIG_JOURNAL orders as a shop's hub holds them after a busy day:
 * all but the newest 200 handled, each by a `handled` record (as the hub writes when a device
 * marks it done) a few minutes after it arrived.
 */
export async function bigHubData(): Promise<string> {
  const dataDir = await tempData('big');
  const dayMs = BIG_JOURNAL_HOURS * 3600_000;
  let clock = Date.now() - dayMs;
  const journal = await Journal.open(join(dataDir, 'hub-journal.log'), { maxOrders: BIG_JOURNAL * 2, now: () => clock });
  await journal.resetEpoch('bench-epoch');
  for (let batch = 0; batch < BIG_JOURNAL / 1000; batch++) {
    const ids = Array.from({ length: 1000 }, (_, i) => `big-${batch * 1000 + i}`);
    const appended = await Promise.all(
      ids.map((id) => {
        clock += (dayMs - 15 * 60_000) / BIG_JOURNAL;
        return journal.append(order(id), 'next');
      }),
    );
    const handled = appended.filter(({ stored }) => stored.seq! <= BIG_JOURNAL - BIG_UNHANDLED);
    await Promise.all(handled.map(({ stored }, i) => journal.markHandled(stored.id, HANDLERS[i % HANDLERS.length]!, handledAt(stored.receivedAt, i))));
  }
  await journal.close();
  return dataDir;
}

/** Two to ten minutes after `receivedAt`, to the millisecond, as the hub writes it. */
function handledAt(receivedAt: number, i: number): string {
  return new Date(receivedAt + 120_000 + ((i * 7919) % 480_000)).toISOString();
}

export interface JournalFigures {
  loadMs: number;
  cpuMs: number;
  rssMiB: number;
  heapMiB: number;
  bytesPerOrder: number;
  orders: number;
}

/** Loads the big journal in a fresh process. */
export async function loadJournal(dataDir: string): Promise<JournalFigures> {
  const file = join(dataDir, 'hub-journal.log');
  const child = spawn(process.execPath, ['--expose-gc', join(here, 'bench-load.js'), file, String(BIG_JOURNAL * 2)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  const figures = JSON.parse(output) as Omit<JournalFigures, 'bytesPerOrder'>;
  if (figures.orders !== BIG_JOURNAL) throw new Error(`the journal loaded ${figures.orders} orders`);
  return { ...figures, bytesPerOrder: (await stat(file)).size / BIG_JOURNAL };
}

/** The hub's resident set idle, then with 100 clients, MiB. */
export async function smallHubMemory(): Promise<{ idle: number; clients: number }> {
  const dataDir = await tempData('memory');
  const hub = await HubProcess.start(dataDir);
  await sleep(500);
  const idle = await hub.rssMiB();
  const clients = await Clients.start(hub.wsUrl, 100, { hello: true });
  await hub.waitClients(100);
  await sleep(500);
  const withClients = await hub.rssMiB();
  clients.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
  return { idle, clients: withClients };
}

/**
 * The resident set of a hub holding the big journal, with 100 clients, MiB: half a second
 * after they connected, and (with `settleS`) again that many seconds later, once V8 has had
 * the quiet moment in which it gives back the young generation the load grew.
 */
export async function bigHubMemory(bigDataDir: string, settleS = 0): Promise<{ rss: number; settled?: number }> {
  const big = await HubProcess.start(bigDataDir, ['--keep-orders', String(BIG_JOURNAL * 2)]);
  const health = await big.health();
  // Greeted (the hub counts a device once its hello is taken), resuming at the end: no replay.
  const clients = await Clients.start(big.wsUrl, 100, { hello: true, resume: { epoch: health.epoch, lastSeq: health.lastSeq } });
  await big.waitClients(100);
  await sleep(500);
  const rss = await big.rssMiB();
  if (health.lastSeq !== BIG_JOURNAL) throw new Error(`big hub holds ${health.lastSeq} orders`);
  let settled: number | undefined;
  if (settleS > 0) {
    await sleep(settleS * 1000);
    settled = await big.rssMiB();
  }
  clients.close();
  await big.stop();
  return settled === undefined ? { rss } : { rss, settled };
}

/** The hub's CPU seconds with 10 idle clients, over `windows` consecutive windows of `seconds`. */
export async function idleCpu(windows: number, seconds: number): Promise<number[]> {
  const dataDir = await tempData('idle');
  const hub = await HubProcess.start(dataDir);
  const clients = await Clients.start(hub.wsUrl, 10, { hello: true });
  await hub.waitClients(10);
  await sleep(1000);
  const used: number[] = [];
  for (let i = 0; i < windows; i++) {
    const before = await hub.cpuSeconds();
    await sleep(seconds * 1000);
    used.push((await hub.cpuSeconds()) - before);
  }
  clients.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
  return used;
}
