/** The orders shared by reports that come together: kept up to date as the journal changes, the same as reading them afresh. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { computeReport } from './figures';
import { reportOrdersOf } from './report-order';
import { ReportOrders } from './report-orders';
import { defer, tempDir } from '../../../test/helpers';

describe('ReportOrders', () => {
  it('follows new orders, answers and handled states between requests as a fresh read sees them, as objects and as rows', async () => {
    const journal = await Journal.open(join(await tempDir(), 'journal.log'));
    defer(() => journal.close());
    for (const id of ['A', 'B', 'C']) await journal.append({ id, channel: 'web', total: '3.50', currency: 'cny' }, 'next');
    const shared = new ReportOrders(journal);
    expect([...shared.current()]).toEqual(reportOrdersOf(journal));
    const figures = () => computeReport(shared.rows(), { from: '2026-01-01', to: '2036-12-31', by: 'device', timeZone: 'UTC', now: Date.parse('2026-12-06T12:00:00Z') });
    expect(figures().all.orders).toBe(3);

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
    // The rows the figures read were made before the changes: they see them as a fresh read does.
    expect(figures()).toEqual(computeReport(reportOrdersOf(journal), { from: '2026-01-01', to: '2036-12-31', by: 'device', timeZone: 'UTC', now: Date.parse('2026-12-06T12:00:00Z') }));
    expect(figures().groups.map((group) => [group.key, group.orders])).toEqual([['', 1], ['Phone', 1], ['Till', 2]]);
  });
});
