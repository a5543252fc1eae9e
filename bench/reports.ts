/**
 * `BENCH_ONLY=reports`: a report over 30 days of a busy shop (30,000 orders in every state:
 * accepted, ready, done, rejected, never answered) from a real
 * `orderbell hub` (GET /api/reports, by day), beside the time to simply read the same journal:
 * the first after the hub started (asked at once, of a fresh hub each repetition, and 2 s after, when it has readied them), the first after it went without one long enough to drop the
 * orders it read (cold), and one right after another (warm); and the Reports tab drawing it in
 * Chromium, beside the time from Show to drawn (its three requests included).
 */
import { chromium, type Browser } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Journal } from '../main/core/journal/journal';
import { REUSE_MS } from '../main/core/reports/report-orders';
import { busyMonthWithStates, writeJournalLines } from '../test/report-journal';
import { HubProcess, TOKEN, tempData, warmFetch } from './processes';
import { f, fs, repeat, summarise, verdict, worst, type Row } from './report';
import { sized } from './mode';

const ORDERS = sized(30_000, 5_000);
const DAYS = 30;
const HUB_TARGET_MS = 200;
const DRAW_TARGET_MS = 300;
/** How long after it starts the hub is first asked for a report: it readies them within a few hundred ms of listening, on a quiet machine. */
const READY_MS = 2000;

/** The month ending yesterday (UTC), so the hub's own "today" follows it. */
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function month(): { from: string; to: string; start: number } {
  const start = Date.parse(`${day(Date.now() - DAYS * 86_400_000)}T00:00:00Z`);
  return { from: day(start), to: day(start + (DAYS - 1) * 86_400_000), start };
}

function row(metric: string, values: number[], baseline: number[], limit?: number): Row {
  const s = summarise(values);
  const b = summarise(baseline);
  const w = worst(values);
  return {
    metric,
    value: fs(s, 0),
    baseline: fs(b, 0),
    ratio: f(s.median / b.median, 1),
    target: limit === undefined ? '' : `< ${limit} ms`,
    met: limit === undefined ? '' : verdict(s.median < limit, values.map((v) => v < limit), w, `${f(values[w]!, 0)} ms`),
  };
}

export async function reportRows(results: Record<string, unknown>): Promise<Row[]> {
  const { from, to, start } = month();
  const dataDir = await tempData('reports');
  const journalPath = join(dataDir, 'hub-journal.log');
  console.error(`writing a journal of ${ORDERS} orders in every state over ${DAYS} days…`);
  await writeJournalLines(journalPath, busyMonthWithStates(ORDERS, start, DAYS));
  const reads = await repeat('reading the 30-day journal', async () => {
    const began = performance.now();
    const journal = await Journal.open(journalPath, { maxAgeMs: Number.MAX_SAFE_INTEGER, maxOrders: 1_000_000 });
    const ms = performance.now() - began;
    await journal.close();
    return ms;
  });
  const startHub = () => HubProcess.start(dataDir, ['--keep-days', '3650', '--keep-orders', '1000000', '--time-zone', 'UTC']);
  await warmFetch();
  // Chromium before the hub: starting it takes both cores for a while, which is not the hub's first report's time.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  let hub = await startHub().catch(async (error: Error) => {
    await browser.close();
    throw error;
  });
  try {
    const query = (by: string) => `${hub.url}/api/reports?from=${from}&to=${to}&by=${by}`;
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const answer = async () => {
      const began = performance.now();
      const response = await fetch(query('day'), { headers: auth });
      const report = (await response.json()) as { all: { orders: number } };
      if (report.all.orders !== ORDERS) throw new Error(`the report counted ${report.all.orders} orders, not ${ORDERS}`);
      return performance.now() - began;
    };
    // Asked the moment the hub listens, before it has readied its reports (reports/reports-ahead.ts), of a hub started afresh each time; then asked once it had READY_MS to ready them, as a shop opening the Reports tab would.
    const restartHub = async () => {
      await hub.stop();
      hub = await startHub();
    };
    const firstAtOnce = await repeat('first report the moment the hub listens', async (rep) => {
      if (rep > 0) await restartHub();
      return answer();
    });
    await restartHub();
    await sleep(READY_MS);
    const first = await answer();
    // Each repetition waits until the hub has dropped the orders it read, then asks twice: cold, then warm.
    const pairs = await repeat('GET /api/reports over 30 days, after idle and again', async () => {
      await sleep(REUSE_MS + 1000);
      return { cold: await answer(), warm: await answer() };
    });
    const answers = pairs.map((pair) => pair.warm);
    const colds = pairs.map((pair) => pair.cold);
    results.reports = { reads, firstAtOnce, first, colds, answers };
    const hubRows = [
      row(`report over ${DAYS} days / ${ORDERS / 1000}k orders from the hub, right after another (warm) (ms), baseline: read the journal`, answers, reads, HUB_TARGET_MS),
      row(`  first report after idle (cold): ${REUSE_MS / 1000} s without one (ms), baseline: read the journal`, colds, reads, HUB_TARGET_MS),
      row(`  first report after the hub started, asked ${READY_MS / 1000} s after (ms), one per run, baseline: read the journal`, [first], reads, HUB_TARGET_MS),
      row('  first report after the hub started, asked the moment it listens (ms), a fresh hub each repetition, baseline: read the journal', firstAtOnce, reads, HUB_TARGET_MS),
    ];
    // The hub's figures stand even when the page cannot be set up in time on a loaded machine.
    const drawRow = await reportsTabRow(browser, hub.url, from, to, start, results).catch((error: Error) => failedRow(error));
    return [...hubRows, drawRow];
  } finally {
    await browser.close();
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const DRAW_METRIC = 'Reports tab: drawing its 4 charts in Chromium (ms), baseline: Show → drawn, requests included';

function failedRow(error: Error): Row {
  return { metric: `${DRAW_METRIC}: FAILED (${error.message.split('\n')[0]})`, value: '', baseline: '', ratio: '', target: `< ${DRAW_TARGET_MS} ms`, met: 'NO' };
}

async function reportsTabRow(browser: Browser, hubUrl: string, from: string, to: string, start: number, results: Record<string, unknown>): Promise<Row> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
  await page.goto(`${hubUrl}/#token=${TOKEN}`);
  // The order screen first shows the month's open orders (one in ten, with their states): on a loaded machine that takes a while, and is not what this part measures.
  const setUp = { timeout: 180_000 };
  await page.locator('.status-bar .connection[data-state="online"]').waitFor(setUp);
  await page.locator('nav.tabs [data-tab="reports"]').click(setUp);
  await page.locator('.report-results[data-drawn]').waitFor(setUp);
  await page.locator('.report-range input[name="from"]').fill(from);
  await page.locator('.report-range input[name="to"]').fill(to);
  const draws = await repeat('the Reports tab over 30 days in Chromium', async (rep) => {
    // Alternate the end day, so each Show is a new range the page has to draw.
    const end = rep % 2 === 0 ? to : day(start + 20 * 86_400_000);
    await page.locator('.report-range input[name="to"]').fill(end);
    const range = `${from}/${end}`;
    const began = performance.now();
    await page.locator('.report-range button[type="submit"]').click();
    await page.locator(`.report-results[data-drawn="${range}"]`).waitFor();
    const total = performance.now() - began;
    const draw = await page.evaluate(() => performance.getEntriesByName('orderbell-report-draw').at(-1)!.duration);
    return { total, draw };
  });
  results.reports = { ...(results.reports as object), draws };
  return row(DRAW_METRIC, draws.map((d) => d.draw), draws.map((d) => d.total), DRAW_TARGET_MS);
}
