/**
 * Issue #28 section 4: what OrderBell costs while it waits, most of a shop's day. The desktop
 * Station (bench/idle-station.ts) idle with its hub and three sources connected: CPU per
 * minute, wake-ups per second (context switches of all its threads, /proc/PID/task/N/status),
 * resident set at the end. The order screen idle in Chromium with 0 and with 300 cards:
 * main-thread busy time per minute (CDP's TaskDuration), JS heap, timer callbacks per second.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { chromium, type Browser } from '@playwright/test';
import socketIo from 'socket.io';
import { WebSocketServer } from 'ws';
import { DEFAULT_SETTINGS, type Settings } from '../main/core/settings/settings';
import { MosquittoProcess } from '../test/mosquitto-process';
import { freePort } from '../test/server-process';
import { postAll } from './figures';
import { sized } from './mode';
import { HubProcess, sleep, TOKEN, tempData } from './processes';
import { f, type Row } from './report';

const STATION_WINDOW_S = sized(600, 20);
const PAGE_WINDOW_S = sized(120, 10);
/** Start-up's own work (V8 compiling, the first pings) settles this long before a window. */
const SETTLE_MS = sized(5000, 3000);
const PAGE_SETTLE_MS = sized(3000, 2000);
const CARDS = 300;
const TARGETS = { stationCpuS: 0.5, wakeUpsPerS: 5, pageCpuS: 1, heapMiB: 30 };

export interface StationIdle {
  cpuSecondsPerMinute: number;
  /** Every switch of every thread, voluntary and not. */
  wakeUpsPerSecond: number;
  /** Only the switches where a thread slept and was woken (a preempted thread was awake already). */
  voluntaryPerSecond: number;
  threads: Record<string, { voluntaryPerS: number; nonvoluntaryPerS: number }>;
  rssMiB: number;
  /** The machine's 1-minute load average at the window's end: other work inflates the preemptions. */
  load: number;
}

export interface PageIdle {
  cards: number;
  busySecondsPerMinute: number;
  heapMiB: number;
  timersPerSecond: number;
}

/** Each thread of `pid` (by tid, with its name) and its context switches so far, voluntary and not. */
type ThreadSwitches = Map<string, { voluntary: number; nonvoluntary: number }>;

async function threadSwitches(pid: number): Promise<ThreadSwitches> {
  const threads: ThreadSwitches = new Map();
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const status = await readFile(`/proc/${pid}/task/${task}/status`, 'utf8').catch(() => '');
    const count = (name: string) => Number(new RegExp(`^${name}_ctxt_switches:\\s+(\\d+)$`, 'm').exec(status)?.[1] ?? 0);
    const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
    threads.set(`${task} ${name}`, { voluntary: count('voluntary'), nonvoluntary: count('nonvoluntary') });
  }
  return threads;
}

/** Per thread, what it switched over a window of `seconds`: voluntary (it slept and was woken) and not (preempted). */
function perThread(before: ThreadSwitches, after: ThreadSwitches, seconds: number): Record<string, { voluntaryPerS: number; nonvoluntaryPerS: number }> {
  const rates: Record<string, { voluntaryPerS: number; nonvoluntaryPerS: number }> = {};
  for (const [thread, end] of after) {
    const start = before.get(thread) ?? { voluntary: 0, nonvoluntary: 0 };
    rates[thread] = { voluntaryPerS: (end.voluntary - start.voluntary) / seconds, nonvoluntaryPerS: (end.nonvoluntary - start.nonvoluntary) / seconds };
  }
  return rates;
}

async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Three push servers a shop may list beside its hub: a text WebSocket server, web-msg-sender's Socket.IO 2, Mosquitto. */
async function upstreams(dir: string): Promise<{ sources: Settings['sources']; stop: () => Promise<void> }> {
  const text = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => text.once('listening', resolve));
  const http = createServer();
  const io = socketIo(http);
  io.on('connection', (socket) => socket.on('login', (uid: unknown) => socket.join(String(uid))));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const broker = await MosquittoProcess.start(dir);
  return {
    sources: [
      { kind: 'text', label: 'text', url: `ws://127.0.0.1:${(text.address() as { port: number }).port}/` },
      { kind: 'socketio', label: 'web', url: `http://127.0.0.1:${(http.address() as { port: number }).port}`, uid: 'shop' },
      { kind: 'mqtt', label: 'mqtt', url: broker.url, topic: 'shop/orders' },
    ],
    stop: async () => {
      text.clients.forEach((client) => client.terminate());
      await new Promise((resolve) => text.close(resolve));
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await broker.stop();
    },
  };
}

export async function stationIdle(): Promise<StationIdle> {
  const dir = await tempData('idle-station');
  const servers = await upstreams(dir);
  const settings: Settings = { ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: TOKEN, lan: false }, sources: servers.sources };
  // BENCH_STATION_FLAGS: options for the Station's Node (e.g. --cpu-prof, or --require a tracer).
  const flags = process.env.BENCH_STATION_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, join(import.meta.dirname, 'bench-idle-station.js')], {
    env: { ...process.env, BENCH_IDLE_SETTINGS: JSON.stringify(settings), BENCH_IDLE_DATA: join(dir, 'station') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the idle Station did not get its hub and 3 sources online within 60 s')), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && (clearTimeout(timer), resolve()));
      child.once('exit', (code) => reject(new Error(`the idle Station exited with ${code}`)));
    });
    await sleep(SETTLE_MS);
    const pid = child.pid!;
    const [cpu0, switches0] = [await cpuSeconds(pid), await threadSwitches(pid)];
    await sleep(STATION_WINDOW_S * 1000);
    const [cpu1, switches1] = [await cpuSeconds(pid), await threadSwitches(pid)];
    const rssKiB = Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))![1]);
    const threads = perThread(switches0, switches1, STATION_WINDOW_S);
    const rates = Object.values(threads);
    const voluntaryPerSecond = rates.reduce((sum, rate) => sum + rate.voluntaryPerS, 0);
    const wakeUpsPerSecond = voluntaryPerSecond + rates.reduce((sum, rate) => sum + rate.nonvoluntaryPerS, 0);
    return { cpuSecondsPerMinute: ((cpu1 - cpu0) * 60) / STATION_WINDOW_S, wakeUpsPerSecond, voluntaryPerSecond, threads, rssMiB: rssKiB / 1024, load: loadavg()[0]! };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    await servers.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Counts every timer and animation-frame callback the page runs, in the page. */
const COUNT_TIMERS = `(() => {
  window.__timerCalls = 0;
  const wrap = (name) => {
    const original = window[name];
    window[name] = function (callback, ...rest) {
      if (typeof callback !== 'function') return original.call(this, callback, ...rest);
      return original.call(this, function (...args) { window.__timerCalls++; return callback.apply(this, args); }, ...rest);
    };
  };
  wrap('setTimeout'); wrap('setInterval'); wrap('requestAnimationFrame');
})();`;

async function pageIdle(browser: Browser, hubUrl: string, cards: number): Promise<PageIdle> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  try {
    await page.addInitScript(COUNT_TIMERS);
    await page.goto(`${hubUrl}/#token=${TOKEN}`);
    await page.waitForSelector('.status-bar .connection[data-state="online"]');
    await page.waitForFunction((n) => document.querySelectorAll('.cards > *').length >= n, cards);
    await sleep(PAGE_SETTLE_MS);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async (name: string) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)!.value;
    const timers = () => page.evaluate(() => (window as unknown as { __timerCalls: number }).__timerCalls);
    const [busy0, timers0] = [await metric('TaskDuration'), await timers()];
    await sleep(PAGE_WINDOW_S * 1000);
    const [busy1, timers1] = [await metric('TaskDuration'), await timers()];
    await cdp.send('HeapProfiler.collectGarbage');
    const heapMiB = (await metric('JSHeapUsedSize')) / 2 ** 20;
    return { cards, busySecondsPerMinute: ((busy1 - busy0) * 60) / PAGE_WINDOW_S, heapMiB, timersPerSecond: (timers1 - timers0) / PAGE_WINDOW_S };
  } finally {
    await page.close();
  }
}

/** The page on one hub and browser, first with no order, then with CARDS unhandled ones. */
export async function pagesIdle(): Promise<PageIdle[]> {
  const dataDir = await tempData('idle-page');
  const hub = await HubProcess.start(dataDir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });
  try {
    const empty = await pageIdle(browser, hub.url, 0);
    await postAll(hub, Array.from({ length: CARDS }, (_, i) => `idle-${i}`));
    return [empty, await pageIdle(browser, hub.url, CARDS)];
  } finally {
    await browser.close();
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const bound = (metric: string, value: number, digits: number, limit: number, unit: string): Row => ({ metric, value: f(value, digits), baseline: '', ratio: '', target: `< ${limit} ${unit}`, met: value < limit ? 'yes' : 'NO' });

/** One measurement each: an idle window is itself a long average. */
export async function idleRows(results: Record<string, unknown>): Promise<Row[]> {
  console.error(`the desktop Station idle for ${STATION_WINDOW_S} s, the page idle for ${PAGE_WINDOW_S} s with 0 and ${CARDS} cards…`);
  const started = Date.now();
  const station = await stationIdle();
  console.error(`  idle: the Station measured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [thread, rate] of Object.entries(station.threads)) {
    if (rate.voluntaryPerS + rate.nonvoluntaryPerS > 0) console.error(`  Station thread ${thread}: ${f(rate.voluntaryPerS, 2)} woken + ${f(rate.nonvoluntaryPerS, 2)} preempted per second`);
  }
  const pages = await pagesIdle();
  console.error(`  idle: the pages measured by ${((Date.now() - started) / 1000).toFixed(1)} s`);
  results.idle = { station, pages, stationWindowS: STATION_WINDOW_S, pageWindowS: PAGE_WINDOW_S };
  return [
    bound('Station idle (hub + 3 sources): CPU per minute (s)', station.cpuSecondsPerMinute, 3, TARGETS.stationCpuS, 's'),
    bound(`Station idle: wake-ups per second (all threads; load ${f(station.load, 1)})`, station.wakeUpsPerSecond, 1, TARGETS.wakeUpsPerS, '/s'),
    { metric: '  of which woken from sleep (voluntary switches)', value: f(station.voluntaryPerSecond, 1), baseline: '', ratio: '', target: '', met: '' },
    { metric: `Station idle: RSS after ${STATION_WINDOW_S} s idle (MiB)`, value: f(station.rssMiB, 1), baseline: '', ratio: '', target: '', met: '' },
    ...pages.flatMap((page) => [
      page.cards > 0 ? bound(`page idle, ${page.cards} cards: busy per minute (s)`, page.busySecondsPerMinute, 3, TARGETS.pageCpuS, 's') : { metric: 'page idle, 0 cards: busy per minute (s)', value: f(page.busySecondsPerMinute, 3), baseline: '', ratio: '', target: '', met: '' },
      bound(`page idle, ${page.cards} cards: JS heap (MiB)`, page.heapMiB, 1, TARGETS.heapMiB, 'MiB'),
      { metric: `page idle, ${page.cards} cards: timer callbacks per second`, value: f(page.timersPerSecond, 2), baseline: '', ratio: '', target: '', met: '' },
    ]),
  ];
}
