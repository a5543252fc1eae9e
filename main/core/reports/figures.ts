/**
 * The figures of a report: per local day, hour of day, channel, station or device, how many
 * orders, their value per currency, how fast they were answered and made, how many waited past
 * the escalation time, were rejected (and why), or were still open when their day closed.
 */
import { LocalClock, type LocalSlot } from './local-time';
import { MoneyTotals } from './money';
import type { ReportOrder } from './report-order';

export const REPORT_GROUPINGS = ['day', 'hour', 'channel', 'station', 'device'] as const;
export type ReportBy = (typeof REPORT_GROUPINGS)[number];

/** An order unanswered this long rings louder (the alert policy's escalation): the report counts them. */
export const DEFAULT_ESCALATION_MS = 60_000;

export interface ReportOptions {
  /** First and last local day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  by: ReportBy;
  timeZone: string;
  escalationMs?: number;
  /** An order still unanswered counts as late once this is past its escalation time. */
  now?: number;
}

export interface Durations {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface Figures {
  /** The day (YYYY-MM-DD), hour ("00"–"23"), channel, station or device; '' for orders without one. */
  key: string;
  orders: number;
  /** Per currency ('' for orders naming none), exact decimal strings. */
  totals: Record<string, string>;
  /** Arrival → first answer: accepted, rejected or done. */
  answer: Durations;
  /** Accepted → ready, or → done without a ready. */
  make: Durations;
  notAnsweredInTime: number;
  rejected: number;
  rejectReasons: Record<string, number>;
  openAtClosing: number;
}

/** Upper bounds (seconds) of the answer-time distribution's bars; the last bar is everything slower. */
export const ANSWER_BUCKETS_S = [15, 30, 60, 120, 300, 600] as const;

export interface Report {
  from: string;
  to: string;
  timeZone: string;
  by: ReportBy;
  escalationMs: number;
  groups: Figures[];
  all: Figures;
  /** Orders by weekday (0 = Monday) × local hour. */
  weekHours: number[][];
  /** Answered orders per ANSWER_BUCKETS_S bar, one more for the slower ones. */
  answerSpread: number[];
}

/** An order placed in the shop's calendar, with what every figure needs of it. */
interface Placed {
  order: ReportOrder;
  slot: LocalSlot;
  answerMs: number | undefined;
  makeMs: number | undefined;
  late: boolean;
  open: boolean;
}

export function computeReport(orders: Iterable<ReportOrder>, options: ReportOptions): Report {
  const clock = new LocalClock(options.timeZone);
  const escalationMs = options.escalationMs ?? DEFAULT_ESCALATION_MS;
  const now = options.now ?? Date.now();
  const closing = new Map<string, number>();
  const placed: Placed[] = [];
  for (const order of orders) {
    const slot = clock.slot(order.arrivedAt);
    if (slot.day < options.from || slot.day > options.to) continue;
    let closesAt = closing.get(slot.day);
    if (closesAt === undefined) closing.set(slot.day, (closesAt = clock.endOfDay(slot.day)));
    placed.push(place(order, slot, closesAt, escalationMs, now));
  }
  const weekHours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const answerSpread = new Array<number>(ANSWER_BUCKETS_S.length + 1).fill(0);
  for (const { slot, answerMs } of placed) {
    weekHours[slot.weekday]![slot.hour]!++;
    if (answerMs !== undefined) answerSpread[spreadBar(answerMs)]!++;
  }
  return {
    from: options.from,
    to: options.to,
    timeZone: clock.timeZone,
    by: options.by,
    escalationMs,
    groups: grouped(placed, options),
    all: figuresOf('', placed),
    weekHours,
    answerSpread,
  };
}

function place(order: ReportOrder, slot: LocalSlot, closesAt: number, escalationMs: number, now: number): Placed {
  const answered = order.changes.find((change) => change.state !== 'ready');
  const accepted = order.changes.find((change) => change.state === 'accepted');
  const made = accepted && order.changes.find((change) => (change.state === 'ready' || change.state === 'done') && change.at >= accepted.at);
  const closed = order.changes.find((change) => change.state === 'done' || change.state === 'rejected');
  const answerMs = answered && Math.max(0, answered.at - order.arrivedAt);
  const waited = answerMs ?? now - order.arrivedAt;
  return {
    order,
    slot,
    answerMs,
    makeMs: made && made.at - accepted.at,
    late: waited > escalationMs,
    open: closed === undefined || closed.at >= closesAt,
  };
}

function spreadBar(answerMs: number): number {
  const bar = ANSWER_BUCKETS_S.findIndex((upTo) => answerMs <= upTo * 1000);
  return bar < 0 ? ANSWER_BUCKETS_S.length : bar;
}

/** The groups in their natural order: every day and hour of the range (empty ones too), other keys alphabetically. */
function grouped(placed: Placed[], options: ReportOptions): Figures[] {
  const groups = new Map<string, Placed[]>();
  const keys = options.by === 'day' ? daysBetween(options.from, options.to) : options.by === 'hour' ? hourKeys() : [];
  for (const key of keys) groups.set(key, []);
  for (const item of placed) {
    for (const key of keysOf(item, options.by)) {
      const members = groups.get(key);
      if (members) members.push(item);
      else groups.set(key, [item]);
    }
  }
  const ordered = keys.length > 0 ? keys : [...groups.keys()].sort();
  return ordered.map((key) => figuresOf(key, groups.get(key)!));
}

function keysOf({ order, slot }: Placed, by: ReportBy): string[] {
  switch (by) {
    case 'day':
      return [slot.day];
    case 'hour':
      return [String(slot.hour).padStart(2, '0')];
    case 'channel':
      return [order.channel];
    case 'station':
      return order.stations.length > 0 ? order.stations : [''];
    case 'device':
      return [order.changes.find((change) => change.state !== 'ready')?.by ?? ''];
  }
}

function figuresOf(key: string, placed: Placed[]): Figures {
  const money = new MoneyTotals();
  const answers: number[] = [];
  const makes: number[] = [];
  const rejectReasons: Record<string, number> = {};
  let rejected = 0;
  let late = 0;
  let open = 0;
  for (const item of placed) {
    if (item.order.total !== undefined) money.add(item.order.currency, item.order.total);
    if (item.answerMs !== undefined) answers.push(item.answerMs);
    if (item.makeMs !== undefined) makes.push(item.makeMs);
    if (item.late) late++;
    if (item.open) open++;
    const rejection = item.order.changes.find((change) => change.state === 'rejected');
    if (rejection) {
      rejected++;
      const reason = rejection.reason ?? '';
      rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
    }
  }
  return {
    key,
    orders: placed.length,
    totals: money.totals(),
    answer: durations(answers),
    make: durations(makes),
    notAnsweredInTime: late,
    rejected,
    rejectReasons,
    openAtClosing: open,
  };
}

/** Median and 90th percentile by nearest rank: each is a time some order really took. */
function durations(values: number[]): Durations {
  if (values.length === 0) return { count: 0, medianMs: null, p90Ms: null };
  const sorted = Float64Array.from(values).sort();
  const rank = (share: number) => sorted[Math.ceil(share * sorted.length) - 1]!;
  return { count: values.length, medianMs: rank(0.5), p90Ms: rank(0.9) };
}

/** The orders that arrived on the local days `from` to `to` in `timeZone`. */
export function* ordersOfDays(orders: Iterable<ReportOrder>, { from, to, timeZone }: { from: string; to: string; timeZone: string }): Iterable<ReportOrder> {
  const clock = new LocalClock(timeZone);
  for (const order of orders) {
    const { day } = clock.slot(order.arrivedAt);
    if (day >= from && day <= to) yield order;
  }
}

export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 24 * 3600 * 1000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

function hourKeys(): string[] {
  return Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
}
