/**
 * Times in the form `Date#toISOString` writes them (`2026-11-27T08:05:09.123Z`), to and from
 * ms, without a Date per call: the journal keeps 100,000 handled times as numbers and gives
 * each back as its string whenever an order is read.
 */

const DAY_MS = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/**
 * The ms whose `new Date(ms).toISOString()` is exactly `text`, for a year 0000–9999; NaN for
 * any other text (another form of the same time included: `+00:00`, no milliseconds, `z`).
 */
export function isoTimeMs(text: string): number {
  if (text.length !== 24 || !separated(text)) return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const milli = digits(text, 20, 3);
  // A digit missing makes its field negative.
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23) return Number.NaN;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return Number.NaN;
  return daysSinceEpoch(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (as Date counts them); Date.UTC takes several times longer. */
function daysSinceEpoch(year: number, month: number, day: number): number {
  // Years counted from March, so a leap day ends its year; eras of 400 years repeat exactly.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

let cachedDay = Number.NaN;
let cachedDayText = '';

/** `new Date(ms).toISOString()` for an ms `isoTimeMs` gave. */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  // Orders are read oldest first, so one day's prefix serves many in a row.
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayText = new Date(day).toISOString().slice(0, 11);
  }
  const inDay = ms - day;
  const seconds = Math.floor(inDay / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${cachedDayText}${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}:${TWO_DIGITS[seconds % 60]}.${THREE_DIGITS[inDay % 1000]}Z`;
}

/** Whether the separators of `YYYY-MM-DDTHH:mm:ss.sssZ` are where they belong. */
function separated(text: string): boolean {
  const dash = 0x2d;
  const colon = 0x3a;
  return text.charCodeAt(4) === dash && text.charCodeAt(7) === dash && text.charCodeAt(10) === 0x54 && text.charCodeAt(13) === colon && text.charCodeAt(16) === colon && text.charCodeAt(19) === 0x2e && text.charCodeAt(23) === 0x5a;
}

/** The number the `count` decimal digits at `from` spell, or -1 if one is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at++) {
    const digit = text.charCodeAt(at) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}
