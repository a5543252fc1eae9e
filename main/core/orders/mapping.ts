/**
 * Turns what a push server sent (a JSON object, or text) into an order. Shops' servers send
 * their own payload shapes, so each order field is looked up by a list of dotted field paths,
 * the first one present wins. A payload without a usable id is a text order: its text is the
 * message itself, unless there is nothing in it to show (JSON null, true, a number on its own,
 * {} or []): that is never an order. Everything mapped still goes through validateOrder.
 */
import { createHash } from 'node:crypto';
import { parseExactJson } from './exact-json';
import { LONG_TEXT_MAX, validateOrder, type Validated, type Order } from './order';
import { withoutZeroWidth } from './untrusted-text';
import { DEFAULT_MAPPING, type OrderMapping } from './mapping-fields';

const ITEM_FIELDS = {
  name: ['name', 'title', 'goods_name', 'product_name'],
  qty: ['qty', 'quantity', 'num', 'count', 'goods_num'],
  price: ['price', 'goods_price', 'unit_price'],
  note: ['note', 'remark'],
  category: ['category', 'category_name', 'categoryName', 'cate_name', 'goods_category'],
};

/** What a payload turned out to be: an order known by its id, plain text, or nothing to ring for (and why). */
export type Mapped = { kind: 'order'; order: Validated<Order> } | { kind: 'text'; text: string } | { kind: 'nothing'; why: string };

export interface MapOptions {
  mapping?: Partial<OrderMapping>;
  /** The server runs htmlspecialchars on what it sends (web-msg-sender): undo it first. */
  unescapeHtml?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a dotted path ("data.order.id"); own properties only, so "__proto__" finds nothing. */
export function valueAt(root: unknown, path: string): unknown {
  let value = root;
  for (const key of path.split('.')) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

function firstAt(root: unknown, paths: string[]): unknown {
  for (const path of paths) {
    const value = valueAt(root, path);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#039': "'", '#39': "'" };

/** Reverses PHP's htmlspecialchars (and numeric character references). */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+|#0?39);/gi, (whole, name: string) => {
    const named = ENTITIES[name.toLowerCase()];
    if (named) return named;
    const code = name.startsWith('#x') || name.startsWith('#X') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? Number(name.slice(1)) : NaN;
    return Number.isInteger(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function mapPayload(payload: unknown, options: MapOptions = {}): Mapped {
  const mapping = { ...DEFAULT_MAPPING, ...options.mapping };
  if (Buffer.isBuffer(payload)) payload = payload.toString('utf8');
  if (typeof payload === 'string') {
    const text = options.unescapeHtml ? unescapeHtml(payload) : payload;
    const parsed = parseJson(text);
    if (!parsed) return { kind: 'text', text };
    payload = parsed.value;
  } else if (options.unescapeHtml) {
    payload = unescapeDeep(payload, 0);
  }
  const id = firstAt(payload, mapping.id);
  if (typeof id === 'string' || typeof id === 'number') return { kind: 'order', order: mappedOrder(payload, id, mapping) };
  if (typeof payload === 'string') return { kind: 'text', text: payload };
  if (!showable(payload, 0)) return { kind: 'nothing', why: `${brief(payload)} has no id and nothing to show` };
  return { kind: 'text', text: compact(payload) };
}

/**
 * Text that is a JSON object or list, or null/true/false, is read as JSON. Other text stays
 * text, bare numbers too: a legacy server may well send just an order number.
 */
function parseJson(text: string): { value: unknown } | undefined {
  const trimmed = text.trim();
  if (!/^[{[]/.test(trimmed) && !/^(null|true|false)$/.test(trimmed)) return undefined;
  try {
    return { value: parseExactJson(trimmed) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a payload without an id has anything a card could show: a non-blank string, a number
 * or a true/false inside an object or list. On its own only a non-empty string counts, so
 * null, true, 0, {}, [] and {"id":""} never ring.
 */
function showable(payload: unknown, depth: number): boolean {
  if (typeof payload === 'string') return payload.trim() !== '';
  if (depth === 0 && !isRecord(payload) && !Array.isArray(payload)) return false;
  if (typeof payload === 'number' || typeof payload === 'boolean') return true;
  // Past this depth it is not worth searching: keep it, as text, rather than risk losing it.
  if (depth > 32) return true;
  const values = Array.isArray(payload) ? payload : isRecord(payload) ? Object.values(payload) : [];
  return values.some((value) => showable(value, depth + 1));
}

function brief(payload: unknown): string {
  const text = compact(payload);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function unescapeDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return unescapeHtml(value);
  if (depth > 16) return value;
  if (Array.isArray(value)) return value.map((entry) => unescapeDeep(entry, depth + 1));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, unescapeDeep(entry, depth + 1)]));
  return value;
}

/**
 * A mapped field the validator rejects does not lose the order: it still rings, with the
 * payload as its text, and the error says which field was wrong. So does an unusable id (too
 * long, a line break, a fraction, digits a client library lost): the order is then known by
 * its payload's hash, so the same payload again is the same order.
 */
function mappedOrder(payload: unknown, rawId: string | number, mapping: OrderMapping): Validated<Order> {
  // Zero-width characters would make two ids look alike: "A-1" and "A-1\u200b" are one order.
  const id = typeof rawId === 'string' ? withoutZeroWidth(rawId) : rawId;
  const input: Record<string, unknown> = { id };
  for (const field of ['title', 'text', 'total', 'table', 'customer', 'note'] as const) {
    const value = firstAt(payload, mapping[field]);
    if (value !== undefined) input[field] = value;
  }
  const items = firstAt(payload, mapping.items);
  if (items !== undefined) input.items = Array.isArray(items) ? items.map(mapItem) : items;
  const createdAt = firstAt(payload, mapping.createdAt);
  if (createdAt !== undefined) input.createdAt = typeof createdAt === 'number' ? fromUnixTime(createdAt) : createdAt;
  // Only an id found: the payload itself is the text, so nothing the server sent is hidden.
  if (Object.keys(input).length === 1) input.text = compact(payload);
  const order = validateOrder(input);
  if (order.ok) return order;
  const text = compact(payload);
  const fallback = validateOrder({ id, text });
  if (fallback.ok) return { ok: true, value: { ...fallback.value, mappingError: order.error } };
  const byPayload = validateOrder({ id: `text-${textHash(text)}`, text });
  return byPayload.ok ? { ok: true, value: { ...byPayload.value, mappingError: fallback.error } } : byPayload;
}

function mapItem(item: unknown): unknown {
  if (!isRecord(item)) return item;
  const mapped: Record<string, unknown> = {};
  for (const [field, paths] of Object.entries(ITEM_FIELDS)) {
    const value = firstAt(item, paths);
    if (value !== undefined) mapped[field] = value;
  }
  return mapped;
}

/** Unix time in seconds (PHP's time()) or milliseconds (Date.now()). */
function fromUnixTime(value: number): string | number {
  const ms = value < 1e11 ? value * 1000 : value;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function compact(payload: unknown): string {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload) ?? String(payload);
  return text.length > LONG_TEXT_MAX ? `${text.slice(0, LONG_TEXT_MAX - 1)}…` : text;
}

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** Text the sender did not number: identified by its hash and when it came. */
export function textOrder(text: string, receivedAt: number): Validated<Order> {
  if (text.trim() === '') return { ok: false, error: 'text: empty message' };
  return validateOrder({ id: `text-${textHash(text)}-${receivedAt.toString(36)}`, text: compact(text) });
}

/**
 * The same text again this soon after it first came is the server repeating itself. Later it
 * is a new order: many legacy servers push the same "new order" line for every order, and
 * dropping one of those would lose an order.
 */
export const TEXT_REPEAT_WINDOW_MS = 10_000;

/** Texts taken as orders lately, by hash, to recognise repeats within the window. */
export class RecentTexts {
  private readonly seen = new Map<string, number>();

  /** True if `text` came within the window before `now`; otherwise notes it and returns false. */
  repeated(text: string, now: number): boolean {
    for (const [hash, at] of this.seen) if (now - at >= TEXT_REPEAT_WINDOW_MS) this.seen.delete(hash);
    const hash = textHash(text);
    if (this.seen.has(hash)) return true;
    this.seen.set(hash, now);
    return false;
  }
}
