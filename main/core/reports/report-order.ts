/**
 * What the reports read of an order: a small shape of its own, filled from the journal by one
 * adapter (`reportOrderOf`): the order's states (orders/order-life.ts) where it has them, else
 * its handled state as `done` (an order handled before states were journalled). The figures
 * never look at journal records.
 */
import type { HandledState, Order } from '../orders/order';
import { isClosed, type StateChange as LifeChange } from '../orders/order-life';
import { isoTimeMs } from '../journal/iso-time';
import type { Amount } from '../orders/amount';
import { saleOf, type Sale } from '../journal/sale';
import { ReportRows } from './report-rows';

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
  /** The total as an exact amount; undefined when the order has none that reads as a number. */
  total?: Amount;
  currency: string;
  stations: readonly string[];
  /** Oldest first. */
  changes: StateChange[];
}

/** The journal's retained order, as far as the reports need it. */
export interface JournalledOrder {
  /** The order's id, when known without reading the order. */
  id?: string;
  order: Order;
  receivedAt: number;
  handled?: HandledState | undefined;
}

/**
 * `states`: the order's changes of state, oldest first; none for an order handled before states
 * were journalled. `sale`: the order's channel, currency and total, when the journal has them
 * without parsing the order.
 */
export function reportOrderOf(stored: JournalledOrder, states: readonly LifeChange[] = [], sale: Sale = saleOf(stored.order)): ReportOrder {
  // A kept order's id is read from its bytes: asking its order for it would parse the order.
  const id = stored.id ?? stored.order.id;
  const total = sale.total;
  const arrivedAt = stored.receivedAt;
  const { changes: read, from } = standingChanges(stored, states);
  // Sliced and mapped, so the array is as long as its changes (one pushed to grows room for 17).
  const changes = read.slice(from).map((change): StateChange => {
    const state = change.state as ReportState;
    const at = timeOf(change.at, arrivedAt);
    return change.reason === undefined ? { state, at, by: change.by } : { state, at, by: change.by, reason: change.reason };
  });
  const channel = sale.channel;
  const currency = sale.currency.toUpperCase();
  // Each shape as one literal, not spread or added to: a report holds 30,000 of these, each no bigger than its fields.
  return total !== undefined
    ? { id, arrivedAt, channel, total, currency, stations: NO_STATIONS, changes }
    : { id, arrivedAt, channel, currency, stations: NO_STATIONS, changes };
}

/** Adds the order to `rows` as `reportOrderOf` reads it, without making it an object. */
export function addReportRow(rows: ReportRows, stored: JournalledOrder, states: readonly LifeChange[], sale: Sale): void {
  const arrivedAt = stored.receivedAt;
  const { changes, from } = standingChanges(stored, states);
  rows.add(arrivedAt, sale.channel, sale.currency.toUpperCase(), sale.total, NO_STATIONS, changes, from, (change) => timeOf(change.at, arrivedAt));
}

/** A change as the journal holds it, its time as text. */
interface JournalChange {
  state: string;
  at: string;
  by: string;
  reason?: string | undefined;
}

/**
 * The changes the reports read of an order, from `changes[from]` on: its states since it was
 * last set back to new (undo, reopen), so only the answers that stand count; or, for an order
 * handled before states were journalled, its handle as `done`.
 */
function standingChanges(stored: JournalledOrder, states: readonly LifeChange[]): { changes: readonly JournalChange[]; from: number } {
  if (states.length) return { changes: states, from: states.findLastIndex((change) => change.state === 'new') + 1 };
  return { changes: stored.handled ? [{ state: 'done', at: stored.handled.at, by: stored.handled.by }] : [], from: 0 };
}

/** Shared by every order: none is routed to stations yet. */
const NO_STATIONS: readonly string[] = Object.freeze([]);

/** What `reportOrdersOf` reads of a journal: its retained orders with their sales, and each one's states. */
export interface ReportJournal {
  /** How many orders `sales()` gives. */
  readonly size: number;
  sales(): Iterable<{ stored: JournalledOrder & { id: string }; sale: Sale }>;
  stateHistory(id: string): readonly LifeChange[];
  recordedStateHistory(id: string): readonly LifeChange[];
}

/** The journal's orders as the reports read them, each with its states. */
export function reportOrdersOf(journal: ReportJournal): ReportOrder[] {
  const orders: ReportOrder[] = [];
  for (const { stored, sale } of journal.sales()) orders.push(reportOrderOf(stored, reportStatesOf(journal, stored.id), sale));
  return orders;
}

const msOf = (change: { at: number }) => change.at;

/** ReportOrders (a test's, or `orderbell report`'s from a journal file) as rows. */
export function reportRowsOf(orders: Iterable<ReportOrder>): ReportRows {
  const rows = new ReportRows();
  for (const order of orders) rows.add(order.arrivedAt, order.channel, order.currency, order.total, order.stations, order.changes, 0, msOf);
  return rows;
}

/** The journal's orders as report rows: what the figures read, `reportOrdersOf` without an object per order. */
export function reportRowsOfJournal(journal: ReportJournal): ReportRows {
  const rows = new ReportRows(journal.size);
  for (const { stored, sale } of journal.sales()) addReportRow(rows, stored, reportStatesOf(journal, stored.id), sale);
  return rows;
}

/**
 * The order's `stateHistory`. One whose recorded changes closed it has no done by handle added,
 * so its handle is not looked up (and its time written out as text, to be read back here): most
 * of a month's orders are closed.
 */
export function reportStatesOf(journal: ReportJournal, id: string): readonly LifeChange[] {
  const recorded = journal.recordedStateHistory(id);
  return recorded.some((change) => isClosed(change.state)) ? recorded : journal.stateHistory(id);
}

// The hub writes `at` itself, as toISOString does (read without a Date); one that does not parse (a hand-edited line) counts as the order's arrival: no time to measure.
const timeOf = (at: string, arrivedAt: number) => {
  const iso = isoTimeMs(at);
  if (!Number.isNaN(iso)) return iso;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? arrivedAt : ms;
};
