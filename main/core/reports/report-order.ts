/**
 * What the reports read of an order: a small shape of its own, filled from the journal by one
 * adapter (`reportOrderOf`). The figures never look at journal records, so new order states
 * (accepted, ready, rejected) and kitchen stations reach them by extending this adapter alone.
 */
import type { HandledState, Order } from '../orders/order';

export type ReportState = 'accepted' | 'ready' | 'done' | 'rejected';

export interface StateChange {
  state: ReportState;
  /** ms since the epoch */
  at: number;
  /** The device (staff) that made the change. */
  by: string;
  reason?: string;
}

export interface ReportOrder {
  id: string;
  /** When this shop's journal stored it, ms since the epoch: one clock for every order. */
  arrivedAt: number;
  /** The order's channel or source; '' when it names none. */
  channel: string;
  /** The total as exact decimal digits, e.g. "12.50"; undefined when the order has none that reads as a number. */
  total?: string;
  currency: string;
  stations: string[];
  /** Oldest first. */
  changes: StateChange[];
}

/** The journal's retained order, as far as the reports need it. */
export interface JournalledOrder {
  order: Order;
  receivedAt: number;
  handled?: HandledState | undefined;
}

const DECIMAL = /^-?\d{1,30}(\.\d{1,12})?$/;

/** Today the journal knows one state: handled, which is `done`. */
export function reportOrderOf(stored: JournalledOrder): ReportOrder {
  const { order } = stored;
  const total = order.total === undefined ? undefined : String(order.total).trim();
  const changes: StateChange[] = [];
  const handledAt = stored.handled ? Date.parse(stored.handled.at) : NaN;
  // The hub writes `at` itself; one that does not parse (a hand-edited line) closes the order at its arrival, as no time to measure.
  if (stored.handled) changes.push({ state: 'done', at: Number.isNaN(handledAt) ? stored.receivedAt : handledAt, by: stored.handled.by });
  return {
    id: order.id,
    arrivedAt: stored.receivedAt,
    channel: typeof order.channel === 'string' ? order.channel : '',
    ...(total !== undefined && DECIMAL.test(total) ? { total } : {}),
    currency: typeof order.currency === 'string' ? order.currency.toUpperCase() : '',
    stations: [],
    changes,
  };
}

export function ordersForReport(stored: Iterable<JournalledOrder>): ReportOrder[] {
  const orders: ReportOrder[] = [];
  for (const one of stored) orders.push(reportOrderOf(one));
  return orders;
}
