/**
 * An order's sale (sale.ts) read straight from its JSON, so a report over 30,000 retained orders
 * parses none of them (parsing each took nearly all of the first report's time). It checks the
 * whole JSON as JSON.parse would, so it never gives a sale for an order the journal would read
 * back as damaged.
 */
import { startsAt } from './json-bytes';
import type { Sale } from './sale';
import { totalAmount } from '../orders/amount';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Deeper JSON is left to JSON.parse (a checked order nests at most 8 levels). */
const MAX_DEPTH = 64;
const LITERALS = [Buffer.from('true'), Buffer.from('false'), Buffer.from('null')];
/** The bytes JSON allows after a backslash, besides `u`. */
const SHORT_ESCAPES = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const KEYS = { id: Buffer.from('id'), channel: Buffer.from('channel'), currency: Buffer.from('currency'), total: Buffer.from('total') };

/**
 * The sale of the order whose JSON is `json[from, to)`, an object opening with its id; undefined
 * when that JSON is not as JSON.stringify writes it (white space, an escaped key, an id named
 * twice, one of the three fields holding an object, array or literal other than null, or
 * anything JSON.parse would refuse): the caller then parses the order.
 */
export function saleFromJson(bytes: Buffer, from: number, to: number): Sale | undefined {
  // A view of the order alone: past its end every byte reads as undefined, never as the next order's.
  const json = bytes.subarray(from, to);
  if (json[0] !== OPEN_OBJECT) return undefined;
  const sale: Sale = { channel: '', currency: '', total: undefined };
  let at = 1;
  for (let first = true; ; first = false) {
    const keyEnd = stringEnd(json, at);
    if (keyEnd < 0 || json[keyEnd] !== COLON) return undefined;
    const key = keyOf(json, at + 1, keyEnd - 1);
    const valueAt = keyEnd + 1;
    if (key === undefined || (key === 'id') !== first || (first && json[valueAt] !== QUOTE)) return undefined;
    const valueEnd = skipValue(json, valueAt, 1);
    if (valueEnd < 0) return undefined;
    if (key === 'total') {
      const total = totalText(json, valueAt, valueEnd);
      if (total === undefined) return undefined;
      sale.total = totalAmount(total);
    } else if (key === 'channel' || key === 'currency') {
      sale[key] = json[valueAt] === QUOTE ? stringValue(json, valueAt, valueEnd) : '';
    }
    at = valueEnd + 1;
    if (json[valueEnd] === CLOSE_OBJECT) return valueEnd + 1 === json.length ? sale : undefined;
    if (json[valueEnd] !== COMMA) return undefined;
  }
}

type Key = keyof typeof KEYS | 'other';

/** The top-level key in `json[from, to)` (its text, without quotes); undefined for one with an escape, which may spell any of them. */
function keyOf(json: Buffer, from: number, to: number): Key | undefined {
  for (let at = from; at < to; at++) if (json[at] === BACKSLASH) return undefined;
  for (const name of ['id', 'channel', 'currency', 'total'] as const) {
    if (to - from === KEYS[name].length && startsAt(json, from, KEYS[name])) return name;
  }
  return 'other';
}

/** The checked JSON string `json[from, to)` as text. */
function stringValue(json: Buffer, from: number, to: number): string {
  for (let at = from + 1; at < to - 1; at++) if (json[at] === BACKSLASH) return JSON.parse(json.toString('utf8', from, to)) as string;
  return json.toString('utf8', from + 1, to - 1);
}

/** The checked JSON value `json[from, to)` as `String(value)` gives it; undefined for an object or array, left to JSON.parse. */
function totalText(json: Buffer, from: number, to: number): string | undefined {
  const first = json[from];
  if (first === QUOTE) return stringValue(json, from, to);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) return undefined;
  // A literal as it is; a number as Number reads it (as JSON.parse does) and String writes it: 1.50 is "1.5".
  return LITERALS.some((literal) => literal[0] === first) ? json.toString('latin1', from, to) : String(Number(json.toString('latin1', from, to)));
}

/** Just past the JSON value at `at`, checked as JSON.parse checks it; -1 if there is none. */
function skipValue(json: Buffer, at: number, depth: number): number {
  const first = json[at];
  if (first === QUOTE) return stringEnd(json, at);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) return depth > MAX_DEPTH ? -1 : containerEnd(json, at, depth);
  for (const literal of LITERALS) if (first === literal[0]) return startsAt(json, at, literal) ? at + literal.length : -1;
  return numberEnd(json, at);
}

function containerEnd(json: Buffer, at: number, depth: number): number {
  const isObject = json[at] === OPEN_OBJECT;
  const close = isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
  if (json[at + 1] === close) return at + 2;
  for (let next = at + 1; ; ) {
    if (isObject) {
      next = stringEnd(json, next);
      if (next < 0 || json[next] !== COLON) return -1;
      next++;
    }
    next = skipValue(json, next, depth + 1);
    if (next < 0) return -1;
    if (json[next] === close) return next + 1;
    if (json[next] !== COMMA) return -1;
    next++;
  }
}

/** Just past the JSON string whose opening quote is at `at`; -1 if there is none (a raw control character, a bad escape, no end). */
function stringEnd(json: Buffer, at: number): number {
  if (json[at] !== QUOTE) return -1;
  for (let i = at + 1; i < json.length; i++) {
    const byte = json[i]!;
    if (byte === QUOTE) return i + 1;
    if (byte < 0x20) return -1;
    if (byte !== BACKSLASH) continue;
    const escape = json[++i]!;
    if (escape === 0x75) {
      for (let digit = 0; digit < 4; digit++) if (!isHex(json[++i])) return -1;
    } else if (!SHORT_ESCAPES.has(escape)) {
      return -1;
    }
  }
  return -1;
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}

/** Just past a JSON number (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`) at `at`; -1 if there is none. */
function numberEnd(json: Buffer, at: number): number {
  let i = json[at] === 0x2d ? at + 1 : at;
  if (json[i] === 0x30) i++;
  else if ((i = digitsEnd(json, i)) < 0) return -1;
  if (json[i] === 0x2e && (i = digitsEnd(json, i + 1)) < 0) return -1;
  if (json[i] === 0x65 || json[i] === 0x45) {
    i++;
    if (json[i] === 0x2b || json[i] === 0x2d) i++;
    if ((i = digitsEnd(json, i)) < 0) return -1;
  }
  return i;
}

/** Just past one or more digits at `at`; -1 if there is none. */
function digitsEnd(json: Buffer, at: number): number {
  let i = at;
  while (i < json.length && json[i]! >= 0x30 && json[i]! <= 0x39) i++;
  return i === at ? -1 : i;
}
