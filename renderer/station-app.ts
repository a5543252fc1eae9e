/**
 * The kitchen display: a station screen (one or more stations) or expo (every station), in
 * place of the order screen, on a web view opened with `#station=…` or a desktop window set so. It rings once for each
 * new order with items for its stations, never for other stations' items; bumps go to the hub
 * and come back from it to every screen. Keys (a USB bump bar sends keys): 1–9 pick a tile,
 * Enter finishes it, R recalls the last finished order, arrows move the pick.
 */
import type { BumpAction } from '../main/core/orders/bumps';
import type { OrderView } from '../main/core/orders/views';
import { stationNames } from '../main/core/orders/stations';
import { t } from '../main/core/ui/i18n';
import { el, replaceChildren, setText, updateIfChanged } from './dom';
import type { KitchenDisplayState } from './kitchen-state';
import { DrawSchedule } from './draw-schedule';
import { SoundPlayer } from './sound';
import { saveScreen, type StationScreen } from './station-display';
import { board, hasItemsFor, shownStations, type Board, type Tile } from './station-tiles';
import { setTileLook, tileElement, tileMinutes, tileTitle, type BoardActions, type TileLook } from './views/station-board';

/** What the station screen needs of its bridge: the web view's (web-bridge.ts) or the desktop's (desktop-kitchen.ts). */
export interface KitchenSource {
  readonly kitchen: KitchenDisplayState;
  allOrders(): OrderView[];
  onOrdersChanged(listener: (orders: OrderView[]) => void): () => void;
}

/** New orders in a rush are drawn together at most this often (see draw-schedule.ts). */
const RUSH_DRAW_GAP_MS = 100;

export class StationApp {
  private current: Board = { active: [], recent: [] };
  private selected = 1;
  private recallOpen = false;
  private error = '';
  /** Orders this screen has seen: only one it had not seen, with items for it, rings. */
  private readonly seen = new Set<string>();
  private primed = false;
  /** This screen's bumps, last first, for Undo. */
  private readonly undoable: { id: string; action: BumpAction }[] = [];
  /** Each tile's element, the items it shows and its look: a rush or a bump rebuilds only the tiles whose items changed. */
  private readonly drawn = new Map<string, { tile: Tile; shows: string; look: string; element: HTMLElement }>();
  private readonly sound = new SoundPlayer();
  private readonly drawing = new DrawSchedule(() => this.draw(), RUSH_DRAW_GAP_MS);
  private readonly title = el('h1', {});
  private readonly count = el('span', { className: 'pending' });
  private readonly tiles = el('div', { className: 'station-tiles' });
  private readonly side = el('aside', { className: 'station-recall' });
  private readonly notice = el('p', { className: 'station-notice', role: 'alert' });
  private readonly actions: BoardActions = {
    bumpItem: (tile, part, index) => {
      const item = part.items.find((entry) => entry.index === index);
      void this.bump(tile.view.id, { station: part.station, item: index, ...(item?.bumped ? { undo: true } : {}) });
    },
    bumpOrder: (tile) => this.finish(tile),
  };

  constructor(
    private readonly source: KitchenSource,
    private readonly screen: StationScreen,
    private readonly root: HTMLElement,
  ) {}

  start(): void {
    this.root.classList.add('station-screen');
    const recall = el('button', { type: 'button', className: 'secondary', onClick: () => ((this.recallOpen = !this.recallOpen), this.draw()) }, t('stationRecall'));
    const undo = el('button', { type: 'button', className: 'secondary', onClick: () => void this.undo() }, t('stationUndo'));
    // Back to the counter's order screen, whose Settings choose another station.
    const leave = el('button', { type: 'button', className: 'secondary', onClick: () => this.leave() }, t('displayAll'));
    const header = el('header', { className: 'topbar station-bar' }, this.title, this.count, el('div', { className: 'station-buttons' }, undo, recall, leave));
    replaceChildren(this.root, header, this.notice, el('div', { className: 'station-body' }, this.tiles, this.side), el('footer', { className: 'station-keys' }, t('stationKeys')));
    this.sound.setChoice('chime');
    for (const gesture of ['pointerdown', 'pointerup', 'keydown']) document.addEventListener(gesture, () => this.sound.unlock(), true);
    document.addEventListener('keydown', (event) => this.onKey(event));
    this.source.onOrdersChanged(() => this.drawing.soon());
    this.source.kitchen.onChange(() => this.drawing.now());
    setInterval(() => this.drawing.now(), 15_000);
    this.draw();
  }

  private leave(): void {
    saveScreen(localStorage, { ...this.screen, display: { kind: 'all' } });
    location.reload();
  }

  private draw(): void {
    const { stations } = this.source.kitchen;
    const orders = this.source.allOrders();
    const now = Date.now();
    this.ringForNew(orders);
    this.current = board(orders, this.screen.display, stations, (id) => this.source.kitchen.bumpsOf(id), now, this.screen.recallMin * 60_000);
    const expo = this.screen.display.kind === 'expo';
    const names = shownStations(this.screen.display, stations);
    setText(this.title, expo ? t('expoTitle') : t('stationTitle', { names: names.join(', ') }));
    setText(this.count, this.current.active.length === 0 ? t('stationNothing') : t('stationWaiting', { n: this.current.active.length }));
    this.selected = Math.min(Math.max(1, this.selected), Math.max(1, this.current.active.length));
    const look = { now, warnMin: this.screen.warnMin, lateMin: this.screen.lateMin, expo, selected: this.selected };
    placeInOrder(this.tiles, this.current.active.map((tile, i) => this.tileOf(tile, i + 1, look)));
    const shown = new Set(this.current.active.map((tile) => tile.view.id));
    for (const id of this.drawn.keys()) if (!shown.has(id)) this.drawn.delete(id);
    setText(this.notice, this.error || this.configProblem(names));
    this.drawRecall();
  }

  private tileOf(tile: Tile, number: number, look: TileLook): HTMLElement {
    const looks = `${number} ${number === look.selected} ${tileMinutes(tile, look)}`;
    const known = this.drawn.get(tile.view.id);
    // The same tile is the same items; a tile made again (its bumps came) may still show the same.
    const shows = known?.tile === tile ? known.shows : tile.parts.map((part) => `${part.done ? 1 : 0}${part.items.map((item) => (item.bumped ? 1 : 0)).join('')}`).join(' ');
    if (known?.shows === shows) {
      if (known.look !== looks) setTileLook(known.element, tile, number, look);
      Object.assign(known, { tile, look: looks });
      return known.element;
    }
    const element = tileElement(tile, number, look, this.actions);
    this.drawn.set(tile.view.id, { tile, shows, look: looks, element });
    return element;
  }

  private configProblem(names: string[]): string {
    const known = stationNames(this.source.kitchen.stations);
    if (known.length === 0) return t('stationNoStations');
    const unknown = names.filter((name) => !known.includes(name));
    return unknown.length > 0 ? t('stationUnknown', { names: unknown.join(', ') }) : '';
  }

  private drawRecall(): void {
    this.side.hidden = !this.recallOpen;
    if (!this.recallOpen) return;
    const n = this.screen.recallMin;
    updateIfChanged(
      this.side,
      el('h2', {}, this.current.recent.length > 0 ? t('stationRecallTitle', { n }) : t('stationRecallNone', { n })),
      ...this.current.recent.map((tile) => el('button', { type: 'button', className: 'recall-entry', 'data-id': tile.view.id, onClick: () => void this.recall(tile) }, tileTitle(tile.view.order), ` · #${tile.view.id}`)),
    );
  }

  /** The first drawing only learns what is there: a reload does not ring for every order again. */
  private ringForNew(orders: OrderView[]): void {
    let ring = false;
    for (const view of orders) {
      if (this.seen.has(view.id)) continue;
      this.seen.add(view.id);
      if (this.primed && hasItemsFor(view, this.screen.display, this.source.kitchen.stations)) ring = true;
    }
    // Stations come after hello, orders after them: until stations are known nothing can be told apart.
    if (this.source.kitchen.stations.length > 0) this.primed = true;
    if (ring) this.sound.perform({ kind: 'sound', sound: 'new-order', volume: 1 });
  }

  /** Finishes the tile's parts: every shown station's part that is not done yet. */
  private finish(tile: Tile): void {
    for (const part of tile.parts) if (!part.done) void this.bump(tile.view.id, { station: part.station });
  }

  private recall(tile: Tile): void {
    for (const part of tile.parts) void this.bump(tile.view.id, { station: part.station, undo: true }, false);
  }

  private async bump(id: string, action: BumpAction, undoable = true): Promise<void> {
    try {
      await this.source.kitchen.bump(id, action);
      this.error = '';
      if (undoable) this.undoable.unshift({ id, action });
    } catch (error) {
      this.error = t('stationBumpFailed', { error: (error as Error).message });
    }
    this.drawing.now();
  }

  /** Takes back this screen's last bump; an item bump undone is the item again, an order's is a recall. */
  private async undo(): Promise<void> {
    const last = this.undoable.shift();
    if (!last) return;
    const { undo, ...action } = last.action;
    await this.bump(last.id, undo ? action : { ...action, undo: true }, false);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
    const tiles = this.current.active;
    if (/^[1-9]$/.test(event.key)) this.selected = Number(event.key);
    else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') this.selected = Math.min(this.selected + 1, tiles.length);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') this.selected = Math.max(this.selected - 1, 1);
    else if (event.key === 'Enter') {
      const tile = tiles[this.selected - 1];
      if (tile) this.finish(tile);
    } else if (event.key === 'r' || event.key === 'R' || event.key === '*') {
      const last = this.current.recent[0];
      if (last) this.recall(last);
    } else return;
    event.preventDefault();
    this.drawing.now();
  }
}

/**
 * Makes `parent`'s children exactly `nodes`, moving or adding only those not already in place.
 * Children that are not kept go first: a tile rebuilt by a bump then takes its old place in
 * one insert, where its old element left in place would have shifted every later tile by one
 * (a move each, and the whole board's style and layout again).
 */
function placeInOrder(parent: HTMLElement, nodes: HTMLElement[]): void {
  const kept = new Set<Element>(nodes);
  for (const child of [...parent.children]) if (!kept.has(child)) child.remove();
  nodes.forEach((node, i) => {
    const current = parent.children[i];
    if (current !== node) parent.insertBefore(node, current ?? null);
  });
}
