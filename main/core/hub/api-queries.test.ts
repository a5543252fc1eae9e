import { describe, expect, it } from 'vitest';
import { historyQuery, listQuery, orderJson, withinBudget } from './api-queries';
import { HttpError } from './http';

const url = (query: string) => new URL(`http://hub.invalid/api/history?${query}`);

function refusal(run: () => unknown): { status: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected an HttpError');
}

describe('hub API queries', () => {
  it('defaults a list to everything after seq 0, 100 at a time', () => {
    expect(listQuery(url(''))).toEqual({ since: 0, limit: 100 });
    expect(listQuery(url('since=41&limit=1000'))).toEqual({ since: 41, limit: 1000 });
  });

  it('reads a history search: text, dates as ISO 8601, paging', () => {
    expect(historyQuery(url(''))).toEqual({ offset: 0, limit: 50 });
    expect(historyQuery(url('text=beef%20noodles&from=2026-11-27&to=2026-11-28T06:00:00%2B08:00&offset=50&limit=25'))).toEqual({
      text: 'beef noodles',
      from: Date.UTC(2026, 10, 27),
      to: Date.UTC(2026, 10, 27, 22),
      offset: 50,
      limit: 25,
    });
    expect(historyQuery(url('from=&to='))).toEqual({ offset: 0, limit: 50 });
  });

  it.each([
    ['from=27.11.2026', 'from: must be an ISO 8601 date or date-time, e.g. 2026-11-27 or 2026-11-27T18:00:00+08:00'],
    ['to=2026-13-45', 'to: must be an ISO 8601 date or date-time, e.g. 2026-11-27 or 2026-11-27T18:00:00+08:00'],
    ['from=1764230400000', 'from: must be an ISO 8601 date or date-time, e.g. 2026-11-27 or 2026-11-27T18:00:00+08:00'],
    ['limit=1001', 'limit: must be an integer from 1 to 1000'],
    ['limit=-5', 'limit: must be an integer from 1 to 1000'],
    ['offset=1e3', 'offset: must be an integer from 0 to 9007199254740991'],
    [`text=${'x'.repeat(201)}`, 'text: must be at most 200 characters'],
  ])('refuses %s with a 400 that names the parameter', (query, message) => {
    expect(refusal(() => historyQuery(url(query)))).toEqual({ status: 400, message });
  });

  it('answers an order with ISO times and an explicit null for "not handled"', () => {
    const receivedAt = Date.UTC(2026, 10, 27, 8);
    expect(orderJson({ seq: 3, order: { id: 'A-1' }, receivedAt })).toEqual({ seq: 3, order: { id: 'A-1' }, receivedAt: '2026-11-27T08:00:00.000Z', handled: null });
  });

  it('keeps the leading orders that fit a byte budget, and always at least one', () => {
    const orders = [{ text: 'a'.repeat(40) }, { text: 'b'.repeat(40) }, { text: 'c'.repeat(40) }];
    const size = JSON.stringify(orders[0]).length;
    expect(withinBudget(orders, size * 2)).toEqual(orders.slice(0, 2));
    expect(withinBudget(orders, size * 3)).toEqual(orders);
    expect(withinBudget(orders, 10)).toEqual(orders.slice(0, 1));
    expect(withinBudget([], 10)).toEqual([]);
  });
});
