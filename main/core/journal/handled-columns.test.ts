import { describe, expect, it } from 'vitest';
import { HandledColumns, MAX_DEVICE_NAMES } from './handled-columns';
import { KeptOrder } from './records';

const AT = Date.parse('2026-11-27T08:00:00.000Z');

/** Each slot's handled state, as a KeptOrder made from it shows it. */
function states(columns: HandledColumns, slots: number) {
  return Array.from({ length: slots }, (_, slot) => {
    const stored = new KeptOrder('A', 1, AT, Buffer.from('{"id":"A"}'), 0, 10);
    columns.copy(slot, stored);
    return stored.handled;
  });
}

describe('HandledColumns', () => {
  it('gives back exactly the strings it was given, whatever form the time has', () => {
    const columns = new HandledColumns(8);
    const given = [
      { by: 'Till 1', at: '2026-11-27T08:05:09.123Z' },
      { by: 'Till 1', at: '2026-11-27T08:05:09Z' },
      { by: 'api@127.0.0.1', at: '2026-11-27T08:05:09.123+00:00' },
      { by: 'Kitchen "2" 号', at: 'now' },
      { by: '', at: '' },
      { by: 'Kitchen "2" 号', at: '+010000-01-01T00:00:00.000Z' },
      { by: 'Till 1', at: '0001-01-01T00:00:00.000Z' },
    ];
    given.forEach(({ by, at }, slot) => columns.set(slot, by, at));
    expect(states(columns, 8)).toEqual([...given, undefined]);
    expect(given.map((_, slot) => columns.isHandled(slot)).concat(columns.isHandled(7))).toEqual([...given.map(() => true), false]);
  });

  it('keeps states by device names past the table cap, and numbers new names once unused ones are forgotten', () => {
    const slots = MAX_DEVICE_NAMES + 500;
    const columns = new HandledColumns(slots);
    const named = (slot: number, round: string) => ({ by: `${round} device ${slot} ${'x'.repeat(slot % 50)}`, at: new Date(AT + slot).toISOString() });
    for (let slot = 0; slot < slots; slot++) columns.set(slot, named(slot, 'first').by, named(slot, 'first').at);
    expect(states(columns, slots)).toEqual(Array.from({ length: slots }, (_, slot) => named(slot, 'first')));
    // The odd half of the orders leave, their slots move down, and new devices handle the orders after them.
    for (let slot = 1; slot < slots; slot += 2) columns.clear(slot);
    for (let from = 0, to = 0; from < slots; from += 2, to++) columns.move(from, to);
    columns.forgetUnusedNames(slots / 2);
    for (let slot = slots / 2; slot < slots; slot++) columns.set(slot, named(slot, 'second').by, named(slot, 'second').at);
    const expected = Array.from({ length: slots }, (_, slot) => (slot < slots / 2 ? named(slot * 2, 'first') : named(slot, 'second')));
    expect(states(columns, slots)).toEqual(expected);
    columns.grow(slots * 2);
    expect(states(columns, slots + 1)).toEqual([...expected, undefined]);
  });
});
