/**
 * What the outbox carries: one change of an order's state, as the shop's backend and the
 * sources' reply channels hear it. The order-states engine (issue #23) hands these over; until
 * it lands, marking an order handled is the one change there is (state `done`).
 */
export type OrderState = 'new' | 'accepted' | 'rejected' | 'ready' | 'done';

export interface StateChange {
  id: string;
  state: OrderState;
  at: string;
  by: string;
  readyAt?: string;
  reason?: string;
  /** Numbers the hub's state changes; with the id it makes the delivery's idempotency key. */
  seq: number;
}

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
