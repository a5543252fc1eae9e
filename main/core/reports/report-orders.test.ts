/** The orders shared by reports that come together: read once for requests together, and never older than the journal. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { computeReport } from './figures';
import { reportOrdersOf } from './report-order';
import { ReportOrders } from './report-orders';
import { defer, tempDir } from '../../../test/helpers';

const request = { from: '2026-01-01', to: '2036-12-31', by: 'device', timeZone: 'UTC', now: Date.parse('2026-12-06T12:00:00Z') } as const;

describe('ReportOrders', () => {
  it('serves the rows read for one report to the next, and reads them again after a new order, answer or handled state', async () => {
    const journal = await Journal.open(join(await tempDir(), 'journal.log'));
    defer(() => journal.close());
    for (const id of ['A', 'B', 'C']) await journal.append({ id, channel: 'web', total: '3.50', currency: 'cny' }, 'next');
    const shared = new ReportOrders(journal);
    const first = shared.rows();
    expect(shared.rows()).toBe(first);
    expect(computeReport(first, request).all.orders).toBe(3);

    const steps = [
      () => journal.appendState({ id: 'A', state: 'accepted', at: '2026-12-06T11:00:10.000Z', by: 'Till', seq: 1 }),
      () => journal.appendState({ id: 'B', state: 'rejected', at: '2026-12-06T11:00:20Z', by: 'Till', reason: '售罄', seq: 2 }),
      () => journal.markHandled('C', 'Phone', '2026-12-06T11:01:00.000Z'),
      () => journal.append({ id: 'D', channel: '美团', total: 12 }, 'next'),
    ];
    for (const step of steps) {
      const before = shared.rows();
      await step();
      expect(shared.rows()).not.toBe(before);
      expect(computeReport(shared.rows(), request)).toEqual(computeReport(reportOrdersOf(journal), request));
    }
    expect(computeReport(shared.rows(), request).groups.map((group) => [group.key, group.orders])).toEqual([['', 1], ['Phone', 1], ['Till', 2]]);
  });

  it('gives the orders\' CSV every order with the changes that stand, as the journal has them now', async () => {
    const journal = await Journal.open(join(await tempDir(), 'journal.log'));
    defer(() => journal.close());
    for (const id of ['A', 'B']) await journal.append({ id, channel: 'web', total: '3.50', currency: 'cny' }, 'next');
    const shared = new ReportOrders(journal);
    expect(shared.orders().map((order) => order.changes.length)).toEqual([0, 0]);
    await journal.appendState({ id: 'A', state: 'accepted', at: '2026-12-06T11:00:10.000Z', by: 'Till', seq: 1 });
    await journal.appendState({ id: 'A', state: 'new', at: '2026-12-06T11:00:20.000Z', by: 'Till', seq: 2 });
    await journal.appendState({ id: 'A', state: 'rejected', at: '2026-12-06T11:00:30.000Z', by: 'Till', reason: '售罄', seq: 3 });
    await journal.markHandled('B', 'Phone', '2026-12-06T11:01:00.000Z');
    expect(shared.orders().map((order) => [order.id, order.changes.map((change) => [change.state, change.by, change.reason])])).toEqual([
      ['A', [['rejected', 'Till', '售罄']]],
      ['B', [['done', 'Phone', undefined]]],
    ]);
  });
});
