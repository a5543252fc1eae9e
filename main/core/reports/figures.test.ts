import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { SHANGHAI_DAY, writeReportJournal } from '../../../test/report-journal';
import { Journal } from '../journal/journal';
import { computeReport, type ReportOptions } from './figures';
import { readJournalForReport } from './journal-file';
import { reportOrderOf, type ReportOrder } from './report-order';

const SHANGHAI: Omit<ReportOptions, 'by'> = { from: '2026-12-01', to: '2026-12-01', timeZone: 'Asia/Shanghai', now: Date.parse('2026-12-05T00:00:00Z') };

async function shanghaiOrders(): Promise<ReportOrder[]> {
  const path = join(await tempDir(), 'hub-journal.log');
  await writeReportJournal(path, SHANGHAI_DAY);
  return readJournalForReport(path).orders;
}

describe('report figures from a real journal (hand-checked)', () => {
  it('counts a local day: value per currency, answer median and p90, late and open at closing', async () => {
    const report = computeReport(await shanghaiOrders(), { ...SHANGHAI, by: 'day' });
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toEqual({
      key: '2026-12-01',
      orders: 6,
      totals: { CNY: '23.00', USD: '5' },
      // A 30 s, B 90 s, C 45 s, F 90 min, G 5 s: the 3rd and 5th of five by nearest rank.
      answer: { count: 5, medianMs: 45_000, p90Ms: 5_400_000 },
      make: { count: 0, medianMs: null, p90Ms: null },
      // B after 90 s, F after 90 min, D never.
      notAnsweredInTime: 3,
      rejected: 0,
      rejectReasons: {},
      // D never done; F done after midnight.
      openAtClosing: 2,
    });
    expect(report.all).toEqual({ ...report.groups[0], key: '' });
  });

  it('puts each order in the local day it arrived in: 23:59:50 and 00:00:10 are two days', async () => {
    const report = computeReport(await shanghaiOrders(), { ...SHANGHAI, to: '2026-12-03', by: 'day' });
    expect(report.groups.map((group) => [group.key, group.orders, group.totals])).toEqual([
      ['2026-12-01', 6, { CNY: '23.00', USD: '5' }],
      ['2026-12-02', 1, { CNY: '1' }],
      ['2026-12-03', 0, {}],
    ]);
  });

  it('groups by local hour, channel and the device that answered', async () => {
    const orders = await shanghaiOrders();
    const byHour = computeReport(orders, { ...SHANGHAI, to: '2026-12-02', by: 'hour' });
    expect(byHour.groups).toHaveLength(24);
    expect(Object.fromEntries(byHour.groups.filter((group) => group.orders > 0).map((group) => [group.key, group.orders]))).toEqual({ '00': 1, '09': 2, '10': 1, '11': 1, '23': 2 });
    expect(byHour.groups.find((group) => group.key === '09')!.answer).toEqual({ count: 2, medianMs: 30_000, p90Ms: 90_000 });

    const byChannel = computeReport(orders, { ...SHANGHAI, by: 'channel' });
    expect(byChannel.groups.map((group) => [group.key, group.orders, group.totals])).toEqual([
      ['', 1, {}],
      ['phone', 1, { USD: '5' }],
      ['web', 4, { CNY: '23.00' }],
    ]);
    const byDevice = computeReport(orders, { ...SHANGHAI, by: 'device' });
    expect(byDevice.groups.map((group) => [group.key, group.orders])).toEqual([['', 1], ['Phone', 2], ['Till', 3]]);
  });

  it('draws the week × hour map and the answer-time spread', async () => {
    const report = computeReport(await shanghaiOrders(), { ...SHANGHAI, to: '2026-12-02', by: 'day' });
    // 2026-12-01 is a Tuesday (1), the 2nd a Wednesday (2).
    expect(report.weekHours[1]!.flatMap((count, hour) => (count ? [[hour, count]] : []))).toEqual([[9, 2], [10, 1], [11, 1], [23, 2]]);
    expect(report.weekHours[2]![0]).toBe(1);
    // ≤15 s: G, E; ≤30 s: A; ≤60 s: C; ≤120 s: B; slower than 10 min: F.
    expect(report.answerSpread).toEqual([2, 1, 1, 1, 0, 0, 1]);
  });

  it('reads the same orders from the open journal as from its file', async () => {
    const path = join(await tempDir(), 'hub-journal.log');
    await writeReportJournal(path, SHANGHAI_DAY);
    const journal = await Journal.open(path, { maxAgeMs: Number.MAX_SAFE_INTEGER });
    try {
      expect([...journal.all()].map((stored) => reportOrderOf(stored, journal.stateHistory(stored.id)))).toEqual(readJournalForReport(path).orders);
    } finally {
      await journal.close();
    }
  });
});

describe('report figures with the states to come (accepted, ready, rejected) and stations', () => {
  const at = (clock: string) => Date.parse(`2026-12-01T${clock}Z`);
  const orders: ReportOrder[] = [
    { id: '1', arrivedAt: at('04:00:00'), channel: 'web', total: { units: 10, scale: 0 }, currency: 'CNY', stations: ['grill'], changes: [
      { state: 'accepted', at: at('04:00:20'), by: 'Till' }, { state: 'ready', at: at('04:10:20'), by: 'Grill' }, { state: 'done', at: at('04:15:00'), by: 'Till' },
    ] },
    { id: '2', arrivedAt: at('04:01:00'), channel: 'web', total: { units: 8, scale: 0 }, currency: 'CNY', stations: ['grill', 'bar'], changes: [
      { state: 'accepted', at: at('04:02:30'), by: 'Phone' }, { state: 'done', at: at('04:07:30'), by: 'Phone' },
    ] },
    { id: '3', arrivedAt: at('04:02:00'), channel: 'app', currency: '', stations: [], changes: [{ state: 'rejected', at: at('04:02:40'), by: 'Till', reason: 'sold out' }] },
    { id: '4', arrivedAt: at('04:03:00'), channel: 'app', currency: '', stations: [], changes: [{ state: 'rejected', at: at('04:03:10'), by: 'Till', reason: 'sold out' }] },
  ];

  it('answer is the first accept or reject; make is accepted → ready, else → done', () => {
    const { all } = computeReport(orders, { ...SHANGHAI, by: 'day' });
    expect(all.answer).toEqual({ count: 4, medianMs: 20_000, p90Ms: 90_000 });
    expect(all.make).toEqual({ count: 2, medianMs: 300_000, p90Ms: 600_000 });
    expect(all.rejected).toBe(2);
    expect(all.rejectReasons).toEqual({ 'sold out': 2 });
    expect(all.notAnsweredInTime).toBe(1);
    expect(all.openAtClosing).toBe(0);
  });

  it('counts an order at each of its stations, and those without one under none', () => {
    const { groups } = computeReport(orders, { ...SHANGHAI, by: 'station' });
    expect(groups.map((group) => [group.key, group.orders])).toEqual([['', 2], ['bar', 1], ['grill', 2]]);
  });
});
