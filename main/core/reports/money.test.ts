import { describe, expect, it } from 'vitest';
import { amountOf, MoneyTotals } from './money';

describe('exact money sums', () => {
  it('adds 30,000 totals of 0.10 to exactly 3000.00 (floats drift to 2999.99…)', () => {
    const money = new MoneyTotals();
    let float = 0;
    for (let i = 0; i < 30_000; i++) {
      money.add('CNY', '0.10');
      float += 0.1;
    }
    expect(money.totals()).toEqual({ CNY: '3000.00' });
    expect(float).not.toBe(3000);
  });

  it('keeps each currency apart, widens the scale as needed, and takes refunds', () => {
    const money = new MoneyTotals();
    money.add('USD', '1.5');
    money.add('USD', '0.25');
    money.add('USD', '-2');
    money.add('EUR', '12');
    money.add('', '0.005');
    expect(money.totals()).toEqual({ '': '0.005', EUR: '12', USD: '-0.25' });
  });

  it('sums beyond what a float holds exactly', () => {
    const money = new MoneyTotals();
    money.add('JPY', '9007199254740993');
    money.add('JPY', '1');
    expect(money.totals()).toEqual({ JPY: '9007199254740994' });
  });

  it('stays exact where a running sum passes what a double holds exactly', () => {
    const money = new MoneyTotals();
    for (let i = 0; i < 10; i++) money.add('VND', '999999999999999');
    money.add('VND', '0.01');
    expect(money.totals()).toEqual({ VND: '9999999999999990.01' });
  });

  it('reads a total as an integer of its smallest unit, in a number up to fifteen digits and a bigint past them', () => {
    const read = ['12.50', '-0.5', '7', '007.5', '0.000000000000001', '999999999999999', '-99999999999999.9', '1234567890123456', '-123456789012345678901234567890.5'].map(amountOf);
    expect(read).toEqual([
      { units: 1250, scale: 2 },
      { units: -5, scale: 1 },
      { units: 7, scale: 0 },
      { units: 75, scale: 1 },
      { units: 1n, scale: 15 },
      { units: 999999999999999, scale: 0 },
      { units: -999999999999999, scale: 1 },
      { units: 1234567890123456n, scale: 0 },
      { units: -1234567890123456789012345678905n, scale: 1 },
    ]);
  });
});
