/**
 * An order record's header — `{"k":"order","seq":…,"at":…,"handled":{…},"id":…` up to its
 * order — read back and checked as `readRecord` checks an order record. Opening a journal
 * reads 100,000 of them, and parsing each as JSON took most of that time: a header as
 * `recordHeader` writes it with plain values is read from its bytes.
 */
import { plainStringEnd, startsAt } from './json-bytes';
import { ORDER_ID_MAX } from '../orders/order';
import type { HandledState } from '../orders/order';

export interface OrderHeader {
  seq: number | null;
  at: number;
  id: string;
  handled?: HandledState;
}

export const ORDER_PREFIX = Buffer.from('{"k":"order","seq":');
const NULL = Buffer.from('null');
const AT_KEY = Buffer.from(',"at":');
const HANDLED_BY_KEY = Buffer.from(',"handled":{"by":"');
const HANDLED_AT_KEY = Buffer.from('","at":"');
const ID_KEY = Buffer.from('"},"id":"');
const ID_KEY_UNHANDLED = Buffer.from(',"id":"');
const HEADER_KEYS = new Set(['k', 'seq', 'at', 'handled', 'id']);
/** Integers of at most this many digits are safe, and exact when summed digit by digit. */
const MAX_DIGITS = 15;

/** The header of the order record `json`, which ends at `end`; undefined if it is not one `readRecord` would take. */
export function readOrderHeader(json: Buffer, end: number): OrderHeader | undefined {
  return plainHeader(json, end) ?? parsedHeader(json, end);
}

/**
 * A header with an integer seq (or null) and time, a handled state of strings without
 * escapes, and an id of printable ASCII; undefined for any other, which is parsed as JSON.
 */
function plainHeader(json: Buffer, end: number): OrderHeader | undefined {
  if (!startsAt(json, 0, ORDER_PREFIX)) return undefined;
  let at = ORDER_PREFIX.length;
  const unnumbered = startsAt(json, at, NULL);
  const seqEnd = unnumbered ? at + NULL.length : integerEnd(json, at);
  if (seqEnd < 0 || !startsAt(json, seqEnd, AT_KEY)) return undefined;
  const seq = unnumbered ? null : integer(json, at, seqEnd);
  at = seqEnd + AT_KEY.length;
  const timeEnd = integerEnd(json, at);
  const receivedAt = timeEnd < 0 ? 0 : integer(json, at, timeEnd);
  if (!(receivedAt > 0)) return undefined;
  let handled: HandledState | undefined;
  let idFrom = timeEnd + ID_KEY_UNHANDLED.length;
  if (startsAt(json, timeEnd, HANDLED_BY_KEY)) {
    const byFrom = timeEnd + HANDLED_BY_KEY.length;
    const byTo = plainStringEnd(json, byFrom);
    if (byTo < 0 || !startsAt(json, byTo, HANDLED_AT_KEY)) return undefined;
    const handledAtTo = plainStringEnd(json, byTo + HANDLED_AT_KEY.length);
    if (handledAtTo < 0 || !startsAt(json, handledAtTo, ID_KEY)) return undefined;
    handled = { by: json.toString('utf8', byFrom, byTo), at: json.toString('utf8', byTo + HANDLED_AT_KEY.length, handledAtTo) };
    idFrom = handledAtTo + ID_KEY.length;
  } else if (!startsAt(json, timeEnd, ID_KEY_UNHANDLED)) {
    return undefined;
  }
  const idTo = plainStringEnd(json, idFrom, 0x7e);
  if (idTo !== end - 1 || idTo === idFrom || idTo - idFrom > ORDER_ID_MAX) return undefined;
  const header: OrderHeader = { seq, at: receivedAt, id: json.toString('latin1', idFrom, idTo) };
  if (handled) header.handled = handled;
  return header;
}

/** The header parsed as JSON, checked as `readRecord` checks it. */
function parsedHeader(json: Buffer, end: number): OrderHeader | undefined {
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(`${json.toString('utf8', 0, end)}}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { k, seq, at, id, handled } = header;
  if (k !== 'order' || !Object.keys(header).every((key) => HEADER_KEYS.has(key))) return undefined;
  if (seq !== null && !Number.isSafeInteger(seq)) return undefined;
  if (typeof at !== 'number' || !(at > 0) || typeof id !== 'string' || id.length === 0 || id.length > ORDER_ID_MAX) return undefined;
  if (handled !== undefined && (!handled || typeof handled !== 'object')) return undefined;
  const read: OrderHeader = { seq: seq as number | null, at, id };
  if (handled) {
    const { by, at: handledAt } = handled as Record<string, unknown>;
    read.handled = { by: String(by), at: String(handledAt) };
  }
  return read;
}

/** Just past an integer as JSON.stringify writes it (`-`, no leading zero), of at most MAX_DIGITS digits; -1 if none is there. */
function integerEnd(json: Buffer, from: number): number {
  const first = json[from] === 0x2d ? from + 1 : from;
  let at = first;
  while (at < json.length && json[at]! >= 0x30 && json[at]! <= 0x39) at++;
  const digits = at - first;
  return digits === 0 || digits > MAX_DIGITS || (json[first] === 0x30 && digits > 1) ? -1 : at;
}

function integer(json: Buffer, from: number, to: number): number {
  const negative = json[from] === 0x2d;
  let value = 0;
  for (let at = negative ? from + 1 : from; at < to; at++) value = value * 10 + json[at]! - 0x30;
  return negative ? -value : value;
}
