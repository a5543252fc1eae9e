/**
 * An order's total read once as an exact decimal: an integer of 10^-scale units ("12.50" is
 * 1250 at scale 2), so that sums of money never meet a binary fraction, and the journal can keep
 * a total as two numbers that the reports read as they are.
 */

export interface Amount {
  /** A number wherever a double holds the integer exactly, else a bigint. */
  units: number | bigint;
  scale: number;
}

/** What a total must look like to count as money: at most 30 digits before the point and 12 after. */
const DECIMAL = /^-?\d{1,30}(\.\d{1,12})?$/;

/** A total as the order gives it (`String(order.total)`); undefined when it does not read as a decimal number. */
export function totalAmount(text: string): Amount | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? amountOf(trimmed) : undefined;
}

/** A decimal string already checked as one ("12.5", "-3", "007.50"), as an Amount. */
export function amountOf(decimal: string): Amount {
  const negative = decimal.startsWith('-');
  const point = decimal.indexOf('.');
  const scale = point < 0 ? 0 : decimal.length - point - 1;
  // Fifteen digits are below 2^53: read one by one, exactly, with no string made (a report reads 30,000).
  if (decimal.length - (negative ? 1 : 0) - (point < 0 ? 0 : 1) <= 15) {
    let units = 0;
    for (let at = negative ? 1 : 0; at < decimal.length; at++) if (at !== point) units = units * 10 + decimal.charCodeAt(at) - 0x30;
    // 0 - units, not -units: "-0.00" is zero, never minus zero.
    return { units: negative ? 0 - units : units, scale };
  }
  const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const big = negative ? -BigInt(whole! + fraction) : BigInt(whole! + fraction);
  // Sixteen digits and more may still be below 2^53 (1234567890123456, or leading zeros): there a double is exact.
  return { units: Number.isSafeInteger(Number(big)) ? Number(big) : big, scale };
}

/** The amount as decimal text, as many places as its scale: { units: 1250, scale: 2 } is "12.50". */
export function amountText({ units, scale }: Amount): string {
  const negative = units < 0;
  // A number's units are a safe integer, which String writes as plain digits.
  const size = typeof units === 'number' ? String(Math.abs(units)) : String(negative ? -units : units);
  const digits = size.padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${digits.slice(digits.length - scale)}` : ''}`;
}
