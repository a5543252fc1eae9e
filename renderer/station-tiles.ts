/**
 * The tiles of a station screen, from the orders, the stations and their bumps: which orders a
 * screen still has to make (oldest first) and which it finished lately (newest first, to be
 * recalled). Pure: no DOM.
 */
import type { OrderView } from '../main/core/orders/views';
import type { OrderItem } from '../main/core/orders/order';
import { bumpedAt, stationDone, type OrderBumps } from '../main/core/orders/bumps';
import { routeItems, stationNames, type RoutedItem, type Station } from '../main/core/orders/stations';
import type { Display } from './station-display';
import { KITCHEN_DAY_MS } from '../main/core/orders/kitchen-view';

export interface TileItem {
  index: number;
  item: OrderItem;
  bumped: boolean;
}

/** One station's part of an order on a tile. */
export interface TilePart {
  station: string;
  items: TileItem[];
  done: boolean;
}

export interface Tile {
  view: OrderView;
  parts: TilePart[];
  /** When its last part was finished, for the recall list. */
  doneAt?: number;
}


/** The stations a display shows. */
export function shownStations(display: Display, stations: readonly Station[]): string[] {
  return display.kind === 'stations' ? display.names : stationNames(stations);
}

/** Each order's items per station, kept while the stations stay the same: a redraw in a rush does not route every order again. */
const routings = new WeakMap<OrderView['order'], { stations: readonly Station[]; routed: Map<string, RoutedItem[]> }>();

function routedOf(view: OrderView, stations: readonly Station[]): Map<string, RoutedItem[]> {
  const known = routings.get(view.order);
  if (known?.stations === stations) return known.routed;
  const routed = routeItems(view.order, stations);
  routings.set(view.order, { stations, routed });
  return routed;
}

/** Each order's tile as last made, and from what: a redraw makes again only the tiles of orders whose bumps changed. */
const tiles = new WeakMap<OrderView, { bumps: OrderBumps; stations: readonly Station[]; shown: string; tile: Tile | undefined }>();

function tileOf(view: OrderView, shown: readonly string[], stations: readonly Station[], bumps: OrderBumps): Tile | undefined {
  const shownKey = shown.join('\n');
  const known = tiles.get(view);
  if (known && known.bumps === bumps && known.stations === stations && known.shown === shownKey) return known.tile;
  const tile = makeTile(view, shown, stations, bumps);
  tiles.set(view, { bumps, stations, shown: shownKey, tile });
  return tile;
}

function makeTile(view: OrderView, shown: readonly string[], stations: readonly Station[], bumps: OrderBumps): Tile | undefined {
  const routedItems = routedOf(view, stations);
  const parts: TilePart[] = [];
  for (const station of shown) {
    const items = routedItems.get(station);
    if (!items) continue;
    const indexes = items.map((entry) => entry.index);
    const mine = bumps[station];
    parts.push({
      station,
      items: items.map(({ index, item }) => ({ index, item, bumped: mine?.done !== undefined || mine?.items[index] !== undefined })),
      done: stationDone(bumps, station, indexes),
    });
  }
  if (parts.length === 0) return undefined;
  const tile: Tile = { view, parts };
  if (parts.every((part) => part.done)) tile.doneAt = Math.max(...parts.map((part) => bumpedAt(bumps, part.station, part.items.map((item) => item.index)) ?? 0));
  return tile;
}

export interface Board {
  /** Still to make, oldest first. */
  active: Tile[];
  /** Finished within the recall time, last finished first. */
  recent: Tile[];
}

export function board(orders: readonly OrderView[], display: Display, stations: readonly Station[], bumpsOf: (id: string) => OrderBumps, now: number, recallMs: number): Board {
  const shown = shownStations(display, stations);
  const active: Tile[] = [];
  const recent: Tile[] = [];
  for (const view of orders) {
    if (now - view.receivedAt > KITCHEN_DAY_MS) continue;
    const tile = tileOf(view, shown, stations, bumpsOf(view.id));
    if (!tile) continue;
    if (tile.doneAt === undefined) active.push(tile);
    else if (now - tile.doneAt <= recallMs) recent.push(tile);
  }
  active.sort((a, b) => a.view.receivedAt - b.view.receivedAt || (a.view.seq ?? 0) - (b.view.seq ?? 0));
  recent.sort((a, b) => b.doneAt! - a.doneAt!);
  return { active, recent };
}

/** Whether an order has items for any of the shown stations: a new one rings this screen. */
export function hasItemsFor(view: OrderView, display: Display, stations: readonly Station[]): boolean {
  const routedItems = routedOf(view, stations);
  return shownStations(display, stations).some((station) => routedItems.has(station));
}
