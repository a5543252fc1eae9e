/** The orders shared by reports that come together: kept up to date as the journal changes, the same as reading them afresh. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { reportOrdersOf } from './report-order';
import { ReportOrders } from './report-orders';
import { defer, tempDir } from '../../../test/helpers';

describe('ReportOrders', () => {
  it('follows new orders, answers and handled states between requests as a fresh read sees them', async () => {
    const journal = await Journal.open(join(await tempDir(), 'journal.log'));
    defer(() => journal.close());
    for (const id of ['A', 'B', 'C']) await journal.append({ id, channel: 'web', total: '3.50', currency: 'cny' }, 'next');
    const shared = new ReportOrders(journal);
    expect([...shared.current()]).toEqual(reportOrdersOf(journal));

    await journal.appendState({ id: 'A', state: 'accepted', at: '2026-12-06T11:00:10.000Z', by: 'Till', seq: 1 });
    await journal.appendState({ id: 'B', state: 'rejected', at: '2026-12-06T11:00:20Z', by: 'Till', reason: '售罄', seq: 2 });
    await journal.markHandled('C', 'Phone', '2026-12-06T11:01:00.000Z');
    await journal.append({ id: 'D', channel: '美团', total: 12 }, 'next');

    const kept = [...shared.current()];
    expect(kept).toEqual(reportOrdersOf(journal));
    expect(kept.map((order) => [order.id, order.changes.map((change) => change.state), order.total])).toEqual([
      ['A', ['accepted'], '3.50'],
      ['B', ['rejected'], '3.50'],
      ['C', ['done'], '3.50'],
      ['D', [], '12'],
    ]);
  });
});
