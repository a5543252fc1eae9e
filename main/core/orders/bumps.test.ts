import { describe, expect, it } from 'vitest';
import { allStationsBumped, applyBump, bumpedAt, stationDone, validateBumpAction, validateBumps, type OrderBumps } from './bumps';
import { parseStations, type Station } from './stations';
import type { Order } from './order';

const parsed = parseStations('bar: category in [drinks]\nkitchen: default');
if (!parsed.ok) throw new Error(parsed.error);
const STATIONS: Station[] = parsed.value;
const ORDER: Order = { id: 'o1', items: [{ name: 'Cola', qty: 1, category: 'drinks' }, { name: 'Noodles', qty: 1 }, { name: 'Rice', qty: 2 }] };
const AT = (minute: number) => ({ by: 'pad', at: `2026-12-06T12:${String(minute).padStart(2, '0')}:00.000Z` });

describe('bumps', () => {
  it('makes a station done by bumping its part of the order, or each of its items', () => {
    let bumps: OrderBumps = {};
    bumps = applyBump(bumps, { station: 'kitchen', item: 1 }, AT(1));
    expect(stationDone(bumps, 'kitchen', [1, 2])).toBe(false);
    bumps = applyBump(bumps, { station: 'kitchen', item: 2 }, AT(2));
    expect(stationDone(bumps, 'kitchen', [1, 2])).toBe(true);
    expect(bumpedAt(bumps, 'kitchen', [1, 2])).toBe(Date.parse(AT(2).at));
    expect(allStationsBumped(ORDER, STATIONS, bumps)).toBe(false);
    bumps = applyBump(bumps, { station: 'bar' }, AT(3));
    expect(allStationsBumped(ORDER, STATIONS, bumps)).toBe(true);
  });

  it('leaves the state it was given as it was', () => {
    const before: OrderBumps = { bar: { items: {} } };
    applyBump(before, { station: 'bar' }, AT(1));
    expect(before).toEqual({ bar: { items: {} } });
  });

  it('brings an order back with its items on a recall, and takes back one item on an undo', () => {
    let bumps: OrderBumps = applyBump({}, { station: 'kitchen', item: 1 }, AT(1));
    bumps = applyBump(bumps, { station: 'kitchen' }, AT(2));
    bumps = applyBump(bumps, { station: 'kitchen', undo: true }, AT(3));
    expect(bumps).toEqual({});
    bumps = applyBump(bumps, { station: 'kitchen', item: 1 }, AT(4));
    bumps = applyBump(bumps, { station: 'kitchen', item: 2 }, AT(4));
    bumps = applyBump(bumps, { station: 'kitchen', item: 2, undo: true }, AT(5));
    expect(bumps).toEqual({ kitchen: { items: { 1: AT(4) } } });
    expect(stationDone(bumps, 'kitchen', [1, 2])).toBe(false);
  });

  it('never calls an order with no routed items ready', () => {
    expect(allStationsBumped({ id: 'x', text: 'call' }, STATIONS, {})).toBe(false);
  });

  it('checks actions and states from devices and the journal, saying what is wrong', () => {
    expect(validateBumpAction({ station: 'bar', item: 2, undo: true })).toEqual({ ok: true, value: { station: 'bar', item: 2, undo: true } });
    expect(validateBumpAction({ station: 'bar', undo: false })).toEqual({ ok: true, value: { station: 'bar' } });
    expect(validateBumpAction({ station: '' })).toMatchObject({ ok: false, error: expect.stringMatching(/^station: /) });
    expect(validateBumpAction({ station: 'bar', item: -1 })).toMatchObject({ ok: false, error: expect.stringMatching(/^item: /) });
    expect(validateBumpAction({ station: 'bar', undo: 'yes' })).toEqual({ ok: false, error: 'undo: must be true or false' });
    const good = { bar: { done: AT(1), items: { 0: AT(1) } } };
    expect(validateBumps(JSON.parse(JSON.stringify(good)))).toEqual({ ok: true, value: good });
    expect(validateBumps({ bar: { items: { 0: { by: 'x\u202e', at: AT(1).at } } } })).toEqual({ ok: true, value: { bar: { items: { 0: { by: 'x', at: AT(1).at } } } } });
    expect(validateBumps({ bar: { items: { 0: { by: 'x', at: 'soon' } } } }).ok).toBe(false);
    expect(validateBumps({ bar: { done: AT(1) } }).ok).toBe(false);
    expect(validateBumps([]).ok).toBe(false);
  });
});
