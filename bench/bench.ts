/**
 * `npm run bench`: OrderBell's speed and memory, each figure beside a baseline measured in
 * the same run. The hub runs as a real `orderbell hub` process; the devices run in their own
 * process (bench/clients.ts). Prints a table and writes bench-results.json.
 */
import { spawn } from 'node:child_process';
import { rm, stat, writeFile } from 'node:fs/promises';
import { cpus, freemem, totalmem } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../main/core/journal';
import { OrderReceiver } from '../main/core/receiver';
import { Clients, HubProcess, TOKEN, bareServer, sleep, tempData } from './processes';
import { sourceLatency } from './sources';
import { f, percentiles, table, type Percentiles, type Row } from './report';
import { pageRender } from './page-render';
import { chromiumRows, desktopTiming, timingRows, webTiming } from './timing';

const here = import.meta.dirname;
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 60);
const now = () => process.hrtime.bigint();
const ms = (ns: bigint) => Number(ns) / 1e6;

function order(id: string, extra: Record<string, unknown> = {}) {
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
async function steady(count: number, perSecond: number, send: (index: number) => void): Promise<void> {
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

async function latencyFor(clients: number): Promise<{ hub: Percentiles; baseline: Percentiles }> {
  const dataDir = await tempData('latency');
  const hub = await HubProcess.start(dataDir);
  const hubClients = await Clients.start(hub.wsUrl, clients, { hello: true });
  await hub.waitClients(clients);
  await hub.post(order(`warmup-${clients}`));
  await hubClients.waitAll([`warmup-${clients}`], clients);
  const sentAt = new Map<string, bigint>();
  const posts: Promise<unknown>[] = [];
  await steady(LATENCY_ORDERS, LATENCY_RATE, (i) => {
    const id = `lat-${clients}-${i}`;
    sentAt.set(id, now());
    posts.push(hub.post(order(id)));
  });
  await Promise.all(posts);
  const arrivals = await hubClients.waitAll([...sentAt.keys()], clients);
  const hubLatency = [...sentAt].map(([id, t0]) => ms(arrivals.get(id)![1] - t0));
  hubClients.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });

  const bare = await bareServer();
  const bareClients = await Clients.start(bare.url, clients, { hello: false });
  const bareSent = new Map<string, bigint>();
  let seq = 0;
  await steady(LATENCY_ORDERS, LATENCY_RATE, (i) => {
    const id = `bare-${clients}-${i}`;
    bareSent.set(id, now());
    bare.broadcast(JSON.stringify({ type: 'order', seq: ++seq, order: order(id) }));
  });
  const bareArrivals = await bareClients.waitAll([...bareSent.keys()], clients);
  const baseline = [...bareSent].map(([id, t0]) => ms(bareArrivals.get(id)![1] - t0));
  bareClients.close();
  bare.server.close();
  return { hub: percentiles(hubLatency), baseline: percentiles(baseline) };
}

const THROUGHPUT_ORDERS = 5000;
const THROUGHPUT_CLIENTS = 100;
const POSTERS = 32;

async function postAll(hub: HubProcess, ids: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: POSTERS }, async () => {
      while (next < ids.length) {
        const response = await hub.post(order(ids[next++]!));
        if (response.status !== 201) throw new Error(`hub answered ${response.status}: ${response.body}`);
      }
    }),
  );
}

async function throughput(): Promise<{ hub: number; baseline: number }> {
  const dataDir = await tempData('throughput');
  const hub = await HubProcess.start(dataDir);
  const clients = await Clients.start(hub.wsUrl, THROUGHPUT_CLIENTS, { hello: true });
  await hub.waitClients(THROUGHPUT_CLIENTS);
  const ids = Array.from({ length: THROUGHPUT_ORDERS }, (_, i) => `tp-${i}`);
  const start = now();
  await postAll(hub, ids);
  await clients.waitAll(ids, THROUGHPUT_CLIENTS);
  const hubRate = THROUGHPUT_ORDERS / (ms(now() - start) / 1000);
  clients.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });

  const bare = await bareServer();
  const bareClients = await Clients.start(bare.url, THROUGHPUT_CLIENTS, { hello: false });
  const bareIds = ids.map((id) => `bare-${id}`);
  const bareStart = now();
  for (let i = 0; i < bareIds.length; i++) {
    bare.broadcast(JSON.stringify({ type: 'order', seq: i + 1, order: order(bareIds[i]!) }));
    if (i % 50 === 49) await sleep(0);
  }
  await bareClients.waitAll(bareIds, THROUGHPUT_CLIENTS);
  const bareRate = THROUGHPUT_ORDERS / (ms(now() - bareStart) / 1000);
  bareClients.close();
  bare.server.close();
  return { hub: hubRate, baseline: bareRate };
}

const CATCH_UP_ORDERS = 10_000;

async function catchUp(): Promise<{ seconds: number; perSecond: number }> {
  const dataDir = await tempData('catchup');
  const hub = await HubProcess.start(dataDir);
  await postAll(hub, Array.from({ length: CATCH_UP_ORDERS }, (_, i) => `cu-${i}`));
  const deviceDir = await tempData('device');
  const journal = await Journal.open(join(deviceDir, 'journal.log'));
  const receiver = new OrderReceiver({ url: hub.wsUrl, token: TOKEN, journal });
  const start = now();
  receiver.start();
  while (journal.lastSeq < CATCH_UP_ORDERS) await sleep(5);
  const seconds = ms(now() - start) / 1000;
  await receiver.stop();
  await journal.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(deviceDir, { recursive: true, force: true });
  return { seconds, perSecond: CATCH_UP_ORDERS / seconds };
}

const BIG_JOURNAL = 100_000;

/** Writes a hub data dir holding 100,000 orders. */
async function bigHubData(): Promise<string> {
  const dataDir = await tempData('big');
  const journal = await Journal.open(join(dataDir, 'hub-journal.log'), { maxOrders: BIG_JOURNAL * 2 });
  await journal.resetEpoch('bench-epoch');
  for (let batch = 0; batch < BIG_JOURNAL / 1000; batch++) {
    await Promise.all(Array.from({ length: 1000 }, (_, i) => journal.append(order(`big-${batch * 1000 + i}`), 'next')));
  }
  await journal.close();
  return dataDir;
}

/** Run in a child: `node bench.js --load-journal <file>` prints load time and memory. */
async function loadJournalHere(file: string): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage();
  const start = now();
  const journal = await Journal.open(file, { maxOrders: BIG_JOURNAL * 2 });
  const loadMs = ms(now() - start);
  const after = process.memoryUsage();
  process.stdout.write(JSON.stringify({ loadMs, orders: journal.size, rssMiB: after.rss / 2 ** 20, heapMiB: (after.heapUsed - before.heapUsed) / 2 ** 20 }));
  await journal.close();
}

async function journalFigures(dataDir: string): Promise<{ loadMs: number; rssMiB: number; heapMiB: number; bytesPerOrder: number; orders: number }> {
  const file = join(dataDir, 'hub-journal.log');
  const child = spawn(process.execPath, ['--expose-gc', join(here, 'bench.js'), '--load-journal', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  const figures = JSON.parse(output) as { loadMs: number; orders: number; rssMiB: number; heapMiB: number };
  return { ...figures, bytesPerOrder: (await stat(file)).size / BIG_JOURNAL };
}

async function memory(bigDataDir: string): Promise<{ idle: number; clients: number; clientsAndOrders: number }> {
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

  const big = await HubProcess.start(bigDataDir, ['--keep-orders', String(BIG_JOURNAL * 2)]);
  const health = await big.health();
  const bigClients = await Clients.start(big.wsUrl, 100, { hello: false });
  await big.waitClients(100);
  await sleep(500);
  const withOrders = await big.rssMiB();
  if (health.lastSeq !== BIG_JOURNAL) throw new Error(`big hub holds ${health.lastSeq} orders`);
  bigClients.close();
  await big.stop();
  return { idle, clients: withClients, clientsAndOrders: withOrders };
}

async function idleCpu(): Promise<number> {
  const dataDir = await tempData('idle');
  const hub = await HubProcess.start(dataDir);
  const clients = await Clients.start(hub.wsUrl, 10, { hello: true });
  await hub.waitClients(10);
  await sleep(1000);
  const before = await hub.cpuSeconds();
  await sleep(IDLE_S * 1000);
  const used = (await hub.cpuSeconds()) - before;
  clients.close();
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
  return used;
}

// ---- report ----------------------------------------------------------------------------

async function main(): Promise<void> {
  if (process.argv[2] === '--load-journal') return loadJournalHere(process.argv[3]!);
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), freeGiB: +(freemem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform} ${process.arch}` };
  console.error(`OrderBell benchmark on ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  const rows: Row[] = [];
  const results: Record<string, unknown> = { machine, date: new Date().toISOString() };
  if (process.env.BENCH_ONLY === 'sources') return console.log(table(await sourceLatency(results)));

  if (process.env.BENCH_ONLY === 'timing') return timing(rows, results);
  for (const clients of (process.env.BENCH_LATENCY_CLIENTS ?? '1,10,100').split(',').map(Number)) {
    console.error(`latency with ${clients} clients…`);
    const { hub, baseline } = await latencyFor(clients);
    results[`latency_${clients}`] = { hub, baseline };
    for (const p of ['p50', 'p99', 'max'] as const) {
      const target = p === 'p99' && clients === 100 ? `≤ baseline + 3 ms` : '';
      const met = target ? (hub.p99 <= baseline.p99 + 3 ? 'yes' : 'NO') : '';
      rows.push({ metric: `latency ${clients} clients ${p} (ms)`, value: f(hub[p]), baseline: f(baseline[p]), ratio: f(hub[p] / baseline[p], 1), target, met });
    }
  }

  if (process.env.BENCH_ONLY === 'latency') return console.log(table(rows));
  rows.push(...(await sourceLatency(results)));
  console.error('throughput…');
  const rate = await throughput();
  results.throughput = rate;
  rows.push({ metric: 'durable ingest, 100 clients (orders/s)', value: f(rate.hub, 0), baseline: f(rate.baseline, 0), ratio: f(rate.hub / rate.baseline), target: '≥ 0.5 × baseline', met: rate.hub >= 0.5 * rate.baseline ? 'yes' : 'NO' });

  console.error('catch-up…');
  const caught = await catchUp();
  results.catchUp = caught;
  rows.push({ metric: 'catch-up of 10,000 orders (s)', value: f(caught.seconds, 3), baseline: '', ratio: '', target: '< 1 s', met: caught.seconds < 1 ? 'yes' : 'NO' });
  rows.push({ metric: 'catch-up rate (orders/s)', value: f(caught.perSecond, 0), baseline: '', ratio: '', target: '', met: '' });

  console.error('journal of 100,000 orders…');
  const bigData = await bigHubData();
  const journal = await journalFigures(bigData);
  results.journal = journal;
  rows.push({ metric: 'load 100,000 orders (ms)', value: f(journal.loadMs, 0), baseline: '', ratio: '', target: '< 1000 ms', met: journal.loadMs < 1000 ? 'yes' : 'NO' });
  rows.push({ metric: 'process RSS after load (MiB)', value: f(journal.rssMiB, 1), baseline: '', ratio: '', target: '', met: '' });
  rows.push({ metric: 'bytes per order on disk', value: f(journal.bytesPerOrder, 0), baseline: '', ratio: '', target: '', met: '' });

  console.error('memory…');
  const mem = await memory(bigData);
  results.memory = mem;
  rows.push({ metric: 'hub RSS idle (MiB)', value: f(mem.idle, 1), baseline: '', ratio: '', target: '', met: '' });
  rows.push({ metric: 'hub RSS, 100 clients (MiB)', value: f(mem.clients, 1), baseline: '', ratio: '', target: '', met: '' });
  rows.push({ metric: 'hub RSS, 100 clients + 100k orders (MiB)', value: f(mem.clientsAndOrders, 1), baseline: '', ratio: '', target: '', met: '' });
  await rm(bigData, { recursive: true, force: true });

  console.error(`idle CPU over ${IDLE_S} s…`);
  const cpu = await idleCpu();
  results.idleCpuSeconds = { seconds: IDLE_S, cpu };
  rows.push({ metric: `hub CPU, 10 idle clients, ${IDLE_S} s (s)`, value: f(cpu), baseline: '', ratio: '', target: '', met: '' });

  rows.push(...(await pageRender(results)));
  await timing(rows, results);
}

/** Issue #10 section 5: time to ring, to notice, to recover, for the desktop app and the web view side by side. */
async function timing(rows: Row[], results: Record<string, unknown>): Promise<void> {
  console.error('time to ring, to notice, to recover (about 100 s)…');
  const [desktop, web] = await Promise.all([desktopTiming(), webTiming()]);
  results.timing = { desktop, web };
  rows.push(...timingRows('desktop', desktop), ...timingRows('web view', web), ...chromiumRows(web.chromium));
  console.log(table(rows));
  await writeFile('bench-results.json', `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
  console.error('written: bench-results.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
