/**
 * What a screen showing stations or expo is fed when it is not a web view: the hub's stations,
 * the orders of the kitchen's day (handled ones too: the counter may be done before the kitchen
 * is) and their bumps, as this device last heard them from the hub.
 */
import type { OrderBumps } from './bumps';
import type { Station } from './stations';
import type { OrderView } from './views';

export interface KitchenView {
  stations: Station[];
  orders: OrderView[];
  /** Each order's bumps by its id; an order without bumps is absent. */
  bumps: Record<string, OrderBumps>;
}

/** Orders older than this are no kitchen's work any more, bumped or not. */
export const KITCHEN_DAY_MS = 12 * 3600 * 1000;
