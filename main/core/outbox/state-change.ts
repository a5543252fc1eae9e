/**
 * What the outbox carries: one change of an order's state (orders/order-life.ts), or an order
 * nobody answered in time (unanswered.ts), as the shop's backend and the sources' reply
 * channels hear it.
 */
import type { OrderState, StateChange } from '../orders/order-life';

export type { OrderState, StateChange };

/** The JSON posted to a webhook and published to a reply channel for a state change. */
export interface StateEvent {
  event: 'order.state';
  id: string;
  state: OrderState;
  readyAt?: string;
  reason?: string;
  by: string;
  at: string;
  seq: number;
}

/**
 * An order still new `waitingS` seconds after it came, told once. Its `seq` is 0: it comes
 * before the order's first state change (seq 1), so a receiver's "newer seq wins" keeps working.
 */
export interface UnansweredEvent {
  event: 'order.unanswered';
  id: string;
  waitingS: number;
  at: string;
  seq: 0;
}

/** One thing the outbox delivers, as it keeps it in its file. */
export type OutboxItem = StateChange | UnansweredEvent;

/** The JSON a target sends for an item. */
export type OutboxEvent = StateEvent | UnansweredEvent;

export function outboxEvent(item: OutboxItem): OutboxEvent {
  return 'event' in item ? item : stateEvent(item);
}

export function stateEvent(change: StateChange): StateEvent {
  return {
    event: 'order.state',
    id: change.id,
    state: change.state,
    ...(change.readyAt !== undefined ? { readyAt: change.readyAt } : {}),
    ...(change.reason !== undefined ? { reason: change.reason } : {}),
    by: change.by,
    at: change.at,
    seq: change.seq,
  };
}

/** The same on every retry, so a receiver can drop a delivery it already took. */
export function idempotencyKey(item: OutboxItem): string {
  return `${item.id}:${item.seq}`;
}

/** For the log: "is done", "is unanswered". */
export function whatHappened(item: OutboxItem): string {
  return 'event' in item ? `is unanswered after ${item.waitingS} s` : `is ${item.state}`;
}
