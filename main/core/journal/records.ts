/**
 * The journal's records: how each change to the journal's state is written as one line, and
 * how a line read back becomes that change again (or the reason it is ignored).
 */
import { RawRecord } from './log-lines';
import type { ByteArena, BytesKeeper, Kept } from './byte-arena';
import { isoTime } from './iso-time';
import { ORDER_PREFIX, readOrderHeader } from './order-header';
import { startsAt } from './json-bytes';
import { ORDER_ID_MAX, validateOrder, type Order } from '../orders/order';
import type { HandledState } from '../orders/order';
import { readStateRecord, type StateRecord } from './state-histories';
import { readBumpRecord, type BumpRecord } from './bump-store';

export interface StoredOrder {
  /** The server's sequence number; null for orders from a legacy text server. */
  seq: number | null;
  order: Order;
  /** When this node stored it, ms since the epoch. */
  receivedAt: number;
  handled?: HandledState;
}

export type JournalRecord =
  | { k: 'order'; seq: number | null; at: number; handled?: HandledState; id?: string; order: unknown }
  | { k: 'handled'; id: string; by: string; at: string }
  | StateRecord
  | { k: 'epoch'; epoch: string; lastSeq: number }
  | BumpRecord;

/** A record read back: the change it makes, ready to apply. */
export type ReadRecord =
  | { k: 'order'; stored: StoredOrder }
  | { k: 'handled'; id: string; by: string; at: string }
  | StateRecord
  | { k: 'epoch'; epoch: string; lastSeq: number }
  | BumpRecord;

/**
 * A retained order as its JSON, kept in a ByteArena (outside the JS heap), not as parsed
 * objects: 100,000 orders cost about their size on disk instead of several times it, and
 * the garbage collector has nothing of theirs to copy or trace. `order` parses that JSON on
 * each read and checks it as `readRecord` checks an order read back, so it is the order an
 * eager load would have kept. An order just appended also keeps its parsed form, so its
 * broadcast and its POST's answer parse nothing.
 *
 * The journal keeps its orders' fields in columns (see RetainedOrders) and makes a KeptOrder
 * when one is asked for: it is the order as it was then, and a later change (it was handled)
 * shows in the one the journal gives next.
 */
export class KeptOrder implements StoredOrder {
  // `declare`d: assigned only when there is something to assign, not defined first.
  private declare readonly parsed?: Order;
  private declare knownId?: string;
  private declare handledState?: HandledState;
  private declare handledBy?: string;
  private declare handledMs?: number;

  constructor(
    /** Its id if known; read from its JSON when first asked for otherwise. */
    id: string | undefined,
    readonly seq: number | null,
    readonly receivedAt: number,
    /** Where its JSON, in UTF-8, is kept (see ByteArena). */
    readonly chunk: Buffer,
    readonly start: number,
    readonly jsonLength: number,
    parsed?: Order,
  ) {
    // Only what is there is assigned: the 100,000 made for a search stay small.
    if (id !== undefined) this.knownId = id;
    if (parsed !== undefined) this.parsed = parsed;
  }

  get id(): string {
    return (this.knownId ??= readId(this.chunk, this.start));
  }

  /**
   * Its handled state. One given by `handledAt` is made into `{by, at}` when first read: a
   * search through 100,000 orders makes none for those it skips.
   */
  get handled(): HandledState | undefined {
    if (this.handledState === undefined && this.handledBy !== undefined) this.handledState = { by: this.handledBy, at: isoTime(this.handledMs!) };
    return this.handledState;
  }

  set handled(state: HandledState) {
    this.handledState = state;
  }

  /** Handled by `by` at `ms`, a time that `isoTimeMs` read from the string to give back. */
  handledAt(by: string, ms: number): void {
    this.handledBy = by;
    this.handledMs = ms;
  }

  /** `stored`, just written as `orderRecord(stored)` whose JSON is `recordJson`: its parsed form is kept too. */
  static written(stored: StoredOrder, recordJson: Buffer, arena: ByteArena): KeptOrder {
    const start = recordJson.indexOf(ORDER_KEY) + ORDER_KEY.length - 1;
    return KeptOrder.from(stored, arena.keep(recordJson.subarray(start, recordJson.length - 1)), stored.order);
  }

  /** Keeps a stored order (parsed from a record in a format older than `orderRecord`'s). */
  static of(stored: StoredOrder, arena: BytesKeeper): KeptOrder {
    return KeptOrder.from(stored, arena.keep(Buffer.from(JSON.stringify(idFirst(stored.order)), 'utf8')));
  }

  private static from(stored: StoredOrder, json: Kept, parsed?: Order): KeptOrder {
    const kept = new KeptOrder(stored.order.id, stored.seq, stored.receivedAt, json.chunk, json.start, json.length, parsed);
    if (stored.handled) kept.handled = stored.handled;
    return kept;
  }

  /** The parsed form it was made with, if any. */
  get parsedForm(): Order | undefined {
    return this.parsed;
  }

  get order(): Order {
    return this.parsed ?? this.readAgain();
  }

  /** The order's JSON, as `JSON.stringify(this.order)` would give it, without parsing it. */
  get orderJson(): string {
    return this.chunk.toString('utf8', this.start, this.start + this.jsonLength);
  }

  /**
   * Whether the order's JSON, lowercased, holds every word: a search skips an order without
   * parsing it only when this is false, so it must never be false for an order that matches.
   * It can be trusted for words of plain ASCII that JSON writes as they are (no quote,
   * backslash or control character), in JSON whose only non-ASCII characters lowercase to
   * non-ASCII ones (all but İ and the Kelvin sign); for anything else it says true.
   */
  mayContain(words: string[]): boolean {
    if (!words.every((word) => PLAIN_ASCII.test(word))) return true;
    const text = this.chunk.toString('latin1', this.start, this.start + this.jsonLength);
    if (text.includes(DOTTED_I) || text.includes(KELVIN)) return true;
    const lower = text.toLowerCase();
    return words.every((word) => lower.includes(word));
  }

  /** Its order record's JSON, the order spliced in as it is. */
  recordJson(): Buffer {
    const header = JSON.stringify(recordHeader(this));
    return Buffer.concat([Buffer.from(`${header.slice(0, -1)},"order":`, 'utf8'), this.bytes(), CLOSE]);
  }

  private bytes(): Buffer {
    return this.chunk.subarray(this.start, this.start + this.jsonLength);
  }

  private readAgain(): Order {
    let order: Order | string;
    try {
      order = trustedOrder(JSON.parse(this.orderJson));
    } catch (error) {
      order = (error as Error).message;
    }
    if (typeof order !== 'string' && order.id === this.id) return order;
    // Only a line made by hand, with a correct checksum around broken JSON, gets here: its
    // header was sound, so the order keeps its number and says what is wrong.
    return { id: this.id, title: 'damaged journal record', note: typeof order === 'string' ? order : `its order has id ${JSON.stringify(order.id)}` };
  }
}

/** Where the id's JSON string starts in a kept order's JSON, which always opens with `{"id":`. */
export const ID_JSON_AT = 6;

/** Just past the closing quote of the id's JSON string in the kept order's JSON at `start`. */
export function idJsonEnd(chunk: Buffer, start: number): number {
  let at = start + ID_JSON_AT + 1;
  while (at < chunk.length && chunk[at] !== 0x22) at += chunk[at] === 0x5c ? 2 : 1;
  return at + 1;
}

/** The kept order's id, read from its JSON at `start`. */
export function readId(chunk: Buffer, start: number): string {
  const inner = chunk.toString('utf8', start + ID_JSON_AT + 1, idJsonEnd(chunk, start) - 1);
  return inner.includes('\\') ? (JSON.parse(`"${inner}"`) as string) : inner;
}

const CLOSE = Buffer.from('}');
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;
/** İ (U+0130) and K (U+212A) in UTF-8, read as latin1: their lowercase is ASCII (i, k). */
const DOTTED_I = '\u00c4\u00b0';
const KELVIN = '\u00e2\u0084\u00aa';
const ORDER_KEY = ',"order":{';
const ORDER_KEY_BYTES = Buffer.from(ORDER_KEY);

/** An order record's fields besides the order, in the order `orderRecord` writes them. */
function recordHeader(stored: StoredOrder & { id?: string }): Record<string, unknown> {
  const header: Record<string, unknown> = { k: 'order', seq: stored.seq, at: stored.receivedAt };
  if (stored.handled) header.handled = stored.handled;
  header.id = stored.id ?? stored.order.id;
  return header;
}

/**
 * Reads an order record in `orderRecord`'s format without parsing its order: the header is
 * read and checked as `readRecord` checks it (see readOrderHeader), and the order's JSON must open with the same
 * id, as `orderRecord` writes it. Anything else — another kind, an older format, a doubtful
 * field — is undefined: `readRecord` then reads the record in full and gives the verdict.
 */
export function readOrderLine(json: Buffer, arena: BytesKeeper): KeptOrder | undefined {
  if (json[json.length - 1] !== 0x7d || !startsAt(json, 0, ORDER_PREFIX)) return undefined;
  const split = json.indexOf(ORDER_KEY_BYTES, ORDER_PREFIX.length);
  const header = split < 0 ? undefined : readOrderHeader(json, split);
  if (!header) return undefined;
  const { seq, at, id, handled } = header;
  // The header ends with `"id":<id>` (see recordHeader), and the order must open with the same bytes.
  const start = split + ORDER_KEY.length - 1;
  // The id must be spelled as JSON.stringify spells it: the journal finds orders by those bytes (see IdIndex).
  const idField = 5 + idJsonLength(json, split, id);
  const next = json[start + 1 + idField];
  if (idField < 5 || json[split - idField - 1] !== 0x2c || !sameBytes(json, split - idField, start + 1, idField) || (next !== 0x2c && next !== 0x7d)) return undefined;
  const order = arena.keep(json.subarray(start, json.length - 1));
  const kept = new KeptOrder(id, seq, at, order.chunk, order.start, order.length);
  if (handled) kept.handled = handled;
  return kept;
}

/**
 * The length of `JSON.stringify(id)` in UTF-8 if `json` holds it just before `end`, else -1.
 * An id of printable ASCII without quote or backslash (nearly all) is checked byte by byte.
 */
function idJsonLength(json: Buffer, end: number, id: string): number {
  const from = end - id.length - 2;
  let plain = from >= 0 && json[from] === 0x22 && json[end - 1] === 0x22;
  for (let i = 0; plain && i < id.length; i++) {
    const code = id.charCodeAt(i);
    plain = code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c && json[from + 1 + i] === code;
  }
  if (plain) return id.length + 2;
  const idJson = JSON.stringify(id);
  const length = Buffer.byteLength(idJson);
  return end - length >= 0 && json.toString('utf8', end - length, end) === idJson ? length : -1;
}

/** Whether `json[a, a + length)` and `json[b, b + length)` hold the same bytes; compared here: ids are short, and a call into C++ costs more. */
function sameBytes(json: Buffer, a: number, b: number, length: number): boolean {
  if (b + length > json.length) return false;
  for (let i = 0; i < length; i++) if (json[a + i] !== json[b + i]) return false;
  return true;
}

/** The record that stores an order: its id and the order last, so a reader can take the order's JSON as it is. */
export function orderRecord(stored: StoredOrder): JournalRecord {
  return { ...recordHeader(stored), order: idFirst(stored.order) } as JournalRecord;
}

/** The order's JSON as `orderRecord` writes it: made once per append, measured and spliced in. */
export function orderJsonOf(order: Order): string {
  return JSON.stringify(idFirst(order));
}

/** `JSON.stringify(orderRecord(stored))` in three parts: this head, `orderJsonOf(stored.order)`, and `}`. */
export function orderRecordHead(stored: StoredOrder): string {
  const header = JSON.stringify(recordHeader(stored));
  return `${header.slice(0, -1)},"order":`;
}

/** The same order with its id as its first field, which `readOrderLine` checks against the header's. */
function idFirst(order: Order): Order {
  // A validated order has it first already: no copy.
  if (firstKey(order) === 'id') return order;
  const { id, ...rest } = order;
  return { id, ...rest };
}

function firstKey(order: Order): string | undefined {
  for (const key in order) return key;
  return undefined;
}

/**
 * One unbroken stretch of a stream's history: an epoch, from the epoch record that began it.
 * Two runs may share an epoch's name yet be different histories (a server went back on seqs
 * it had issued), so runs are told apart by identity, never by name.
 */
export interface EpochRun {
  readonly name: string;
}

/**
 * A journal's whole state as records: the retained orders (handled state folded in), each run
 * of them behind the epoch it was stored in (seqs compare only within one), then the stream
 * position.
 */
export function snapshotRecords(
  retained: Iterable<{ stored: StoredOrder | KeptOrder; epoch: EpochRun | null }>,
  position: { epoch: string; lastSeq: number } | null,
): (JournalRecord | RawRecord)[] {
  const records: (JournalRecord | RawRecord)[] = [];
  let runEpoch: EpochRun | null = null;
  for (const { stored, epoch } of retained) {
    if (epoch !== runEpoch && epoch !== null) records.push({ k: 'epoch', epoch: epoch.name, lastSeq: 0 });
    runEpoch = epoch;
    records.push(stored instanceof KeptOrder ? new RawRecord(stored.recordJson()) : orderRecord(stored));
  }
  if (position) records.push({ k: 'epoch', ...position });
  return records;
}

/** Reads one record back; a string says why it is ignored. `now` dates an order with no time. */
export function readRecord(raw: unknown, now: number): ReadRecord | string {
  if (typeof raw !== 'object' || raw === null) return 'not an object';
  const record = raw as Record<string, unknown>;
  switch (record.k) {
    case 'order':
      return readOrder(record, now);
    case 'handled':
      if (typeof record.id !== 'string') return 'bad handled record';
      return { k: 'handled', id: record.id, by: String(record.by), at: String(record.at) };
    case 'state':
      return readStateRecord(record);
    case 'epoch':
      if (typeof record.epoch !== 'string' || !Number.isSafeInteger(record.lastSeq)) return 'bad epoch record';
      return { k: 'epoch', epoch: record.epoch, lastSeq: record.lastSeq as number };
    case 'bumps':
      return readBumpRecord(record);
    default:
      return `unknown kind ${JSON.stringify(record.k)}`;
  }
}

function readOrder(record: Record<string, unknown>, now: number): ReadRecord | string {
  const order = trustedOrder(record.order);
  if (typeof order === 'string') return order;
  const seq = record.seq === null ? null : Number(record.seq);
  if (seq !== null && !Number.isSafeInteger(seq)) return 'bad seq';
  const stored: StoredOrder = { seq, order, receivedAt: Number(record.at) || now };
  if (record.handled && typeof record.handled === 'object') {
    const handled = record.handled as Record<string, unknown>;
    stored.handled = { by: String(handled.by), at: String(handled.at) };
  }
  return { k: 'order', stored };
}

/**
 * An order read back from the journal. Every record was validated before it was written and
 * its line passed the CRC, so a full re-validation of 100,000 orders at each start would only
 * cost time: the shape is checked, and only a record that fails it is examined in detail.
 */
function trustedOrder(value: unknown): Order | string {
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof id === 'string' && id.length > 0 && id.length <= ORDER_ID_MAX) {
    return value as Order;
  }
  const checked = validateOrder(value);
  return checked.ok ? checked.value : checked.error;
}
