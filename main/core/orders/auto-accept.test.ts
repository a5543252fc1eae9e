import { describe, expect, it } from 'vitest';
import { autoAccept, checkHours } from './auto-accept';

const NOON_UTC = Date.UTC(2026, 11, 6, 12, 0);

describe('auto-accept rules', () => {
  const rule = { channels: ['meituan', 'Website source'], readyInMin: 20, hours: '11:00-14:00' };

  it('takes an order of a listed channel or source inside the opening hours', () => {
    expect(autoAccept({ id: 'A', channel: 'meituan' }, rule, NOON_UTC, 0)).toBe(20);
    expect(autoAccept({ id: 'B', source: 'Website source' }, rule, NOON_UTC, 0)).toBe(20);
  });

  it('leaves other channels, orders outside the hours, and a shop without rules alone', () => {
    expect(autoAccept({ id: 'C', channel: 'phone' }, rule, NOON_UTC, 0)).toBeNull();
    expect(autoAccept({ id: 'D', channel: 'meituan' }, rule, NOON_UTC, 8 * 60)).toBeNull(); // 20:00 in Shanghai
    expect(autoAccept({ id: 'E', channel: 'meituan' }, undefined, NOON_UTC, 0)).toBeNull();
  });

  it('takes opening hours across midnight, and refuses a malformed one', () => {
    expect(autoAccept({ id: 'F', channel: 'meituan' }, { ...rule, hours: '18:00-02:00' }, Date.UTC(2026, 11, 6, 1, 0), 0)).toBe(20);
    expect(checkHours('11-14')).toBe('opening hours must be HH:MM-HH:MM, e.g. 11:00-22:00');
    expect(checkHours('11:00-14:00')).toBeUndefined();
  });
});
