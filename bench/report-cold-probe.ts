/**
 * `node dist/bench-report-probe.js`: the hub's report path in one process, without HTTP, over the
 * bench's 30-day journal: reading the orders for a report afresh as rows (what the first request after
 * idle does) and computing the figures, each timed alone, with the process's memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../main/core/journal/journal';
import { computeReport } from '../main/core/reports/figures';
import { ReportOrders } from '../main/core/reports/report-orders';
import { busyMonthWithStates, writeJournalLines } from '../test/report-journal';

const ORDERS = Number(process.env.PROBE_ORDERS ?? 30_000);
const DAYS = 30;
const REPS = Number(process.env.PROBE_REPS ?? 7);
const start = Date.parse('2026-11-01T00:00:00Z');
/** CPU time (user + system) since `began`, ms: what a loaded machine's waiting for the CPU leaves out. */
const cpuMs = (began: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(began);
  return (user + system) / 1000;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dir = await mkdtemp(join(tmpdir(), 'report-probe-'));
try {
  const path = join(dir, 'journal.log');
  await writeJournalLines(path, busyMonthWithStates(ORDERS, start, DAYS));
  const journal = await Journal.open(path, { maxAgeMs: Number.MAX_SAFE_INTEGER, maxOrders: 1_000_000, maxBytes: 1024 ** 3 });
  const options = { from: '2026-11-01', to: '2026-11-30', by: 'day' as const, timeZone: 'UTC' };
  const cold: number[] = [];
  const figures: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    // The garbage of writing the journal, or of the last repetition, is not this one's.
    global.gc?.();
    const reportOrders = new ReportOrders(journal);
    let began = process.cpuUsage();
    const orders = reportOrders.rows();
    cold.push(cpuMs(began));
    began = process.cpuUsage();
    const report = computeReport(orders, options);
    figures.push(cpuMs(began));
    if (report.all.orders !== ORDERS) throw new Error(`counted ${report.all.orders}`);
  }
  await journal.close();
  const rss = process.memoryUsage();
  console.log(`${ORDERS} orders: reading them for a report (cold) median ${median(cold).toFixed(1)} ms [${cold.map((v) => v.toFixed(0)).join(' ')}], figures median ${median(figures).toFixed(1)} ms [${figures.map((v) => v.toFixed(0)).join(' ')}]; rss ${(rss.rss / 2 ** 20).toFixed(0)} MiB, heap ${(rss.heapUsed / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
