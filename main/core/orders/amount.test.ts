import { describe, expect, it } from 'vitest';
import { amountOf, amountText, totalAmount } from './amount';

describe('amounts', () => {
  it('reads a total as an integer of its smallest unit: a number wherever a double holds it exactly, a bigint past that', () => {
    const read = ['12.50', '-0.5', '7', '007.5', '0.000000000000001', '999999999999999', '-99999999999999.9', '1234567890123456', '9007199254740993', '-123456789012345678901234567890.5'].map(amountOf);
    expect(read).toEqual([
      { units: 1250, scale: 2 },
      { units: -5, scale: 1 },
      { units: 7, scale: 0 },
      { units: 75, scale: 1 },
      { units: 1, scale: 15 },
      { units: 999999999999999, scale: 0 },
      { units: -999999999999999, scale: 1 },
      { units: 1234567890123456, scale: 0 },
      { units: 9007199254740993n, scale: 0 },
      { units: -1234567890123456789012345678905n, scale: 1 },
    ]);
  });

  it('takes a total as the order gives it only when it reads as a decimal number of at most 30 digits and 12 places', () => {
    expect(totalAmount(' 12.5 ')).toEqual({ units: 125, scale: 1 });
    expect(totalAmount('-0.00')).toEqual({ units: 0, scale: 2 });
    for (const text of ['¥12', '1e+21', '0.30000000000000004', '12.', '.5', '1,5', '', '1234567890123456789012345678901', 'NaN', '[object Object]']) {
      expect(totalAmount(text), text).toBeUndefined();
    }
  });

  it('writes an amount back with every place of its scale, and a sign only where it is below zero', () => {
    expect(amountText({ units: 1250, scale: 2 })).toBe('12.50');
    expect(amountText({ units: 5, scale: 3 })).toBe('0.005');
    expect(amountText({ units: -5, scale: 1 })).toBe('-0.5');
    expect(amountText({ units: -0, scale: 2 })).toBe('0.00');
    expect(amountText({ units: 120, scale: 0 })).toBe('120');
    expect(amountText({ units: -1234567890123456789012345678905n, scale: 1 })).toBe('-123456789012345678901234567890.5');
    for (const text of ['12.50', '0.05', '-12.34', '100.00', '999999999999999.999999999999']) expect(amountText(amountOf(text))).toBe(text);
  });
});
