import { describe, expect, it } from 'vitest';
import { queryHistory, RECENT_HANDLED_ON_SCREEN, screenOrders, type OrderView } from './views';

function view(id: string, receivedAt: number, extra: Partial<OrderView> = {}, order: Record<string, unknown> = {}): OrderView {
  return { id, seq: receivedAt, order: { id, ...order }, receivedAt, handled: null, ...extra };
}
const handled = { by: 'till', at: '2026-11-27T10:00:00Z' };

describe('screenOrders', () => {
  it('puts unhandled first (longest waiting first), then handled, newest first', () => {
    const orders = [view('h1', 1, { handled }), view('u2', 5), view('h3', 3, { handled }), view('u1', 2)];
    expect(screenOrders(orders).map((v) => v.id)).toEqual(['u1', 'u2', 'h3', 'h1']);
  });

  it('keeps only the most recent handled orders', () => {
    const many = Array.from({ length: RECENT_HANDLED_ON_SCREEN + 10 }, (_, i) => view(`h${i}`, i, { handled }));
    const shown = screenOrders([...many, view('new', 0)]);
    expect(shown).toHaveLength(RECENT_HANDLED_ON_SCREEN + 1);
    expect(shown[0]!.id).toBe('new');
  });
});

describe('queryHistory', () => {
  const orders = [
    view('A', 100, {}, { items: [{ name: 'Mapo tofu', qty: 1 }] }),
    view('B', 200, {}, { note: 'Extra egg', items: [{ name: 'Fried rice', qty: 2 }] }),
    view('C', 300, {}, { customer: { name: 'Li Lei', phone: '138' } }),
  ];

  it('matches every word, case-insensitively, across fields', () => {
    expect(queryHistory(orders, { text: 'fried EGG', offset: 0, limit: 10 }).orders.map((v) => v.id)).toEqual(['B']);
    expect(queryHistory(orders, { text: 'li 138', offset: 0, limit: 10 }).orders.map((v) => v.id)).toEqual(['C']);
  });

  it('filters by a received-at range and pages newest first', () => {
    expect(queryHistory(orders, { from: 150, to: 301, offset: 0, limit: 10 }).orders.map((v) => v.id)).toEqual(['C', 'B']);
    const page = queryHistory(orders, { offset: 1, limit: 1 });
    expect(page).toEqual({ orders: [orders[1]], total: 3 });
  });
});
