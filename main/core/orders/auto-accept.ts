/**
 * Auto-accept rules: orders from chosen channels or sources, arriving inside opening hours, are
 * accepted at once with a default ready time. Pure: the hub applies it to each new order.
 */
import type { Order } from './order';

export interface AutoAcceptRule {
  /** Channels or source labels (`order.channel`, `order.source`) whose orders are accepted; empty = none. */
  channels: string[];
  readyInMin: number;
  /** "HH:MM-HH:MM" local opening hours; none = any time. One that ends before it starts crosses midnight. */
  hours?: string;
}

export const AUTO_ACCEPT_BY = 'auto-accept';

/**
 * The ready time (minutes) to accept `order` with at `now`, or null when no rule takes it.
 * The local offset is looked up only when hours need it: the hub asks this of every order.
 */
export function autoAccept(order: Order, rule: AutoAcceptRule | undefined, now: number, utcOffsetMinutes?: number): number | null {
  if (!rule || rule.channels.length === 0) return null;
  const from = [order.channel, typeof order.source === 'string' ? order.source : undefined];
  if (!from.some((name) => name !== undefined && rule.channels.includes(name))) return null;
  if (rule.hours && !withinHours(rule.hours, now, utcOffsetMinutes ?? -new Date(now).getTimezoneOffset())) return null;
  return rule.readyInMin;
}

/** Checks "HH:MM-HH:MM"; a string says what is wrong. */
export function checkHours(hours: string): string | undefined {
  return /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(hours) ? undefined : 'opening hours must be HH:MM-HH:MM, e.g. 11:00-22:00';
}

function withinHours(hours: string, now: number, utcOffsetMinutes: number): boolean {
  const [start, end] = hours.split('-').map((time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) as [number, number];
  const local = new Date(now + utcOffsetMinutes * 60_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}
