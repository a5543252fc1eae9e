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

/** Sums per currency; `add` takes totals as exact decimal strings ("12.5", "-3", "0.10"). */
export class MoneyTotals {
  private readonly sums = new Map<string, Sum>();

  add(currency: string, decimal: string): void {
    const negative = decimal.startsWith('-');
    const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
    let sum = this.sums.get(currency);
    if (sum === undefined) this.sums.set(currency, (sum = { big: 0n, small: 0, scale: fraction.length }));
    if (fraction.length > sum.scale) {
      sum.big = (sum.big + BigInt(sum.small)) * 10n ** BigInt(fraction.length - sum.scale);
      sum.small = 0;
      sum.scale = fraction.length;
    }
    const digits = whole! + fraction.padEnd(sum.scale, '0');
    // Fifteen digits are below 2^53: Number reads them exactly.
    if (digits.length > 15) {
      sum.big += negative ? -BigInt(digits) : BigInt(digits);
      return;
    }
    sum.small += negative ? -Number(digits) : Number(digits);
    if (Math.abs(sum.small) >= EXACT_LIMIT) {
      sum.big += BigInt(sum.small);
      sum.small = 0;
    }
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
