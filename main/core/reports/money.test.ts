import { describe, expect, it } from 'vitest';
import { MoneyTotals } from './money';
import { amountOf } from '../orders/amount';

/** Adds a total written as decimal text. */
function add(money: MoneyTotals, currency: string, decimal: string): void {
  const { units, scale } = amountOf(decimal);
  money.add(currency, units, scale);
}

describe('exact money sums', () => {
  it('adds 30,000 totals of 0.10 to exactly 3000.00 (floats drift to 2999.99…)', () => {
    const money = new MoneyTotals();
    let float = 0;
    for (let i = 0; i < 30_000; i++) {
      add(money, 'CNY', '0.10');
      float += 0.1;
    }
    expect(money.totals()).toEqual({ CNY: '3000.00' });
    expect(float).not.toBe(3000);
  });

  it('keeps each currency apart, widens the scale as needed, and takes refunds', () => {
    const money = new MoneyTotals();
    add(money, 'USD', '1.5');
    add(money, 'USD', '0.25');
    add(money, 'USD', '-2');
    add(money, 'EUR', '12');
    add(money, '', '0.005');
    expect(money.totals()).toEqual({ '': '0.005', EUR: '12', USD: '-0.25' });
  });

  it('sums beyond what a float holds exactly', () => {
    const money = new MoneyTotals();
    add(money, 'JPY', '9007199254740993');
    add(money, 'JPY', '1');
    expect(money.totals()).toEqual({ JPY: '9007199254740994' });
  });

  it('stays exact where a running sum passes what a double holds exactly', () => {
    const money = new MoneyTotals();
    for (let i = 0; i < 10; i++) add(money, 'VND', '999999999999999');
    add(money, 'VND', '0.01');
    expect(money.totals()).toEqual({ VND: '9999999999999990.01' });
  });
});
