/**
 * Exact sums of money: amounts (orders/amount.ts) added as integers of their smallest unit, so
 * 30,000 totals of 0.10 are 3000.00, never 2999.9999999999.
 */
import { amountText } from '../orders/amount';

/** 2^52: a running sum of smaller integers stays exact in a double; past it, it moves into the bigint. */
const EXACT_LIMIT = 2 ** 52;

interface Sum {
  /** The sum in units of 10^-scale: `big` plus `small`, kept apart so most additions are plain number additions. */
  big: bigint;
  small: number;
  scale: number;
}

/** Sums per currency. */
export class MoneyTotals {
  private readonly sums = new Map<string, Sum>();

  /** Adds `units` × 10^-scale, an amount's two parts, taken apart so a report's 30,000 make no object. */
  add(currency: string, units: number | bigint, scale: number): void {
    let sum = this.sums.get(currency);
    if (sum === undefined) this.sums.set(currency, (sum = { big: 0n, small: 0, scale }));
    if (scale > sum.scale) {
      sum.big = (sum.big + BigInt(sum.small)) * 10n ** BigInt(scale - sum.scale);
      sum.small = 0;
      sum.scale = scale;
    }
    const widen = sum.scale - scale;
    if (typeof units === 'number') {
      // A product of integers below 2^53 is exact in a double; one at or past it goes into the bigint.
      const scaled = widen === 0 ? units : units * 10 ** widen;
      if (Math.abs(scaled) < EXACT_LIMIT) {
        sum.small += scaled;
        if (Math.abs(sum.small) >= EXACT_LIMIT) {
          sum.big += BigInt(sum.small);
          sum.small = 0;
        }
        return;
      }
      units = BigInt(units);
    }
    sum.big += units * 10n ** BigInt(widen);
  }

  /** Each currency's total as a decimal string, currencies in alphabetical order ('' for none named). */
  totals(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const currency of [...this.sums.keys()].sort()) {
      const { big, small, scale } = this.sums.get(currency)!;
      out[currency] = amountText({ units: big + BigInt(small), scale });
    }
    return out;
  }
}
