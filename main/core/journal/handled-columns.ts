/**
 * The retained orders' handled states, by slot, in columns: who as a number into a table of
 * device names (a shop has a few), when as ms. A hub's journal is nearly all handled orders,
 * so a `{by, at}` object and an `at` string each would be 100,000 of each on the JS heap, all
 * surviving the load for the garbage collector to copy.
 */
import { isoTime, isoTimeMs } from './iso-time';
import type { KeptOrder } from './records';
import type { HandledState } from '../orders/order';
import { NameTable } from './name-table';
import { grownTo } from './typed-columns';

/** At most this many device names are numbered; more (a hostile client's) are kept as text. */
export const MAX_DEVICE_NAMES = 1024;
const NOT_HANDLED = 0;
/** In `odd`: a state the columns could not give back byte for byte. */
const ODD = -1;

export class HandledColumns {
  /** NOT_HANDLED, ODD, or a device's number in `names` plus 1. */
  private by: Int32Array;
  /** ms, for a state whose `by` is numbered. */
  private at: Float64Array;
  private names = new NameTable(MAX_DEVICE_NAMES);
  /** States whose time is not in toISOString's form, or whose name found the table full, by slot. */
  private readonly odd = new Map<number, HandledState>();

  constructor(slots: number) {
    this.by = new Int32Array(slots);
    this.at = new Float64Array(slots);
  }

  /** Makes room for `slots` slots, keeping the states of those there are. */
  grow(slots: number): void {
    this.by = grownTo(this.by, slots);
    this.at = grownTo(this.at, slots);
  }

  isHandled(slot: number): boolean {
    return this.by[slot] !== NOT_HANDLED;
  }

  /** When the slot's order was handled, ms: undefined if it was not, NaN if its time cannot be read. */
  handledAtMs(slot: number): number | undefined {
    const by = this.by[slot]!;
    if (by === NOT_HANDLED) return undefined;
    return by === ODD ? Date.parse(this.odd.get(slot)!.at) : this.at[slot]!;
  }

  /** The slot's handled state, if any: `{by, at}` with exactly the strings `set` was given. */
  stateOf(slot: number): HandledState | undefined {
    const by = this.by[slot]!;
    if (by === NOT_HANDLED) return undefined;
    return by === ODD ? this.odd.get(slot)! : { by: this.names.nameOf(by - 1), at: isoTime(this.at[slot]!) };
  }

  /** Gives `stored` the slot's handled state, if any: `{by, at}` with exactly the strings `set` was given. */
  copy(slot: number, stored: KeptOrder): void {
    const by = this.by[slot]!;
    if (by === ODD) stored.handled = this.odd.get(slot)!;
    else if (by !== NOT_HANDLED) stored.handledAt(this.names.nameOf(by - 1), this.at[slot]!);
  }

  set(slot: number, by: string, at: string): void {
    const ms = isoTimeMs(at);
    const name = Number.isNaN(ms) ? -1 : this.names.numberOf(by);
    if (this.by[slot] === ODD) this.odd.delete(slot);
    if (name < 0) {
      this.by[slot] = ODD;
      this.odd.set(slot, { by, at });
    } else {
      this.by[slot] = name + 1;
      this.at[slot] = ms;
    }
  }

  clear(slot: number): void {
    if (this.by[slot] === ODD) this.odd.delete(slot);
    this.by[slot] = NOT_HANDLED;
  }

  /** Slot `from`'s state is now slot `to`'s; `from` is left unhandled. */
  move(from: number, to: number): void {
    if (from === to) return;
    this.clear(to);
    this.by[to] = this.by[from]!;
    this.at[to] = this.at[from]!;
    const odd = this.odd.get(from);
    if (odd) this.odd.set(to, odd);
    this.clear(from);
  }

  /** Once the table is full, numbers anew only the names slots [0, `slots`) still use, so others can be numbered. */
  forgetUnusedNames(slots: number): void {
    if (!this.names.full) return;
    const renumbered = new Int32Array(this.names.size + 1);
    const names = this.names;
    this.names = new NameTable(MAX_DEVICE_NAMES);
    for (let slot = 0; slot < slots; slot++) {
      const by = this.by[slot]!;
      if (by <= NOT_HANDLED) continue;
      if (renumbered[by] === 0) renumbered[by] = this.names.numberOf(names.nameOf(by - 1)) + 1;
      this.by[slot] = renumbered[by]!;
    }
  }
}
