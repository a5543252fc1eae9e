import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { busyMonth, busyMonthWithStates, writeJournalLines, type JournalEntry } from '../../../test/report-journal';
import { computeReport, daysBetween, type Figures } from './figures';
import { readJournalForReport } from './journal-file';
import type { ReportOrder, StateChange } from './report-order';
import { totalAmount } from '../orders/amount';

// A month over the autumn daylight-saving change in London (25 October 2026 has 25 hours).
const ZONE = 'Europe/London';
const FROM = '2026-10-10';
const TO = '2026-11-08';
const NOW = Date.parse('2026-12-01T00:00:00Z');

/** The local day in ZONE, the independent way: Swedish dates are written YYYY-MM-DD. */
const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const localDay = (ms: number) => dayFormat.format(ms);

interface Expected {
  orders: number;
  cents: Map<string, number>;
  answers: number[];
  makes: number[];
  late: number;
  open: number;
  rejected: number;
}

function nearestRank(values: number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * share) - 1]!;
}

/** The figures per local day, computed here without the reports' code. */
function expectedByDay(orders: ReportOrder[]): Map<string, Expected> {
  const days = new Map(daysBetween(FROM, TO).map((day) => [day, { orders: 0, cents: new Map<string, number>(), answers: [], makes: [], late: 0, open: 0, rejected: 0 } as Expected]));
  for (const order of orders) {
    const day = days.get(localDay(order.arrivedAt));
    if (!day) continue;
    day.orders++;
    if (order.total !== undefined) day.cents.set(order.currency, (day.cents.get(order.currency) ?? 0) + Math.round((Number(order.total.units) / 10 ** order.total.scale) * 100));
    const first = (...states: string[]) => order.changes.find((change) => states.includes(change.state));
    const answer = first('accepted', 'rejected', 'done');
    if (answer) day.answers.push(answer.at - order.arrivedAt);
    const accepted = first('accepted');
    const made = first('ready') ?? first('done');
    if (accepted && made) day.makes.push(made.at - accepted.at);
    if ((answer ? answer.at : NOW) - order.arrivedAt > 60_000) day.late++;
    const closed = first('done', 'rejected');
    if (!closed || localDay(closed.at) !== localDay(order.arrivedAt)) day.open++;
    if (first('rejected')) day.rejected++;
  }
  return days;
}

function check(groups: Figures[], expected: Map<string, Expected>): void {
  expect(groups.map((group) => group.key)).toEqual([...expected.keys()]);
  for (const group of groups) {
    const day = expected.get(group.key)!;
    const totals = Object.fromEntries([...day.cents].sort().map(([currency, cents]) => [currency, (cents / 100).toFixed(2)]));
    expect({ day: group.key, orders: group.orders, totals: group.totals, late: group.notAnsweredInTime, open: group.openAtClosing, rejected: group.rejected }).toEqual({
      day: group.key, orders: day.orders, totals, late: day.late, open: day.open, rejected: day.rejected,
    });
    expect(group.answer).toEqual({ count: day.answers.length, medianMs: nearestRank(day.answers, 0.5), p90Ms: nearestRank(day.answers, 0.9) });
    expect(group.make).toEqual({ count: day.makes.length, medianMs: nearestRank(day.makes, 0.5), p90Ms: nearestRank(day.makes, 0.9) });
  }
}

/** The states to come, given to the generated orders: accepted, ready, done, rejected, or none. */
function withAllStates(entry: JournalEntry, index: number): ReportOrder {
  const arrivedAt = Date.parse(entry.arrived);
  const after = (ms: number) => arrivedAt + ms + (index % 97) * 1000;
  const kinds: StateChange[][] = [
    [{ state: 'accepted', at: after(10_000), by: 'Till' }, { state: 'ready', at: after(600_000), by: 'Grill' }, { state: 'done', at: after(900_000), by: 'Till' }],
    [{ state: 'accepted', at: after(40_000), by: 'Phone' }, { state: 'done', at: after(300_000), by: 'Phone' }],
    [{ state: 'rejected', at: after(20_000), by: 'Till', reason: index % 2 ? '售罄' : 'closing soon' }],
    [{ state: 'done', at: after(50_000), by: 'Till' }],
    [],
  ];
  return { id: entry.order.id, arrivedAt, channel: entry.order.channel ?? '', total: totalAmount(String(entry.order.total)), currency: entry.order.currency ?? '', stations: [], changes: kinds[index % kinds.length]! };
}

describe('a generated busy month (30,000 orders) against an independent computation', () => {
  it('from a real journal file: every local day over a daylight-saving change', async () => {
    const path = join(await tempDir(), 'hub-journal.log');
    await writeJournalLines(path, busyMonth(30_000));
    const { orders, problems } = readJournalForReport(path);
    expect(problems).toEqual([]);
    expect(orders).toHaveLength(30_000);
    const report = computeReport(orders, { from: FROM, to: TO, by: 'day', timeZone: ZONE, now: NOW });
    check(report.groups, expectedByDay(orders));
    expect(report.all.orders).toBe(30_000);
  });

  it('from a real journal file with every state journalled (the bench\'s month)', async () => {
    const path = join(await tempDir(), 'hub-journal.log');
    await writeJournalLines(path, busyMonthWithStates(5000));
    const { orders, problems } = readJournalForReport(path);
    expect(problems).toEqual([]);
    const report = computeReport(orders, { from: FROM, to: TO, by: 'day', timeZone: ZONE, now: NOW });
    check(report.groups, expectedByDay(orders));
    expect(report.all).toMatchObject({ orders: 5000, rejected: 500, rejectReasons: { 售罄: 250, 'closing soon': 250 }, make: { count: 3250 } });
  });

  it('with every state: accepted, ready, done, rejected and never answered', () => {
    const orders = busyMonth(30_000).map(withAllStates);
    const report = computeReport(orders, { from: FROM, to: TO, by: 'day', timeZone: ZONE, now: NOW });
    check(report.groups, expectedByDay(orders));
    expect(report.all.rejectReasons).toEqual({ 售罄: 3000, 'closing soon': 3000 });
  });
});
