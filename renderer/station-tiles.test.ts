import { describe, expect, it } from 'vitest';
import { applyBump, type OrderBumps } from '../main/core/orders/bumps';
import { parseStations, type Station } from '../main/core/orders/stations';
import type { OrderView } from '../main/core/orders/views';
import { board, hasItemsFor } from './station-tiles';
import { DEFAULT_SCREEN, displayOf, loadScreen, screenFromLink } from './station-display';

const parsed = parseStations('bar: category in [drinks]\nkitchen: default');
if (!parsed.ok) throw new Error(parsed.error);
const STATIONS: Station[] = parsed.value;
const NOW = Date.parse('2026-12-06T12:30:00Z');

function view(id: string, minutesAgo: number, items: { name: string; category?: string }[]): OrderView {
  return { id, seq: null, order: { id, items: items.map((item) => ({ qty: 1, ...item })) }, receivedAt: NOW - minutesAgo * 60_000, handled: null };
}

const ORDERS = [view('late', 9, [{ name: 'Rice' }, { name: 'Cola', category: 'drinks' }]), view('new', 1, [{ name: 'Tea', category: 'drinks' }]), view('old', 20 * 60, [{ name: 'Soup' }])];
const mark = (minutesAgo: number) => ({ by: 'pad', at: new Date(NOW - minutesAgo * 60_000).toISOString() });

describe('station board', () => {
  it('lists a station\'s orders oldest first with only its items, and leaves out yesterday\'s', () => {
    const kitchen = board(ORDERS, displayOf('kitchen'), STATIONS, () => ({}), NOW, 30 * 60_000);
    expect(kitchen.active.map((tile) => [tile.view.id, tile.parts.flatMap((part) => part.items.map((item) => item.item.name))])).toEqual([['late', ['Rice']]]);
    const bar = board(ORDERS, displayOf('bar'), STATIONS, () => ({}), NOW, 30 * 60_000);
    expect(bar.active.map((tile) => tile.view.id)).toEqual(['late', 'new']);
    const expo = board(ORDERS, displayOf('expo'), STATIONS, () => ({}), NOW, 30 * 60_000);
    expect(expo.active[0]!.parts.map((part) => part.station)).toEqual(['bar', 'kitchen']);
  });

  it('moves a finished order to the recall list, newest first, until the recall time is over', () => {
    const bumps: Record<string, OrderBumps> = {
      late: applyBump({}, { station: 'bar' }, mark(20)),
      new: applyBump({}, { station: 'bar', item: 0 }, mark(2)),
    };
    const bar = board(ORDERS, displayOf('bar'), STATIONS, (id) => bumps[id] ?? {}, NOW, 30 * 60_000);
    expect(bar.active).toEqual([]);
    expect(bar.recent.map((tile) => tile.view.id)).toEqual(['new', 'late']);
    expect(board(ORDERS, displayOf('bar'), STATIONS, (id) => bumps[id] ?? {}, NOW, 10 * 60_000).recent.map((tile) => tile.view.id)).toEqual(['new']);
    // Expo: the kitchen still has to make the rice.
    const expo = board(ORDERS, displayOf('expo'), STATIONS, (id) => bumps[id] ?? {}, NOW, 30 * 60_000);
    expect(expo.active.map((tile) => [tile.view.id, tile.parts.map((part) => part.done)])).toEqual([['late', [true, false]]]);
  });

  it('redraws the same orders with their bumps and stations as they are now, not as first drawn', () => {
    let bumps: OrderBumps = {};
    let stations = STATIONS;
    const itemsOf = () => board(ORDERS, displayOf('expo'), stations, () => bumps, NOW, 30 * 60_000).active.map((tile) => tile.parts.map((part) => [part.station, part.items.map((item) => [item.item.name, item.bumped])]));
    expect(itemsOf()).toEqual([[['bar', [['Cola', false]]], ['kitchen', [['Rice', false]]]], [['bar', [['Tea', false]]]]]);
    bumps = applyBump(bumps, { station: 'kitchen', item: 0 }, mark(1));
    expect(itemsOf()[0]).toEqual([['bar', [['Cola', false]]], ['kitchen', [['Rice', true]]]]);
    const grill = parseStations('grill: name ~ rice\nbar: default');
    if (!grill.ok) throw new Error(grill.error);
    stations = grill.value;
    expect(itemsOf()[0]).toEqual([['grill', [['Rice', false]]], ['bar', [['Cola', false]]]]);
  });

  it('rings a screen only for orders with items for its stations', () => {
    expect(hasItemsFor(ORDERS[1]!, displayOf('bar'), STATIONS)).toBe(true);
    expect(hasItemsFor(ORDERS[1]!, displayOf('kitchen'), STATIONS)).toBe(false);
    expect(hasItemsFor(ORDERS[1]!, displayOf('expo'), STATIONS)).toBe(true);
  });
});

describe('station display choice', () => {
  function storage(): Storage {
    const items = new Map<string, string>();
    return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) } as Storage;
  }

  it('takes the station and the age thresholds from the link, and keeps them', () => {
    const kept = storage();
    expect(screenFromLink('#token=x', kept)).toBe(false);
    expect(loadScreen(kept)).toEqual(DEFAULT_SCREEN);
    expect(screenFromLink('#token=x&station=bar,grill&warn=4&late=abc', kept)).toBe(true);
    expect(loadScreen(kept)).toEqual({ ...DEFAULT_SCREEN, display: { kind: 'stations', names: ['bar', 'grill'] }, warnMin: 4 });
    screenFromLink('#station=all', kept);
    expect(loadScreen(kept).display).toEqual({ kind: 'all' });
    expect(displayOf('EXPO')).toEqual({ kind: 'expo' });
  });
});
