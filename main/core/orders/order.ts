/**
 * The order: its shape, its limits and the validator every input path goes through
 * (WebSocket frames, HTTP bodies, journal records). Order fields come from shop backends
 * and networks we do not control: nothing here trusts them beyond their declared type.
 */

import { hasUnsafeChars, multiLine, oneLine } from './untrusted-text';

export interface OrderItem {
  name: string;
  qty: number;
  price?: number | string;
  note?: string;
  /** What kind of item it is ("drinks", "饮品"): stations route by it (orders/stations.ts). */
  category?: string;
}

/** Who handled an order and when (ISO 8601): the one state every device shares. */
export interface HandledState {
  by: string;
  at: string;
}

export interface Customer {
  name?: string;
  phone?: string;
  address?: string;
}

export interface Order {
  id: string;
  createdAt?: string;
  /** When the order is due: picked up, delivered or served (ISO 8601). */
  dueAt?: string;
  title?: string;
  text?: string;
  total?: number | string;
  currency?: string;
  items?: OrderItem[];
  table?: string;
  customer?: Customer;
  channel?: string;
  note?: string;
  meta?: Record<string, unknown>;
  /** Unknown fields are kept for display and forwarding, never interpreted. */
  [extra: string]: unknown;
}

export const ORDER_ID_MAX = 128;
export const SHORT_TEXT_MAX = 256;
export const LONG_TEXT_MAX = 16_384;
export const ITEMS_MAX = 500;
export const EXTRA_DEPTH_MAX = 8;

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

/** Keys that could reach an object's prototype if anyone ever assigned them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class FieldError extends Error {}

function fail(field: string, why: string): never {
  throw new FieldError(`${field}: ${why}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A shown field; `clean` removes what could forge a screen or log line (see untrusted-text). */
function text(value: unknown, field: string, max: number, clean: (value: string) => string = oneLine): string {
  if (typeof value !== 'string') fail(field, `must be a string, got ${typeName(value)}`);
  if (value.length > max) fail(field, `must be at most ${max} characters, got ${value.length}`);
  return clean(value.toWellFormed());
}

/** Table numbers and totals arrive as numbers from some backends and strings from others. */
function textOrNumber(value: unknown, field: string, max: number, clean?: (value: string) => string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return text(value, field, max, clean);
}

function amount(value: unknown, field: string): number | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(field, 'must be a finite number');
    return value;
  }
  return text(value, field, 32);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function validateId(value: unknown): string {
  if (value === undefined) fail('id', 'is required');
  if (typeof value === 'number' && Number.isSafeInteger(value)) value = String(value);
  else if (typeof value === 'number' && Number.isInteger(value)) fail('id', 'is a number too large to keep every digit: send it as a string');
  else if (typeof value === 'number') fail('id', `must be a whole number or a string, got ${value}`);
  const id = text(value, 'id', ORDER_ID_MAX, (raw) => raw);
  if (id.trim() === '') fail('id', 'must not be empty');
  // The idempotency key is never rewritten: the backend must get back the id it sent.
  if (hasUnsafeChars(id)) fail('id', 'must not contain control, line-break or bidi-control characters');
  // A browser drops such a segment from /api/orders/:id/handled: the order could never be marked done.
  if (id === '.' || id === '..') fail('id', 'must not be "." or ".."');
  return id;
}

function validateItem(value: unknown, field: string): OrderItem {
  if (!isRecord(value)) fail(field, `must be an object, got ${typeName(value)}`);
  const item: OrderItem = { name: text(value.name, `${field}.name`, SHORT_TEXT_MAX), qty: 1 };
  if (value.qty !== undefined) {
    const qty = typeof value.qty === 'string' ? Number(value.qty) : value.qty;
    if (typeof qty !== 'number' || !Number.isFinite(qty) || qty <= 0) {
      fail(`${field}.qty`, 'must be a positive number');
    }
    item.qty = qty;
  }
  if (value.price !== undefined) item.price = amount(value.price, `${field}.price`);
  if (value.note !== undefined) item.note = text(value.note, `${field}.note`, SHORT_TEXT_MAX * 4, multiLine);
  if (value.category !== undefined && value.category !== null) item.category = textOrNumber(value.category, `${field}.category`, 64);
  return item;
}

function validateItems(value: unknown): OrderItem[] {
  if (!Array.isArray(value)) fail('items', `must be an array, got ${typeName(value)}`);
  if (value.length > ITEMS_MAX) fail('items', `must have at most ${ITEMS_MAX} entries, got ${value.length}`);
  return value.map((item, index) => validateItem(item, `items[${index}]`));
}

function validateCustomer(value: unknown): Customer {
  if (!isRecord(value)) fail('customer', `must be an object, got ${typeName(value)}`);
  const customer: Customer = {};
  for (const key of ['name', 'phone', 'address'] as const) {
    if (value[key] !== undefined) {
      customer[key] = textOrNumber(value[key], `customer.${key}`, SHORT_TEXT_MAX * 2, key === 'address' ? multiLine : oneLine);
    }
  }
  return customer;
}

/** A copy of untrusted JSON with prototype-reaching keys dropped and depth bounded. */
function cleanJson(value: unknown, field: string, depth: number): unknown {
  if (depth > EXTRA_DEPTH_MAX) fail(field, `must not nest deeper than ${EXTRA_DEPTH_MAX} levels`);
  if (typeof value === 'string') return value.toWellFormed();
  if (Array.isArray(value)) return value.map((entry, i) => cleanJson(entry, `${field}[${i}]`, depth + 1));
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      if (!FORBIDDEN_KEYS.has(key)) copy[key] = cleanJson(entry, `${field}.${key}`, depth + 1);
    }
    return copy;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) fail(field, 'must be a finite number');
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  fail(field, `must be JSON data, got ${typeName(value)}`);
}

const SHORT_FIELDS = ['title', 'currency', 'channel', 'createdAt', 'dueAt'] as const;
const LONG_FIELDS = ['text', 'note'] as const;
const KNOWN_FIELDS = new Set<string>([
  'id', 'total', 'items', 'table', 'customer', 'meta', ...SHORT_FIELDS, ...LONG_FIELDS,
]);

function buildOrder(input: Record<string, unknown>): Order {
  const order: Order = { id: validateId(input.id) };
  for (const key of SHORT_FIELDS) {
    if (input[key] !== undefined && input[key] !== null) order[key] = text(input[key], key, SHORT_TEXT_MAX);
  }
  for (const key of LONG_FIELDS) {
    if (input[key] !== undefined && input[key] !== null) order[key] = text(input[key], key, LONG_TEXT_MAX, multiLine);
  }
  for (const key of ['createdAt', 'dueAt'] as const) {
    if (order[key] !== undefined && Number.isNaN(Date.parse(order[key]))) fail(key, 'must be an ISO 8601 date-time');
  }
  if (input.total !== undefined && input.total !== null) order.total = amount(input.total, 'total');
  if (input.table !== undefined && input.table !== null) order.table = textOrNumber(input.table, 'table', 64);
  if (input.items !== undefined && input.items !== null) order.items = validateItems(input.items);
  if (input.customer !== undefined && input.customer !== null) order.customer = validateCustomer(input.customer);
  if (input.meta !== undefined && input.meta !== null) {
    if (!isRecord(input.meta)) fail('meta', `must be an object, got ${typeName(input.meta)}`);
    order.meta = cleanJson(input.meta, 'meta', 1) as Record<string, unknown>;
  }
  for (const [key, value] of Object.entries(input)) {
    if (!KNOWN_FIELDS.has(key) && !FORBIDDEN_KEYS.has(key)) order[key] = cleanJson(value, key, 1);
  }
  return order;
}

/** Whether two orders say the same, whatever the order of their fields. */
export function sameOrder(a: Order, b: Order): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * Checks untrusted input against the order schema and returns a normalised copy, or an
 * error naming the first offending field ("items[2].qty: must be a positive number").
 */
export function validateOrder(input: unknown): Validated<Order> {
  if (!isRecord(input)) return { ok: false, error: `order: must be an object, got ${typeName(input)}` };
  try {
    return { ok: true, value: buildOrder(input) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, error: error.message };
    throw error;
  }
}
