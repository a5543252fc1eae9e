/** Readying the reports after start: the figures stay exactly those of a journal nobody readied, orders that come meanwhile included. */
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { computeReport } from './figures';
import { reportOrdersOf } from './report-order';
import { readyReports } from './reports-ahead';
import { busyMonthWithStates, writeJournalLines } from '../../../test/report-journal';
import { defer, tempDir } from '../../../test/helpers';

// One clock for both journals, so the order that comes meanwhile arrives at the same time in each.
const KEEP_ALL = { maxAgeMs: Number.MAX_SAFE_INTEGER, maxOrders: 1_000_000, maxBytes: 1024 ** 3, now: () => Date.parse('2026-11-08T09:59:00Z') };
// Across the end of British summer time (2026-10-25), with handles, rejects, open orders and several currencies.
const MONTH = busyMonthWithStates(3_500, Date.parse('2026-10-10T00:00:00Z'), 30);
const REQUEST = { from: '2026-10-10', to: '2026-11-08', timeZone: 'Europe/London', now: Date.parse('2026-11-09T12:00:00Z') };

async function monthJournal(): Promise<Journal> {
  const path = join(await tempDir(), 'journal.log');
  await writeJournalLines(path, MONTH);
  const journal = await Journal.open(path, KEEP_ALL);
  defer(() => journal.close());
  return journal;
}

/** What happens while the readying is half done: a new order, an answer and a handle. */
async function meanwhile(journal: Journal): Promise<void> {
  await journal.append({ id: 'late', channel: '美团', total: '18.80', currency: 'cny' }, 'next');
  await journal.appendState({ id: 'late', state: 'accepted', at: '2026-11-08T10:00:00.000Z', by: 'Till', seq: 90_001 });
  await journal.markHandled(MONTH.at(-1)!.order.id, 'Phone', '2026-11-08T11:00:00.000Z');
}

describe('readyReports', () => {
  it('reads the month ahead in slices and leaves every figure as a journal nobody readied gives it', async () => {
    const readied = await monthJournal();
    const untouched = await monthJournal();
    let finished = false;
    readyReports(readied, 'Europe/London', () => (finished = true));
    await nextTurn();
    await nextTurn();
    expect(finished).toBe(false);
    await Promise.all([meanwhile(readied), meanwhile(untouched)]);
    await expect.poll(() => finished, { timeout: 30_000 }).toBe(true);

    expect(reportOrdersOf(readied)).toEqual(reportOrdersOf(untouched));
    for (const by of ['day', 'hour', 'channel', 'device'] as const) {
      expect(computeReport(reportOrdersOf(readied), { ...REQUEST, by })).toEqual(computeReport(reportOrdersOf(untouched), { ...REQUEST, by }));
    }
    expect(computeReport(reportOrdersOf(readied), { ...REQUEST, by: 'day' }).all.orders).toBe(MONTH.length + 1);
  });

  it('stops when told, before the journal closes, and never finishes after', async () => {
    const journal = await monthJournal();
    let finished = false;
    const stop = readyReports(journal, 'UTC', () => (finished = true));
    await nextTurn();
    stop();
    await journal.close();
    for (let turn = 0; turn < 10; turn++) await nextTurn();
    expect(finished).toBe(false);
  });
});
