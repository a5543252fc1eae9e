/**
 * `npm run bench`: OrderBell's speed and memory, each figure beside a baseline measured in
 * the same run. The hub runs as a real `orderbell hub` process; the devices run in their own
 * process (bench/clients.ts). Each figure is the median of REPS (≥ 5) repetitions, hub
 * and baseline alternating, printed with its min–max range; a target counts as met when the
 * median meets it, and the worst repetition is named beside it. Prints a table and writes
 * bench-results.json with every repetition.
 *
 * Quick mode, `npm run bench -- --quick` or BENCH_QUICK=1: every part once, with fewer orders,
 * in a few minutes, the same table titled "quick". A part takes its sizes from bench/mode.ts
 * alone: `REPS` (or `repeat()` in report.ts) for its repetitions and `sized(full, quick)` for
 * its orders, shops and seconds; a new part does the same and adds its name to PARTS.
 * A part that throws is a FAILED row in the table, never the end of the run.
 */
import { rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { BIG_JOURNAL, CATCH_UP_ORDERS, bareThroughput, bigHubData, bigHubMemory, catchUp, hubThroughput, idleCpu, loadJournal, postAll, smallHubMemory } from './figures';
import { bareLatency, fsyncLatency, hubLatency } from './latency';
import { pageRender } from './page-render';
import { reportRows } from './reports';
import { HubProcess, resets, tempData } from './processes';
import { latencyRows, type LatencyRep } from './latency-rows';
import { QUICK, sized, TITLE } from './mode';
import { idleRows } from './idle';
import { f, fs, inTurn, repeat, REPS, summarise, table, verdict, worst, type Percentiles, type Row } from './report';
import { chains } from './chains';
import { answerRows } from './answers';
import { livenessRows } from './liveness';
import { sourceLatency } from './sources';
import { outboxRows } from './outbox';
import { kitchenRows } from './kitchen';
import { chromiumRows, desktopTiming, timingRows, webTiming } from './timing';

const IDLE_S = Number(process.env.BENCH_IDLE_S ?? sized(60, 10));
const PARTS = ['latency', 'journal', 'sources', 'liveness', 'chains', 'outbox', 'ingest', 'page', 'timing', 'reports', 'answers', 'kitchen', 'idle'];
/** How long the last big-journal hub stays up for a second resident-set reading. */
const SETTLE_S = sized(30, 5);
/** Durable ingest, as a share of the bare broadcast's rate (issue #28). */
const INGEST_SHARE = 0.8;

async function latency(rows: Row[], results: Record<string, unknown>): Promise<void> {
  const fsyncs: Percentiles[] = [];
  for (const clients of (process.env.BENCH_LATENCY_CLIENTS ?? '1,10,100').split(',').map(Number)) {
    const reps = await repeat(`latency with ${clients} clients`, async (rep): Promise<LatencyRep> => {
      const fsync = await fsyncLatency();
      const { hub, baseline, relay, socketio } = await inTurn(rep, {
        hub: () => hubLatency(clients, rep),
        baseline: () => bareLatency(clients, rep),
        relay: () => hubLatency(clients, rep, 'relay'),
        socketio: () => hubLatency(clients, rep, 'socketio'),
      });
      return {
        hub: hub.delivered,
        baseline: baseline.delivered,
        hubCold: hub.cold,
        baselineCold: baseline.cold,
        answered: hub.answered,
        fsync,
        relay: relay.delivered,
        socketio: socketio.delivered,
        hubCpuMs: hub.cpuPerOrderMs,
        relayCpuMs: relay.cpuPerOrderMs,
      };
    });
    fsyncs.push(...reps.map((rep) => rep.fsync));
    results[`latency_${clients}`] = reps;
    rows.push(...latencyRows(clients, reps));
  }
  for (const p of ['p50', 'p99'] as const) {
    rows.push({ metric: `fdatasync of one journal line ${p} (ms)`, value: fs(summarise(fsyncs.map((s) => s[p])), 3), baseline: '', ratio: '', target: '', met: '' });
  }
}

async function throughput(rows: Row[], results: Record<string, unknown>): Promise<void> {
  const reps = await repeat('throughput', async (rep) => ({ hub: await hubThroughput(rep), baseline: await bareThroughput(rep) }));
  results.throughput = reps;
  const hub = summarise(reps.map((rep) => rep.hub));
  const baseline = summarise(reps.map((rep) => rep.baseline));
  const ratios = reps.map((rep) => rep.hub / rep.baseline);
  const w = worst(ratios.map((r) => -r));
  rows.push({
    metric: 'durable ingest, 100 clients (orders/s)',
    value: fs(hub, 0),
    baseline: fs(baseline, 0),
    ratio: f(hub.median / baseline.median),
    target: `≥ ${INGEST_SHARE} × baseline`,
    met: verdict(hub.median >= INGEST_SHARE * baseline.median, ratios.map((r) => r >= INGEST_SHARE), w, `${f(ratios[w]!)} ×`),
  });
}

async function catchUps(rows: Row[], results: Record<string, unknown>): Promise<void> {
  const dataDir = await tempData('catchup');
  const hub = await HubProcess.start(dataDir);
  await postAll(hub, Array.from({ length: CATCH_UP_ORDERS }, (_, i) => `cu-${i}`));
  const seconds = await repeat('catch-up', () => catchUp(hub));
  await hub.stop();
  await rm(dataDir, { recursive: true, force: true });
  results.catchUpSeconds = seconds;
  const s = summarise(seconds);
  const w = worst(seconds);
  // The target: 10,000 orders in under a second, so a quick run's fewer orders in their share of it.
  const limit = CATCH_UP_ORDERS / 10_000;
  rows.push({ metric: `catch-up of ${CATCH_UP_ORDERS.toLocaleString('en')} orders (s)`, value: fs(s, 3), baseline: '', ratio: '', target: `< ${limit} s`, met: verdict(s.median < limit, seconds.map((x) => x < limit), w, `${f(seconds[w]!, 3)} s`) });
  rows.push({ metric: 'catch-up rate (orders/s)', value: fs(summarise(seconds.map((x) => CATCH_UP_ORDERS / x)), 0), baseline: '', ratio: '', target: '', met: '' });
}

/** A plain figure with an upper bound: `value < limit`. */
function boundRow(metric: string, values: number[], digits: number, limit: number, unit: string): Row {
  const s = summarise(values);
  const w = worst(values);
  return { metric, value: fs(s, digits), baseline: '', ratio: '', target: `< ${limit} ${unit}`, met: verdict(s.median < limit, values.map((v) => v < limit), w, `${f(values[w]!, digits)} ${unit}`) };
}

const plainRow = (metric: string, values: number[], digits = 1): Row => ({ metric, value: fs(summarise(values), digits), baseline: '', ratio: '', target: '', met: '' });

async function journalAndMemory(rows: Row[], results: Record<string, unknown>): Promise<void> {
  const orders = BIG_JOURNAL.toLocaleString('en');
  console.error(`writing a journal of ${orders} orders…`);
  const bigData = await bigHubData();
  const loads = await repeat(`loading ${orders} orders`, () => loadJournal(bigData));
  results.journal = loads;
  // The target: 100,000 orders in under 500 ms, so a quick run's fewer orders in their share of it.
  rows.push(boundRow(`load ${orders} orders (ms)`, loads.map((l) => l.loadMs), 0, (500 * BIG_JOURNAL) / 100_000, 'ms'));
  rows.push(plainRow('  its CPU time (ms)', loads.map((l) => l.cpuMs), 0));
  rows.push(plainRow('process RSS after load (MiB)', loads.map((l) => l.rssMiB)));
  rows.push(plainRow('bytes per order on disk', [loads[0]!.bytesPerOrder], 0));

  const small = await repeat('hub memory', () => smallHubMemory());
  // The last repetition also stays a while, to see the resident set once V8 has settled.
  const big = await repeat(`hub memory with ${orders} orders`, (rep) => bigHubMemory(bigData, rep === REPS - 1 ? SETTLE_S : 0));
  results.memory = { small, big };
  rows.push(plainRow('hub RSS idle (MiB)', small.map((m) => m.idle)));
  rows.push(plainRow('hub RSS, 100 clients (MiB)', small.map((m) => m.clients)));
  rows.push(boundRow(`hub RSS, 100 clients + ${BIG_JOURNAL / 1000}k orders (MiB)`, big.map((m) => m.rss), 1, 120, 'MiB'));
  rows.push(plainRow(`  the same ${SETTLE_S} s later, last repetition (MiB)`, big.flatMap((m) => (m.settled === undefined ? [] : [m.settled]))));
  await rm(bigData, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const runStarted = Date.now();
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), freeGiB: +(freemem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform} ${process.arch}` };
  console.error(`${TITLE} on ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!QUICK && REPS < 5) console.error(`BENCH_REPS=${REPS}: fewer than 5 repetitions, so no figure here can count as a target met`);
  const rows: Row[] = [];
  const results: Record<string, unknown> = { machine, date: new Date().toISOString(), reps: REPS, quick: QUICK, loadBefore: loadavg() };
  const failures: string[] = [];
  // A stray error (a device's reset socket) is reported with the table, never the end of the run.
  process.on('unhandledRejection', (error) => failures.push(`unhandled: ${(error as Error)?.stack ?? String(error)}`));
  process.on('uncaughtException', (error) => failures.push(`uncaught: ${error.stack ?? error.message}`));

  // BENCH_ONLY: a comma-separated list of parts; all of them without it.
  const parts = new Set((process.env.BENCH_ONLY ?? PARTS.join(',')).split(','));
  const seconds: Record<string, number> = {};
  const part = async (name: string, run: () => Promise<void>): Promise<void> => {
    if (!parts.has(name)) return;
    const started = Date.now();
    try {
      await run();
    } catch (error) {
      failures.push(`${name}: ${(error as Error).stack ?? String(error)}`);
      rows.push({ metric: `${name}: FAILED (${forRow(error)})`, value: '', baseline: '', ratio: '', target: '', met: 'NO' });
    }
    seconds[name] = Math.round((Date.now() - started) / 1000);
    console.error(`${name}: ${seconds[name]} s`);
  };
  const liveness = async () => void rows.push(...(await livenessRows(results)));
  await part('latency', () => latency(rows, results));
  await part('journal', () => journalAndMemory(rows, results));
  await part('sources', async () => void rows.push(...(await sourceLatency(results))));
  if (!QUICK) await part('liveness', liveness);
  await part('chains', async () => void rows.push(...(await chains(results))));
  await part('outbox', async () => void rows.push(...(await outboxRows(results))));
  await part('ingest', () => ingest(rows, results));
  await part('page', async () => void rows.push(...(await pageRender(results))));
  await part('timing', () => timing(rows, results));
  await part('reports', async () => void rows.push(...(await reportRows(results))));
  await part('answers', async () => void rows.push(...(await answerRows(results))));
  await part('kitchen', async () => void rows.push(...(await kitchenRows(results))));
  // Quick mode waits for the blackholed links (timers of 15–30 s, in this process) while the
  // idle Station and page are measured (their own processes' CPU and wake-ups): neither can
  // move the other's figures, and the run is 20 s shorter.
  const idle: Row[] = [];
  await Promise.all([QUICK && part('liveness', liveness), part('idle', async () => void idle.push(...(await idleRows(results))))]);
  rows.push(...idle);
  rows.push({ metric: 'POSTs reset on a reused kept-alive connection, sent again', value: String(resets.retried), baseline: '', ratio: '', target: '0', met: resets.retried === 0 ? 'yes' : `NO; last: ${resets.last}` });

  results.loadAfter = loadavg();
  results.failures = failures;
  results.partSeconds = seconds;
  console.log(`${TITLE}; load average before ${loadavg1(results.loadBefore)}, after ${loadavg1(results.loadAfter)}\n`);
  console.log(table(rows));
  const total = Math.round((Date.now() - runStarted) / 1000);
  console.log(`\n${QUICK ? 'quick run' : 'run'}: ${total} s in all (${Object.entries(seconds).map(([name, s]) => `${name} ${s}`).join(', ')}${QUICK && parts.has('liveness') && parts.has('idle') ? '; liveness ran beside idle' : ''})`);
  for (const failure of failures) console.error(`bench: ${failure}`);
  await writeFile('bench-results.json', `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
  console.error('written: bench-results.json');
  // Whatever a failed part left running (a child process, a socket) does not keep the run open.
  process.exit(failures.length > 0 ? 1 : 0);
}

const forRow = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 120);
const loadavg1 = (load: unknown) => (load as number[]).map((l) => l.toFixed(2)).join(' ');

/** Throughput, catch-up and idle CPU. */
async function ingest(rows: Row[], results: Record<string, unknown>): Promise<void> {
  await throughput(rows, results);
  await catchUps(rows, results);
  const window = IDLE_S / REPS;
  console.error(`idle CPU over ${IDLE_S} s…`);
  const cpu = await idleCpu(REPS, window);
  results.idleCpuSeconds = { windowSeconds: window, cpu };
  rows.push(plainRow(`hub CPU, 10 idle clients, per minute (s)`, cpu.map((c) => (c * 60) / window), 2));
}

/** Issue #10 section 5: time to ring, to notice, to recover, for the desktop app and the web view side by side. */
async function timing(rows: Row[], results: Record<string, unknown>): Promise<void> {
  console.error(`time to ring, to notice, to recover (about ${sized(100, 45)} s)…`);
  const [desktop, web] = await Promise.all([desktopTiming(), webTiming()]);
  results.timing = { desktop, web };
  rows.push(...timingRows('desktop', desktop), ...timingRows('web view', web), ...chromiumRows(web.chromium));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
