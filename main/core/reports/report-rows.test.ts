/** The rows a report is computed from, read straight from the journal: the same as reading each order as a ReportOrder first. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { computeReport, REPORT_GROUPINGS } from './figures';
import { reportOrdersOf, reportRowsOf, reportRowsOfJournal } from './report-order';
import type { ReportRows } from './report-rows';
import { busyMonthWithStates, writeJournalLines } from '../../../test/report-journal';
import { defer, tempDir } from '../../../test/helpers';

const MONTH = busyMonthWithStates(1_500, Date.parse('2026-10-10T00:00:00Z'), 30);
const REQUEST = { from: '2026-10-10', to: '2026-11-08', timeZone: 'Europe/London', now: Date.parse('2026-11-09T12:00:00Z') };

/** Each row's numbers and text, as plain values. */
function rowsAsValues(rows: ReportRows) {
  return Array.from({ length: rows.count }, (_, row) => ({
    arrivedAt: rows.arrivedAt[row],
    answeredAt: rows.answeredAt[row],
    makeMs: rows.makeMs[row],
    closedAt: rows.closedAt[row],
    channel: rows.names[rows.channels[row]!],
    currency: rows.names[rows.currencies[row]!],
    device: rows.names[rows.devices[row]!],
    rejectReason: rows.isRejected(row) ? rows.names[rows.rejectReasons[row]!] : null,
    stations: rows.stationLists[rows.stations[row]!],
    total: rows.hasTotal(row) ? [rows.unitsOf(row), rows.scales[row]] : null,
  }));
}

describe('reportRowsOfJournal', () => {
  it('gives every order of a month the numbers its ReportOrder gives: undone answers, odd totals, handles as done or not', async () => {
    const path = join(await tempDir(), 'journal.log');
    await writeJournalLines(path, MONTH);
    const journal = await Journal.open(path, { maxAgeMs: Number.MAX_SAFE_INTEGER, maxOrders: 1_000_000, now: () => Date.parse('2026-11-08T09:59:00Z') });
    defer(() => journal.close());
    // Accepted, undone, then rejected: only the reject stands.
    await journal.append({ id: 'undone', channel: 'web', total: ' 12.5 ', currency: 'usd' }, 'next');
    await journal.appendState({ id: 'undone', state: 'accepted', at: '2026-11-08T10:00:00.000Z', by: 'Till', seq: 1 });
    await journal.appendState({ id: 'undone', state: 'new', at: '2026-11-08T10:00:05.000Z', by: 'Till', seq: 2 });
    await journal.appendState({ id: 'undone', state: 'rejected', at: '2026-11-08T10:00:09Z', by: 'Phone', seq: 3 });
    for (const [id, total] of [['minus-zero', '-0.00'], ['thirty-digits', '123456789012345678901234567890'], ['leading-zero', '007.5'], ['not-a-number', 'twelve']] as const) {
      await journal.append({ id, channel: '美团', total, currency: 'cny' }, 'next');
    }
    await journal.markHandled('minus-zero', 'Phone', '2026-11-08T11:00:00.000Z');
    await journal.markHandled('leading-zero', 'Phone', 'not a time');
    await journal.markHandled(MONTH.find((entry) => entry.states?.at(-1)?.state === 'ready' && !entry.handled)!.order.id, 'Till', '2026-11-08T11:30:00.000Z');

    for (const handledIsDone of [true, false]) {
      journal.treatHandledAsDone(handledIsDone);
      const fromJournal = reportRowsOfJournal(journal);
      const fromOrders = reportRowsOf(reportOrdersOf(journal));
      expect(fromJournal.count).toBe(MONTH.length + 5);
      expect(rowsAsValues(fromJournal)).toEqual(rowsAsValues(fromOrders));
      for (const by of REPORT_GROUPINGS) expect(computeReport(fromJournal, { ...REQUEST, by })).toEqual(computeReport(reportOrdersOf(journal), { ...REQUEST, by }));
    }
    // The undone order: rejected without a reason, its answer the reject, not the accept undone.
    const rows = rowsAsValues(reportRowsOfJournal(journal));
    expect(rows[MONTH.length]).toMatchObject({ answeredAt: Date.parse('2026-11-08T10:00:09Z'), device: 'Phone', rejectReason: '', makeMs: Number.NaN, currency: 'USD', total: [125, 1] });
    expect(rows.slice(MONTH.length + 1).map((row) => row.total)).toEqual([[0, 2], [123456789012345678901234567890n, 0], [75, 1], null]);
  });
});
