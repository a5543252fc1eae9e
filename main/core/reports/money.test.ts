import { describe, expect, it } from 'vitest';
import { MoneyTotals } from './money';

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
});
