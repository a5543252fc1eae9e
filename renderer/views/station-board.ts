/**
 * The station screen's tiles: large type for a wall tablet or a TV, one tile per order in
 * columns, oldest first; each tile its number (for a bump bar), who it is for, its age, and
 * the station's items with their notes. Tapping an item bumps it, tapping the header bumps
 * the station's part of the order.
 */
import { el, setText } from '../dom';
import { t } from '../../main/core/ui/i18n';
import type { Order } from '../../main/core/orders/order';
import type { Tile, TilePart } from '../station-tiles';

export interface BoardActions {
  bumpItem(tile: Tile, part: TilePart, index: number): void;
  bumpOrder(tile: Tile): void;
}

export interface TileLook {
  now: number;
  warnMin: number;
  lateMin: number;
  /** Expo: each part is headed by its station's name. */
  expo: boolean;
  selected: number;
}

/** Who the order is for, as the kitchen calls it: the table, the pickup or delivery name, else its number. */
export function tileTitle(order: Order): string {
  if (order.table) return t('table', { table: order.table });
  const name = order.customer?.name ?? order.title ?? `#${order.id}`;
  if (order.customer?.address) return t('stationDelivery', { name });
  if (order.customer?.name) return t('stationPickup', { name });
  return order.title ? `${order.title}` : `#${order.id}`;
}

function ageClass(minutes: number, look: TileLook): string {
  if (minutes >= look.lateMin) return 'late';
  return minutes >= look.warnMin ? 'warn' : 'fresh';
}

function itemRow(tile: Tile, part: TilePart, entry: TilePart['items'][number], actions: BoardActions): HTMLElement {
  const { item, index, bumped } = entry;
  return el(
    'li',
    { className: `station-item${bumped ? ' bumped' : ''}`, 'data-index': index },
    el(
      'button',
      { type: 'button', className: 'station-item-button', 'aria-pressed': String(bumped), onClick: () => actions.bumpItem(tile, part, index) },
      el('span', { className: 'qty' }, `${item.qty}×`),
      el('span', { className: 'name' }, item.name),
    ),
    item.note ? el('p', { className: 'station-note' }, item.note) : null,
  );
}

function partBlock(tile: Tile, part: TilePart, look: TileLook, actions: BoardActions): HTMLElement {
  return el(
    'section',
    { className: `station-part${part.done ? ' done' : ''}`, 'data-station': part.station },
    look.expo ? el('h3', {}, part.station, part.done ? ` · ${t('stationPartDone')}` : '') : null,
    el('ul', {}, ...part.items.map((entry) => itemRow(tile, part, entry, actions))),
  );
}

/** The tile's age in whole minutes. */
export function tileMinutes(tile: Tile, look: TileLook): number {
  return Math.max(0, Math.floor((look.now - tile.view.receivedAt) / 60_000));
}

export function tileElement(tile: Tile, number: number, look: TileLook, actions: BoardActions): HTMLElement {
  const { order, id } = tile.view;
  const element = el(
    'article',
    { 'data-id': id },
    el(
      'button',
      { type: 'button', className: 'station-tile-head', onClick: () => actions.bumpOrder(tile) },
      el('span', { className: 'tile-number' }),
      el('span', { className: 'tile-title' }, tileTitle(order)),
      el('span', { className: 'tile-age' }),
    ),
    order.note ? el('p', { className: 'station-note order-note' }, order.note) : null,
    ...tile.parts.map((part) => partBlock(tile, part, look, actions)),
  );
  setTileLook(element, tile, number, look);
  return element;
}

/**
 * Sets what changes on a tile without its items changing: its number (tiles before it were
 * finished), whether it is picked, its age and colour. The tile's items stay as they are.
 */
export function setTileLook(element: HTMLElement, tile: Tile, number: number, look: TileLook): void {
  const minutes = tileMinutes(tile, look);
  const className = `station-tile ${ageClass(minutes, look)}${number === look.selected ? ' selected' : ''}`;
  if (element.className !== className) element.className = className;
  setText(element.querySelector('.tile-number')!, String(number));
  setText(element.querySelector('.tile-age')!, t('stationMinutes', { n: minutes }));
}
