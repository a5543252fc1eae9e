/**
 * Bumps on the kitchen display: a station marks an item, or its whole part of an order, as
 * made; a recall or an undo takes a bump back. An order's bumps are one small state that the
 * hub journals whole after each change and sends whole to every device, so applying it twice
 * or late never changes the outcome. Pure: no Node or DOM.
 */
import type { Order } from './order';
import { oneLine } from './untrusted-text';
import { routeItems, STATION_NAME_MAX, type Station } from './stations';

/** Who bumped and when (ISO 8601). */
export interface BumpMark {
  by: string;
  at: string;
}

/** One station's bumps of one order: its part of the order bumped, and single items by their place in `order.items`. */
export interface StationBumps {
  done?: BumpMark;
  items: Record<number, BumpMark>;
}

/** An order's bumps per station name. */
export type OrderBumps = Record<string, StationBumps>;

/** A change asked for: bump (or with `undo`, take back) an item, or without `item` the station's part of the order. */
export interface BumpAction {
  station: string;
  item?: number;
  undo?: boolean;
}

/** The bumps after `action`, by `mark`; the state given is not changed. Undoing the order's bump (a recall) brings its items back too. */
export function applyBump(bumps: OrderBumps, action: BumpAction, mark: BumpMark): OrderBumps {
  const next: OrderBumps = { ...bumps };
  const station: StationBumps = { ...next[action.station], items: { ...next[action.station]?.items } };
  if (action.item === undefined && action.undo) {
    delete next[action.station];
    return next;
  }
  if (action.item === undefined) station.done = mark;
  else if (action.undo) {
    delete station.items[action.item];
    delete station.done;
  } else station.items[action.item] = mark;
  next[action.station] = station;
  return next;
}

/** Whether a station is finished with its part of the order: bumped whole, or each of its items bumped. */
export function stationDone(bumps: OrderBumps, station: string, itemIndexes: readonly number[]): boolean {
  const mine = bumps[station];
  if (!mine) return false;
  return mine.done !== undefined || (itemIndexes.length > 0 && itemIndexes.every((index) => mine.items[index] !== undefined));
}

/**
 * Whether every station that has items of the order is finished with them: the order is ready
 * (what feeds the order's `ready` state). An order no station has items of is never ready by bumps.
 */
export function allStationsBumped(order: Order, stations: readonly Station[], bumps: OrderBumps): boolean {
  const routed = routeItems(order, stations);
  if (routed.size === 0) return false;
  return [...routed].every(([name, items]) => stationDone(bumps, name, items.map((entry) => entry.index)));
}

/** When the station's part of the order was last bumped (ms since the epoch), or undefined while it is not done. */
export function bumpedAt(bumps: OrderBumps, station: string, itemIndexes: readonly number[]): number | undefined {
  const mine = bumps[station];
  if (!mine || !stationDone(bumps, station, itemIndexes)) return undefined;
  const marks = mine.done ? [mine.done] : itemIndexes.map((index) => mine.items[index]!);
  return Math.max(...marks.map((mark) => Date.parse(mark.at)));
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isMark = (value: unknown): value is BumpMark =>
  isRecord(value) && typeof value.by === 'string' && value.by.length <= 256 && typeof value.at === 'string' && value.at.length <= 64 && Number.isFinite(Date.parse(value.at));
const isItemIndex = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) < 500;
const isStationName = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= STATION_NAME_MAX;

/** Checks a bump action from a device. */
export function validateBumpAction(input: Record<string, unknown>): Checked<BumpAction> {
  if (!isStationName(input.station)) return { ok: false, error: `station: must be a station's name of 1 to ${STATION_NAME_MAX} characters` };
  const action: BumpAction = { station: input.station };
  if (input.item !== undefined) {
    if (!isItemIndex(input.item)) return { ok: false, error: "item: must be the item's place in the order, 0 to 499" };
    action.item = input.item;
  }
  if (input.undo !== undefined) {
    if (typeof input.undo !== 'boolean') return { ok: false, error: 'undo: must be true or false' };
    if (input.undo) action.undo = true;
  }
  return { ok: true, value: action };
}

/** Checks an order's bumps from untrusted JSON (a message from the hub, a journal record). */
export function validateBumps(input: unknown): Checked<OrderBumps> {
  if (!isRecord(input)) return { ok: false, error: 'bumps: must be an object' };
  const bumps: OrderBumps = {};
  for (const [name, value] of Object.entries(input)) {
    if (!isStationName(name) || name === '__proto__') return { ok: false, error: `bumps: ${JSON.stringify(name.slice(0, 40))} is not a station's name` };
    if (!isRecord(value) || !isRecord(value.items)) return { ok: false, error: `bumps.${name}: must be {"done"?, "items"}` };
    const station: StationBumps = { items: {} };
    if (value.done !== undefined) {
      if (!isMark(value.done)) return { ok: false, error: `bumps.${name}.done: must be {"by": string, "at": an ISO 8601 time}` };
      station.done = { by: oneLine(value.done.by), at: value.done.at };
    }
    for (const [index, mark] of Object.entries(value.items)) {
      if (!isItemIndex(Number(index)) || !isMark(mark)) return { ok: false, error: `bumps.${name}.items.${index.slice(0, 8)}: must be an item's place and {"by", "at"}` };
      station.items[Number(index)] = { by: oneLine(mark.by), at: mark.at };
    }
    bumps[name] = station;
  }
  return { ok: true, value: bumps };
}
