/**
 * What the outbox carries: one change of an order's state (orders/order-life.ts), as the shop's
 * backend and the sources' reply channels hear it.
 */
import type { OrderState, StateChange } from '../orders/order-life';

export type { OrderState, StateChange };

/** The JSON posted to a webhook and published to a reply channel. */
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
export function idempotencyKey(change: StateChange): string {
  return `${change.id}:${change.seq}`;
}
