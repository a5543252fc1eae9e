/**
 * The figures of a report: per local day, hour of day, channel, station or device, how many
 * orders, their value per currency, how fast they were answered and made, how many waited past
 * the escalation time, were rejected (and why), or were still open when their day closed.
 */
import { LocalClock, type LocalSlot } from './local-time';
import { MoneyTotals } from './money';
import { reportRowsOf, type ReportOrder } from './report-order';
import { ReportRows } from './report-rows';

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

/** One pass over the rows: each order is placed once and counted into its groups and the whole as it comes. */
export function computeReport(orders: Iterable<ReportOrder> | ReportRows, options: ReportOptions): Report {
  const rows = orders instanceof ReportRows ? orders : reportRowsOf(orders);
  const clock = new LocalClock(options.timeZone);
  const escalationMs = options.escalationMs ?? DEFAULT_ESCALATION_MS;
  const now = options.now ?? Date.now();
  const closing = new Map<string, number>();
  const fixedKeys = options.by === 'day' ? daysBetween(options.from, options.to) : options.by === 'hour' ? HOUR_KEYS : [];
  const groups = new Map(fixedKeys.map((key) => [key, new Tally(key, rows)]));
  const groupOf = (key: string) => {
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = new Tally(key, rows)));
    return group;
  };
  const all = new Tally('', rows);
  const weekHours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const answerSpread = new Array<number>(ANSWER_BUCKETS_S.length + 1).fill(0);
  for (let row = 0; row < rows.count; row++) {
    const arrivedAt = rows.arrivedAt[row]!;
    const slot = clock.slot(arrivedAt);
    if (slot.day < options.from || slot.day > options.to) continue;
    let closesAt = closing.get(slot.day);
    if (closesAt === undefined) closing.set(slot.day, (closesAt = clock.endOfDay(slot.day)));
    const answeredAt = rows.answeredAt[row]!;
    const answerMs = Number.isNaN(answeredAt) ? undefined : Math.max(0, answeredAt - arrivedAt);
    const late = (answerMs ?? now - arrivedAt) > escalationMs;
    const closedAt = rows.closedAt[row]!;
    const open = Number.isNaN(closedAt) || closedAt >= closesAt;
    weekHours[slot.weekday]![slot.hour]!++;
    if (answerMs !== undefined) answerSpread[spreadBar(answerMs)]!++;
    all.add(row, answerMs, late, open);
    if (options.by === 'station') {
      const stations = rows.stationLists[rows.stations[row]!]!;
      if (stations.length === 0) groupOf('').add(row, answerMs, late, open);
      for (const station of stations) groupOf(station).add(row, answerMs, late, open);
    } else groupOf(keyOf(rows, row, slot, options.by)).add(row, answerMs, late, open);
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

function spreadBar(answerMs: number): number {
  const bar = ANSWER_BUCKETS_S.findIndex((upTo) => answerMs <= upTo * 1000);
  return bar < 0 ? ANSWER_BUCKETS_S.length : bar;
}

const HOUR_KEYS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));

/** The one group of an order by anything but station. */
function keyOf(rows: ReportRows, row: number, slot: LocalSlot, by: Exclude<ReportBy, 'station'>): string {
  switch (by) {
    case 'day':
      return slot.day;
    case 'hour':
      return HOUR_KEYS[slot.hour]!;
    case 'channel':
      return rows.names[rows.channels[row]!]!;
    case 'device':
      return rows.names[rows.devices[row]!]!;
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

  constructor(
    private readonly key: string,
    private readonly rows: ReportRows,
  ) {}

  add(row: number, answerMs: number | undefined, late: boolean, open: boolean): void {
    const rows = this.rows;
    this.orders++;
    if (rows.hasTotal(row)) this.money.add(rows.names[rows.currencies[row]!]!, rows.unitsOf(row), rows.scales[row]!);
    if (answerMs !== undefined) this.answers.push(answerMs);
    const makeMs = rows.makeMs[row]!;
    if (!Number.isNaN(makeMs)) this.makes.push(makeMs);
    if (late) this.late++;
    if (open) this.open++;
    if (rows.isRejected(row)) {
      this.rejected++;
      const reason = rows.names[rows.rejectReasons[row]!]!;
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
