/** The states a report reads of each order: the journal's stateHistory, without looking up the handle of an order its changes closed. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { reportOrderOf, reportStatesOf } from './report-order';
import { amountText } from '../orders/amount';
import { busyMonthWithStates, writeJournalLines } from '../../../test/report-journal';
import { defer, tempDir } from '../../../test/helpers';

describe('reportStatesOf', () => {
  it('gives every order of a month the history stateHistory gives, a done by handle included where its changes left it open', async () => {
    const path = join(await tempDir(), 'journal.log');
    const month = busyMonthWithStates(600, Date.parse('2026-10-10T00:00:00Z'), 30);
    await writeJournalLines(path, month);
    const journal = await Journal.open(path, { maxAgeMs: Number.MAX_SAFE_INTEGER, maxOrders: 1_000_000 });
    defer(() => journal.close());
    // Accepted and ready, then handled without a done: the handle stands for its done.
    const leftOpen = month.find((entry) => entry.states?.at(-1)?.state === 'ready' && !entry.handled)!.order.id;
    await journal.markHandled(leftOpen, 'Phone', '2026-11-08T11:00:00.000Z');

    for (const handledIsDone of [true, false]) {
      journal.treatHandledAsDone(handledIsDone);
      for (const { order } of month) expect(reportStatesOf(journal, order.id)).toEqual(journal.stateHistory(order.id));
    }
    journal.treatHandledAsDone(true);
    expect(reportStatesOf(journal, leftOpen).map((change) => change.state)).toEqual(['accepted', 'ready', 'done']);
  });
});

describe('reportOrderOf', () => {
  it('keeps each total as its amount, as many places as the order gave, and leaves out one that is not a number', () => {
    const totalOf = (total: string | number) => {
      const amount = reportOrderOf({ order: { id: 'A', total }, receivedAt: 0 }).total;
      return amount && amountText(amount);
    };
    expect(['12.50', ' 12.5 ', '007.50', '-0.00', '-3', 86.5, 120, '1234567890123456', '123456789012345678901234567890.5'].map(totalOf)).toEqual([
      '12.50', '12.5', '7.50', '0.00', '-3', '86.5', '120', '1234567890123456', '123456789012345678901234567890.5',
    ]);
    for (const total of ['¥12', 'twelve', '', 1e21, 0.1 + 0.2]) expect(totalOf(total), String(total)).toBeUndefined();
  });
});
