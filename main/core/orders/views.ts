/**
 * How orders are listed and searched on screen, shared by the desktop app and the web view.
 * Pure TypeScript: no Node or DOM.
 */
import type { Order } from './order';
import type { HandledState } from '../orders/order';
import { isClosed, type StateChange } from './order-life';

/** An order as screens show it. */
export interface OrderView {
  id: string;
  seq: number | null;
  order: Order;
  /** When this device (or the hub) stored it, ms since the epoch. */
  receivedAt: number;
  handled: { by: string; at: string } | null;
  /** Web view: handled on this page, but the hub has not confirmed it yet (it is sent on reconnect). */
  handledUnsent?: true;
  /** Web view: why the last try to tell the hub failed. */
  handledUnsentError?: string;
  /** Its changes of state, oldest first (orders/order-life.ts); none while it is new. */
  history?: StateChange[];
}

export interface HistoryQuery {
  text?: string;
  /** Received at or after, ms since the epoch. */
  from?: number;
  /** Received before, ms since the epoch. */
  to?: number;
  offset: number;
  limit: number;
}

export interface HistoryPage<T = OrderView> {
  orders: T[];
  total: number;
}

/** What listing and searching look at: views, or a journal's stored orders (read only where a text search needs the order). */
interface Listable {
  order: Order;
  receivedAt: number;
  handled?: { by: string; at: string } | null;
  /** False only if `order`'s text cannot contain every one of these lowercase words: a cheap first test. */
  mayContain?(words: string[]): boolean;
}

/** A journal's stored order (see StoredOrder) as a screen shows it. */
export function toView(stored: { seq: number | null; order: Order; receivedAt: number; handled?: HandledState }, history: readonly StateChange[] = []): OrderView {
  const view: OrderView = { id: stored.order.id, seq: stored.seq, order: stored.order, receivedAt: stored.receivedAt, handled: stored.handled ?? null };
  if (history.length > 0) view.history = [...history];
  // Reopened: handled once, but waiting again.
  if (history.length > 0 && !isClosed(history.at(-1)!.state)) view.handled = null;
  return view;
}

/** Handled orders kept on the main screen below the unhandled ones. */
export const RECENT_HANDLED_ON_SCREEN = 30;

/** Unhandled first (oldest first: it has waited longest), then handled, newest first. */
export function screenOrders<T extends Listable>(all: Iterable<T>): T[] {
  const unhandled: T[] = [];
  const handled: T[] = [];
  for (const view of all) (view.handled ? handled : unhandled).push(view);
  unhandled.sort((a, b) => a.receivedAt - b.receivedAt);
  handled.sort((a, b) => b.receivedAt - a.receivedAt);
  return [...unhandled, ...handled.slice(0, RECENT_HANDLED_ON_SCREEN)];
}

function searchableText(order: Order): string {
  const parts: unknown[] = [
    order.id, order.title, order.text, order.note, order.table, order.channel, order.total,
    order.customer?.name, order.customer?.phone, order.customer?.address,
    ...(order.items ?? []).flatMap((item) => [item.name, item.note]),
  ];
  return parts.filter((part) => part !== undefined && part !== null).join('\n').toLocaleLowerCase();
}

/** Newest first, filtered by text (every word must appear) and a received-at range, one page. */
export function queryHistory<T extends Listable>(all: Iterable<T>, query: HistoryQuery): HistoryPage<T> {
  const words = (query.text ?? '').toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matches = [...all]
    .filter((view) => query.from === undefined || view.receivedAt >= query.from)
    .filter((view) => query.to === undefined || view.receivedAt < query.to)
    .filter((view) => {
      if (words.length === 0) return true;
      if (view.mayContain && !view.mayContain(words)) return false;
      const text = searchableText(view.order);
      return words.every((word) => text.includes(word));
    })
    .sort((a, b) => b.receivedAt - a.receivedAt);
  return { orders: matches.slice(query.offset, query.offset + query.limit), total: matches.length };
}
