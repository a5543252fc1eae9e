/**
 * The figures of a report: per local day, hour of day, channel, station or device, how many
 * orders, their value per currency, how fast they were answered and made, how many waited past
 * the escalation time, were rejected (and why), or were still open when their day closed.
 */
import { LocalClock, type LocalSlot } from './local-time';
import { amountOf, MoneyTotals, type Amount } from './money';
import type { ReportOrder, StateChange } from './report-order';

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

/** An order placed in the shop's calendar, with what every figure needs of it, worked out once. */
interface Placed {
  order: ReportOrder;
  slot: LocalSlot;
  amount: Amount | undefined;
  answerMs: number | undefined;
  makeMs: number | undefined;
  rejection: StateChange | undefined;
  late: boolean;
  open: boolean;
}

/** One pass over the orders: each is placed once and counted into its groups and the whole as it comes. */
export function computeReport(orders: Iterable<ReportOrder>, options: ReportOptions): Report {
  const clock = new LocalClock(options.timeZone);
  const escalationMs = options.escalationMs ?? DEFAULT_ESCALATION_MS;
  const now = options.now ?? Date.now();
  const closing = new Map<string, number>();
  const fixedKeys = options.by === 'day' ? daysBetween(options.from, options.to) : options.by === 'hour' ? hourKeys() : [];
  const groups = new Map(fixedKeys.map((key) => [key, new Tally(key)]));
  const all = new Tally('');
  const weekHours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const answerSpread = new Array<number>(ANSWER_BUCKETS_S.length + 1).fill(0);
  for (const order of orders) {
    const slot = clock.slot(order.arrivedAt);
    if (slot.day < options.from || slot.day > options.to) continue;
    let closesAt = closing.get(slot.day);
    if (closesAt === undefined) closing.set(slot.day, (closesAt = clock.endOfDay(slot.day)));
    const item = place(order, slot, closesAt, escalationMs, now);
    weekHours[slot.weekday]![slot.hour]!++;
    if (item.answerMs !== undefined) answerSpread[spreadBar(item.answerMs)]!++;
    all.add(item);
    for (const key of keysOf(item, options.by)) {
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = new Tally(key)));
      group.add(item);
    }
  }
  // Every day and hour of the range in order (empty ones too), other keys alphabetically.
  const keys = fixedKeys.length > 0 ? fixedKeys : [...groups.keys()].sort();
  return {
    from: options.from,
    to: options.to,
    timeZone: clock.timeZone,
    by: options.by,
    escalationMs,
    groups: keys.map((key) => groups.get(key)!.figures()),
    all: all.figures(),
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
    amount: order.total === undefined ? undefined : amountOf(order.total),
    answerMs,
    makeMs: made && made.at - accepted.at,
    rejection: order.changes.find((change) => change.state === 'rejected'),
    late: waited > escalationMs,
    open: closed === undefined || closed.at >= closesAt,
  };
}

function spreadBar(answerMs: number): number {
  const bar = ANSWER_BUCKETS_S.findIndex((upTo) => answerMs <= upTo * 1000);
  return bar < 0 ? ANSWER_BUCKETS_S.length : bar;
}

function keysOf({ order, slot }: Placed, by: ReportBy): readonly string[] {
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

/** One group's figures, counted an order at a time. */
class Tally {
  private readonly money = new MoneyTotals();
  private readonly answers: number[] = [];
  private readonly makes: number[] = [];
  private readonly rejectReasons: Record<string, number> = {};
  private orders = 0;
  private rejected = 0;
  private late = 0;
  private open = 0;

  constructor(private readonly key: string) {}

  add(item: Placed): void {
    this.orders++;
    if (item.amount !== undefined) this.money.addAmount(item.order.currency, item.amount);
    if (item.answerMs !== undefined) this.answers.push(item.answerMs);
    if (item.makeMs !== undefined) this.makes.push(item.makeMs);
    if (item.late) this.late++;
    if (item.open) this.open++;
    if (item.rejection) {
      this.rejected++;
      const reason = item.rejection.reason ?? '';
      this.rejectReasons[reason] = (this.rejectReasons[reason] ?? 0) + 1;
    }
  }

  figures(): Figures {
    return {
      key: this.key,
      orders: this.orders,
      totals: this.money.totals(),
      answer: durations(this.answers),
      make: durations(this.makes),
      notAnsweredInTime: this.late,
      rejected: this.rejected,
      rejectReasons: this.rejectReasons,
      openAtClosing: this.open,
    };
  }
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
