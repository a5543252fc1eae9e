import { describe, expect, it } from 'vitest';
import { frame, framedJson } from './log-lines';
import { orderRecord, readOrderLine, type StoredOrder } from './records';
import { expireByAge } from './retention';
import { RetainedOrders } from './retained-orders';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const DAY = 24 * 3600 * 1000;

function addRead(retained: RetainedOrders, stored: StoredOrder): void {
  const line = framedJson(frame(orderRecord(stored)));
  retained.add(readOrderLine(line, retained.arena)!, line.length, 'e1');
}

const order = (id: string, seq: number, extra: Partial<StoredOrder>): StoredOrder => ({ seq, order: { id }, receivedAt: NOW, ...extra });
const ids = (retained: RetainedOrders): string[] => [...retained.orders()].map((stored) => stored.id);

describe('age retention', () => {
  it('removes only handled orders past their age whose dates the clock can vouch for', () => {
    const retained = new RetainedOrders();
    const handled = { by: 'till', at: 'x' };
    addRead(retained, order('old-handled', 1, { receivedAt: NOW - 40 * DAY, handled }));
    addRead(retained, order('old-open', 2, { receivedAt: NOW - 40 * DAY }));
    addRead(retained, order('future', 3, { receivedAt: NOW + 2 * DAY, handled }));
    addRead(retained, order('ancient', 4, { receivedAt: NOW - 500 * DAY, handled }));
    addRead(retained, order('young', 5, { receivedAt: NOW - DAY, handled }));
    expect(expireByAge(retained, NOW, 30 * DAY)).toEqual({ future: 1, ancient: 1 });
    expect(ids(retained)).toEqual(['old-open', 'future', 'ancient', 'young']);
  });
});
