import { describe, expect, it } from 'vitest';
import { NameTable } from './name-table';

describe('NameTable', () => {
  it('numbers each name once, in the order first seen, and gives it back', () => {
    const table = new NameTable(10);
    expect(['Till 1', 'Phone', 'Till 1', 'Kitchen'].map((name) => table.numberOf(name))).toEqual([0, 1, 0, 2]);
    expect([0, 1, 2].map((number) => table.nameOf(number))).toEqual(['Till 1', 'Phone', 'Kitchen']);
    expect(table.size).toBe(3);
  });

  it('numbers no new name once full, but still the names it has', () => {
    const table = new NameTable(2);
    table.numberOf('a');
    table.numberOf('b');
    expect(table.full).toBe(true);
    expect(table.numberOf('c')).toBe(-1);
    expect(table.numberOf('b')).toBe(1);
    expect(table.size).toBe(2);
  });
});
