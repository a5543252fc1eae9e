/**
 * Exact sums of money: decimal strings added as integers of their smallest unit (bigint), so
 * 30,000 totals of 0.10 are 3000.00, never 2999.9999999999.
 */

/** Sums per currency; `add` takes totals as exact decimal strings ("12.5", "-3", "0.10"). */
export class MoneyTotals {
  private readonly sums = new Map<string, { units: bigint; scale: number }>();

  add(currency: string, decimal: string): void {
    const negative = decimal.startsWith('-');
    const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
    const entry = this.sums.get(currency) ?? { units: 0n, scale: 0 };
    const scale = Math.max(entry.scale, fraction.length);
    const units = BigInt(whole! + fraction.padEnd(scale, '0'));
    entry.units = entry.units * 10n ** BigInt(scale - entry.scale) + (negative ? -units : units);
    entry.scale = scale;
    this.sums.set(currency, entry);
  }

  /** Each currency's total as a decimal string, currencies in alphabetical order ('' for none named). */
  totals(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const currency of [...this.sums.keys()].sort()) {
      const { units, scale } = this.sums.get(currency)!;
      out[currency] = decimalString(units, scale);
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
