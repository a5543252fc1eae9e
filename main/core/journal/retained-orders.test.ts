import { describe, expect, it } from 'vitest';
import { frame, framedJson } from './log-lines';
import { KeptOrder, orderRecord, readOrderLine, type StoredOrder } from './records';
import { RetainedOrders } from './retained-orders';
import type { Order } from '../orders/order';

const NOW = Date.parse('2026-11-27T08:00:00Z');

/** Adds `stored` as opening the journal does: read back from its record's line. */
function addRead(retained: RetainedOrders, stored: StoredOrder, epoch: string | null = 'e1'): void {
  const line = framedJson(frame(orderRecord(stored)));
  retained.add(readOrderLine(line, retained.arena)!, line.length, epoch);
}

const order = (id: string, seq: number | null, extra: Partial<StoredOrder> = {}): StoredOrder => ({ seq, order: { id, table: '4', note: `for ${id}` }, receivedAt: NOW - 1000, ...extra });
const ids = (orders: Iterable<KeptOrder>): string[] => [...orders].map((stored) => stored.id);

describe('RetainedOrders', () => {
  it('gives back each order it holds by id, with its seq, time, handled state, epoch and JSON', () => {
    const retained = new RetainedOrders();
    const handled = { by: 'till "1"', at: '2026-11-27T07:59:00Z' };
    const tricky = ['A-1', 'legacy "quoted" \\ id', '号-7', '🌶️ x'];
    tricky.forEach((id, i) => addRead(retained, order(id, i === 0 ? null : i, i === 2 ? { handled } : {}), i < 2 ? null : 'e2'));
    expect(retained.size).toBe(4);
    for (const [i, id] of tricky.entries()) {
      const stored = retained.get(id)!;
      expect({ id: stored.id, seq: stored.seq, receivedAt: stored.receivedAt, handled: stored.handled, order: stored.order }).toEqual({
        id,
        seq: i === 0 ? null : i,
        receivedAt: NOW - 1000,
        handled: i === 2 ? handled : undefined,
        order: order(id, 0).order,
      });
      expect(retained.entry(id)).toMatchObject({ stored: { id, seq: i === 0 ? null : i }, epoch: i < 2 ? null : 'e2' });
    }
    // An id read from the JSON (not given when asked) is the same.
    expect(ids(retained.orders())).toEqual(tricky);
    expect([...retained.entries()].map(({ epoch }) => epoch)).toEqual([null, null, 'e2', 'e2']);
    expect([retained.has('A-2'), retained.get('A-2'), retained.entry('号'), retained.get('x'.repeat(1000))]).toEqual([false, undefined, undefined, undefined]);
  });

  it('replaces an earlier order with the same id by the newer one, and counts only the newer one', () => {
    const retained = new RetainedOrders();
    addRead(retained, order('A', 1));
    addRead(retained, order('B', 2));
    const bytesBefore = retained.bytes;
    addRead(retained, order('A', 3));
    expect([retained.size, retained.bytes]).toEqual([2, bytesBefore]);
    expect([...retained.orders()].map((stored) => [stored.id, stored.seq])).toEqual([['B', 2], ['A', 3]]);
  });

  it('holds thousands of orders, pages them by seq, and skips removed ones', () => {
    const retained = new RetainedOrders();
    for (let seq = 1; seq <= 5000; seq++) addRead(retained, order(`o-${seq}`, seq));
    expect(retained.after(4990, 4995, 100).map((stored) => stored.seq)).toEqual([4991, 4992, 4993, 4994, 4995]);
    expect(retained.after(0, 5000, 3).map((stored) => stored.seq)).toEqual([1, 2, 3]);
    retained.trim(10, Number.POSITIVE_INFINITY);
    expect(retained.after(0, 5000, 100).map((stored) => stored.seq)).toEqual([4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
    expect(retained.get('o-4990')).toBeUndefined();
  });

  it('trims the oldest to the count and size limits, telling which it removed', () => {
    const retained = new RetainedOrders();
    for (let seq = 1; seq <= 5; seq++) addRead(retained, order(`o-${seq}`, seq));
    const removed: string[] = [];
    retained.trim(3, Number.POSITIVE_INFINITY, (stored) => removed.push(stored.id));
    expect([removed, ids(retained.orders())]).toEqual([['o-1', 'o-2'], ['o-3', 'o-4', 'o-5']]);
    const oneOrder = retained.bytes / 3;
    retained.trim(10, oneOrder * 2, (stored) => removed.push(stored.id));
    expect([removed.slice(2), ids(retained.orders()), retained.bytes]).toEqual([['o-3'], ['o-4', 'o-5'], oneOrder * 2]);
  });

  it('keeps every retained order, its handled state and its parsed form through the rebuild after mass removals', () => {
    const retained = new RetainedOrders();
    const handled = { by: 'kitchen', at: '2026-11-27T07:00:00Z' };
    // Every third order handled: some at a time in another form than toISOString's, most by one of thousands of devices.
    const handledAs = (seq: number) => (seq % 9 === 0 ? handled : { by: `device ${seq % 2000}`, at: new Date(NOW + seq).toISOString() });
    for (let seq = 1; seq <= 6000; seq++) addRead(retained, order(`o-${seq}`, seq, seq % 3 === 0 ? { handled: handledAs(seq) } : {}));
    const appended: Order = { id: 'new', table: '9' };
    const stored: StoredOrder = { seq: 6001, order: appended, receivedAt: NOW, handled };
    retained.add(KeptOrder.written(stored, framedJson(frame(orderRecord(stored))), retained.arena), 100, 'e1');
    // Two of every three go, far more than stay: the columns are rebuilt.
    retained.removeWhere((_, isHandled) => !isHandled);
    retained.trim(1000, Number.POSITIVE_INFINITY);
    expect(retained.size).toBe(1000);
    expect([retained.get('o-3003'), retained.get('o-4001')]).toEqual([undefined, undefined]);
    expect([...retained.orders()].map((kept) => kept.handled)).toEqual(Array.from({ length: 999 }, (_, i) => handledAs(3006 + 3 * i)).concat(handled));
    expect(retained.get('o-5001')?.order).toEqual(order('o-5001', 0).order);
    expect(retained.get('new')?.order).toBe(appended);
    expect(ids(retained.orders()).slice(0, 2)).toEqual(['o-3006', 'o-3009']);
    expect(retained.after(5995, 10_000, 10).map((kept) => kept.seq)).toEqual([5997, 6000, 6001]);
    expect([...retained.entries()].every(({ epoch }) => epoch === 'e1')).toBe(true);
  });

  it('sets a handled state once, and a later read shows it', () => {
    const retained = new RetainedOrders();
    addRead(retained, order('A', 1));
    const before = retained.get('A')!;
    retained.setHandled('A', 'till', 'then');
    retained.setHandled('A', 'other', 'later');
    retained.setHandled('missing', 'till', 'then');
    expect([before.handled, retained.get('A')?.handled, retained.has('missing')]).toEqual([undefined, { by: 'till', at: 'then' }, false]);
  });

  it('repacks the JSON of retained orders, large ones included, into a new arena intact', () => {
    const retained = new RetainedOrders();
    const big = order('BIG', 2, { order: { id: 'BIG', note: '长'.repeat(40_000) } });
    addRead(retained, order('A', 1));
    addRead(retained, big);
    addRead(retained, order('C', 3));
    retained.trim(2, Number.POSITIVE_INFINITY);
    const before = retained.arena;
    retained.repack();
    expect(retained.arena).not.toBe(before);
    expect([...retained.orders()].map((stored) => stored.order)).toEqual([big.order, order('C', 3).order]);
    expect(retained.get('C')?.orderJson).toBe(JSON.stringify(order('C', 3).order));
  });
});
