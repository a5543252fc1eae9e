/** The hub's read endpoints: their query strings, checked, and how an order is answered. */
import type { Order } from '../orders/order';
import type { HistoryQuery } from '../orders/views';
import type { HandledState } from '../orders/order';
import { HttpError } from './http';

const LIST_LIMIT_MAX = 1000;
/** Most bytes of orders one answer carries: 1000 orders of 64 KiB would be a 64 MB body. */
export const ANSWER_BUDGET_BYTES = 4 * 1024 * 1024;
const SEARCH_TEXT_MAX = 200;

/** `GET /api/orders?since=SEQ&limit=N` */
export function listQuery(url: URL): { since: number; limit: number } {
  return {
    since: integerParam(url, 'since', 0, Number.MAX_SAFE_INTEGER, 0),
    limit: integerParam(url, 'limit', 1, LIST_LIMIT_MAX, 100),
  };
}

/** `GET /api/history?text=&from=&to=&offset=&limit=` */
export function historyQuery(url: URL): HistoryQuery {
  const text = url.searchParams.get('text') ?? '';
  if (text.length > SEARCH_TEXT_MAX) throw new HttpError(400, `text: must be at most ${SEARCH_TEXT_MAX} characters`);
  const from = dateParam(url, 'from');
  const to = dateParam(url, 'to');
  return {
    ...(text ? { text } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    offset: integerParam(url, 'offset', 0, Number.MAX_SAFE_INTEGER, 0),
    limit: integerParam(url, 'limit', 1, LIST_LIMIT_MAX, 50),
  };
}

/** An order as the HTTP API answers it: times as ISO 8601. */
export function orderJson(stored: { seq: number | null; order: Order; receivedAt: number; handled?: HandledState | null }) {
  return { seq: stored.seq, order: stored.order, receivedAt: new Date(stored.receivedAt).toISOString(), handled: stored.handled ?? null };
}

/**
 * The leading orders of a page that fit in `budget` bytes of JSON, at least one: a page that
 * is cut short says so (`more`), and the client asks again from where it ended.
 */
export function withinBudget<T>(orders: T[], budget = ANSWER_BUDGET_BYTES): T[] {
  let used = 0;
  for (let i = 0; i < orders.length; i++) {
    used += Buffer.byteLength(JSON.stringify(orders[i]));
    if (used > budget && i > 0) return orders.slice(0, i);
  }
  return orders;
}

function integerParam(url: URL, name: string, min: number, max: number, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new HttpError(400, `${name}: must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** An ISO 8601 date or date-time (a date alone is midnight UTC), as ms since the epoch. */
function dateParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const value = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(value)) throw new HttpError(400, `${name}: must be an ISO 8601 date or date-time, e.g. 2026-11-27 or 2026-11-27T18:00:00+08:00`);
  return value;
}
