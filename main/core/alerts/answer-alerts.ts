/**
 * What an order's change of state does to the ringing, for the desktop and the web view alike:
 * an answered order stops ringing (done or rejected always; accepted and ready too when the shop
 * must accept orders), one set back to new a moment ago rings again (not one a replay shows was
 * reopened long ago, and answered since), and an accepted one's ready time rings once,
 * softly, when the shop accepts orders.
 */
import { isAnswered, type StateChange } from '../orders/order-life';
import type { AlertingOrder, AlertPolicy } from './policy';

/** A reopen older than this is history a device catches up on, not news. */
const REOPEN_NEWS_MS = 60_000;

export function stateChanged(policy: AlertPolicy, change: StateChange, order: AlertingOrder, mustAccept: boolean, now: number): void {
  if (isAnswered(change.state, mustAccept)) policy.orderHandled(change.id);
  else if (change.state === 'new' && now - Date.parse(change.at) < REOPEN_NEWS_MS) policy.orderArrived(order, now);
  const readyAt = mustAccept && change.state === 'accepted' && change.readyAt ? Date.parse(change.readyAt) : null;
  policy.remindAt(change.id, readyAt);
}

/**
 * The escalation every screen names: how many orders nobody answered within `afterS` seconds,
 * the oldest of them and how long it has waited, whole minutes; null when none (or escalation is off).
 */
export function unansweredLong(orders: Iterable<{ id: string; receivedAt: number; answered: boolean }>, afterS: number, now: number): { n: number; min: number; oldest: string } | null {
  if (afterS <= 0) return null;
  let n = 0;
  let oldest: { id: string; receivedAt: number } | undefined;
  for (const order of orders) {
    if (order.answered || now - order.receivedAt < afterS * 1000) continue;
    n++;
    if (!oldest || order.receivedAt < oldest.receivedAt) oldest = order;
  }
  return oldest ? { n, min: Math.max(1, Math.floor((now - oldest.receivedAt) / 60_000)), oldest: oldest.id } : null;
}
