/**
 * The orders a report is computed from, as numbers: one row per order in typed arrays (arrival,
 * first answer, make time, close, total), its text (channel, currency, device, reject reason) as
 * numbers into one table of names, its stations as a number into a table of lists. A month of
 * 30,000 orders is a few typed arrays instead of 30,000 objects with arrays of changes: nothing
 * for the garbage collector to copy while they are kept between requests, and a loop over
 * numbers that V8 compiles at once.
 */
import { grownTo, type Column } from '../journal/typed-columns';
import type { Amount } from '../orders/amount';

/** In `rejectReasons`: not rejected. In `scales`: no total. */
const NONE = -1;
const FIRST_ROWS = 1024;

/** A change of state as the rows read it; `at` is read by the caller's `timeOf`, once per change. */
interface Change {
  state: string;
  by: string;
  reason?: string | undefined;
}

export class ReportRows {
  count = 0;
  /** ms since the epoch. */
  arrivedAt = new Float64Array(0);
  /** The first answer (accepted, rejected or done), ms; NaN for none. */
  answeredAt = new Float64Array(0);
  /** Accepted → ready, or → done without a ready, ms; NaN for none. */
  makeMs = new Float64Array(0);
  /** The first done or rejected, ms; NaN for none. */
  closedAt = new Float64Array(0);
  /** Numbers into `names`. */
  channels = new Int32Array(0);
  currencies = new Int32Array(0);
  /** Who gave the first answer; '' for none. */
  devices = new Int32Array(0);
  /** The first rejection's reason ('' for none given), or NONE: not rejected. */
  rejectReasons = new Int32Array(0);
  /** A number into `stationLists`. */
  stations = new Int32Array(0);
  /** The total in units of 10^-scale; a total too long for a double exactly is in `bigUnits`. */
  units = new Float64Array(0);
  scales = new Int32Array(0);
  readonly bigUnits = new Map<number, bigint>();
  readonly names: string[] = [];
  readonly stationLists: (readonly string[])[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly listNumbers = new Map<readonly string[], number>();
  /** The times of the changes of the order being added, by index. */
  private times = new Float64Array(16);

  /** `expectedRows`: room made at once, so that reading a month's orders copies no column as it grows. */
  constructor(expectedRows = FIRST_ROWS) {
    this.grow(Math.max(1, expectedRows));
  }

  /**
   * Adds an order. `changes[from…]`: the changes that stand, oldest first; `timeOf` reads each
   * one's time as ms.
   */
  add<C extends Change>(arrivedAt: number, channel: string, currency: string, total: Amount | undefined, stations: readonly string[], changes: readonly C[], from: number, timeOf: (change: C) => number): void {
    if (this.count === this.arrivedAt.length) this.grow(this.count * 2);
    const row = this.count++;
    this.arrivedAt[row] = arrivedAt;
    this.channels[row] = this.numberOf(channel);
    this.currencies[row] = this.numberOf(currency);
    this.stations[row] = this.listNumberOf(stations);
    this.scales[row] = total?.scale ?? NONE;
    if (typeof total?.units === 'bigint') this.bigUnits.set(row, total.units);
    else this.units[row] = total?.units ?? 0;
    this.addChanges(row, changes, from, timeOf);
  }

  /** The row's total in units of 10^-scale (see `hasTotal`). */
  unitsOf(row: number): number | bigint {
    return this.bigUnits.get(row) ?? this.units[row]!;
  }

  hasTotal(row: number): boolean {
    return this.scales[row] !== NONE;
  }

  isRejected(row: number): boolean {
    return this.rejectReasons[row] !== NONE;
  }

  /** What every figure needs of the changes, found as `figures.ts` once found it in a ReportOrder's; each time read once. */
  private addChanges<C extends Change>(row: number, changes: readonly C[], from: number, timeOf: (change: C) => number): void {
    if (this.times.length < changes.length) this.times = new Float64Array(changes.length * 2);
    const times = this.times;
    let answeredAt = Number.NaN;
    let acceptedAt = Number.NaN;
    let closedAt = Number.NaN;
    let device = '';
    let rejectReason = NONE;
    for (let at = from; at < changes.length; at++) {
      const change = changes[at]!;
      const state = change.state;
      const changedAt = (times[at] = timeOf(change));
      if (state !== 'ready' && Number.isNaN(answeredAt)) {
        answeredAt = changedAt;
        device = change.by;
      }
      if (state === 'accepted' && Number.isNaN(acceptedAt)) acceptedAt = changedAt;
      if ((state === 'done' || state === 'rejected') && Number.isNaN(closedAt)) closedAt = changedAt;
      if (state === 'rejected' && rejectReason === NONE) rejectReason = this.numberOf(change.reason ?? '');
    }
    // Made: the first ready or done at or after the accept, wherever it stands in the list.
    let madeAt = Number.NaN;
    for (let at = from; at < changes.length && !Number.isNaN(acceptedAt) && Number.isNaN(madeAt); at++) {
      const state = changes[at]!.state;
      if ((state === 'ready' || state === 'done') && times[at]! >= acceptedAt) madeAt = times[at]!;
    }
    this.answeredAt[row] = answeredAt;
    this.makeMs[row] = madeAt - acceptedAt;
    this.closedAt[row] = closedAt;
    this.devices[row] = this.numberOf(device);
    this.rejectReasons[row] = rejectReason;
  }

  private numberOf(name: string): number {
    let number = this.numbers.get(name);
    if (number === undefined) this.numbers.set(name, (number = this.names.push(name) - 1));
    return number;
  }

  private listNumberOf(list: readonly string[]): number {
    let number = this.listNumbers.get(list);
    if (number === undefined) this.listNumbers.set(list, (number = this.stationLists.push(list) - 1));
    return number;
  }

  private grow(rows: number): void {
    const grown = <T extends Column>(column: T): T => grownTo(column, rows);
    this.arrivedAt = grown(this.arrivedAt);
    this.answeredAt = grown(this.answeredAt);
    this.makeMs = grown(this.makeMs);
    this.closedAt = grown(this.closedAt);
    this.channels = grown(this.channels);
    this.currencies = grown(this.currencies);
    this.devices = grown(this.devices);
    this.rejectReasons = grown(this.rejectReasons);
    this.stations = grown(this.stations);
    this.units = grown(this.units);
    this.scales = grown(this.scales);
  }
}
