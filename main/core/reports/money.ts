/**
 * Exact sums of money: decimal strings added as integers of their smallest unit (bigint), so
 * 30,000 totals of 0.10 are 3000.00, never 2999.9999999999.
 */

/** 2^52: a running sum of smaller integers stays exact in a double; past it, it moves into the bigint. */
const EXACT_LIMIT = 2 ** 52;

interface Sum {
  /** The sum in units of 10^-scale: `big` plus `small`, kept apart so most additions are plain number additions. */
  big: bigint;
  small: number;
  scale: number;
}

/** A decimal string read once: an integer of 10^-scale units ("12.50" is 1250 at scale 2). */
export interface Amount {
  units: number | bigint;
  scale: number;
}

export function amountOf(decimal: string): Amount {
  const negative = decimal.startsWith('-');
  const point = decimal.indexOf('.');
  const scale = point < 0 ? 0 : decimal.length - point - 1;
  // Fifteen digits are below 2^53: read one by one, exactly, with no string made (a report reads 30,000).
  if (decimal.length - (negative ? 1 : 0) - (point < 0 ? 0 : 1) <= 15) {
    let units = 0;
    for (let at = negative ? 1 : 0; at < decimal.length; at++) if (at !== point) units = units * 10 + decimal.charCodeAt(at) - 0x30;
    return { units: negative ? -units : units, scale };
  }
  const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const digits = whole! + fraction;
  return { units: negative ? -BigInt(digits) : BigInt(digits), scale };
}

/** Sums per currency; `add` takes totals as exact decimal strings ("12.5", "-3", "0.10"), `addUnits` as read by amountOf. */
export class MoneyTotals {
  private readonly sums = new Map<string, Sum>();

  add(currency: string, decimal: string): void {
    const { units, scale } = amountOf(decimal);
    this.addUnits(currency, units, scale);
  }

  /** `units` × 10^-scale. */
  addUnits(currency: string, units: number | bigint, scale: number): void {
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
      out[currency] = decimalString(big + BigInt(small), scale);
    }
    return out;
  }
}

function decimalString(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}
