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

/**
 * A field that failed, its path relative to the value being checked ('' for the value itself,
 * `.name` or `[2]` below it): each container puts its own name in front as the error passes
 * through it, so a path is built only for the one field that failed, never for every field
 * that passed.
 */
class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly why: string,
  ) {
    super(`${field}: ${why}`);
  }
}

function fail(field: string, why: string): never {
  throw new FieldError(field, why);
}

/** `error` as failing within `parent`: `items[2]` + `.qty`. */
function within(error: unknown, parent: string): unknown {
  return error instanceof FieldError ? new FieldError(parent + error.field, error.why) : error;
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

/** One entry of `items`; its fields' paths are relative to it (see FieldError). */
function validateItem(value: unknown): OrderItem {
  if (!isRecord(value)) fail('', `must be an object, got ${typeName(value)}`);
  const item: OrderItem = { name: text(value.name, '.name', SHORT_TEXT_MAX), qty: 1 };
  if (value.qty !== undefined) {
    const qty = typeof value.qty === 'string' ? Number(value.qty) : value.qty;
    if (typeof qty !== 'number' || !Number.isFinite(qty) || qty <= 0) {
      fail('.qty', 'must be a positive number');
    }
    item.qty = qty;
  }
  if (value.price !== undefined) item.price = amount(value.price, '.price');
  if (value.note !== undefined) item.note = text(value.note, '.note', SHORT_TEXT_MAX * 4, multiLine);
  if (value.category !== undefined && value.category !== null) item.category = textOrNumber(value.category, '.category', 64);
  return item;
}

function validateItems(value: unknown): OrderItem[] {
  if (!Array.isArray(value)) fail('items', `must be an array, got ${typeName(value)}`);
  if (value.length > ITEMS_MAX) fail('items', `must have at most ${ITEMS_MAX} entries, got ${value.length}`);
  const items: OrderItem[] = [];
  for (let index = 0; index < value.length; index++) {
    try {
      items.push(validateItem(value[index]));
    } catch (error) {
      throw within(error, `items[${index}]`);
    }
  }
  return items;
}

const CUSTOMER_FIELDS = { name: 'customer.name', phone: 'customer.phone', address: 'customer.address' } as const;

function validateCustomer(value: unknown): Customer {
  if (!isRecord(value)) fail('customer', `must be an object, got ${typeName(value)}`);
  const customer: Customer = {};
  for (const key of ['name', 'phone', 'address'] as const) {
    if (value[key] !== undefined) {
      customer[key] = textOrNumber(value[key], CUSTOMER_FIELDS[key], SHORT_TEXT_MAX * 2, key === 'address' ? multiLine : oneLine);
    }
  }
  return customer;
}

/** `field`'s value as cleanJson copies it, the path of what fails named from `field`. */
function cleanField(value: unknown, field: string): unknown {
  try {
    return cleanJson(value, 1);
  } catch (error) {
    throw within(error, field);
  }
}

/**
 * A copy of untrusted JSON with prototype-reaching keys dropped and depth bounded; what fails
 * is named relative to `value` (see FieldError).
 */
function cleanJson(value: unknown, depth: number): unknown {
  if (depth > EXTRA_DEPTH_MAX) fail('', `must not nest deeper than ${EXTRA_DEPTH_MAX} levels`);
  if (typeof value === 'string') return value.toWellFormed();
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      try {
        copy.push(cleanJson(value[i], depth + 1));
      } catch (error) {
        throw within(error, `[${i}]`);
      }
    }
    return copy;
  }
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.hasOwn(value, key) || FORBIDDEN_KEYS.has(key)) continue;
      try {
        copy[key] = cleanJson(value[key], depth + 1);
      } catch (error) {
        throw within(error, `.${key}`);
      }
    }
    return copy;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) fail('', 'must be a finite number');
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  fail('', `must be JSON data, got ${typeName(value)}`);
}

const SHORT_FIELDS = ['title', 'currency', 'channel', 'createdAt', 'dueAt'] as const;
const LONG_FIELDS = ['text', 'note'] as const;
const KNOWN_FIELDS = new Set<string>([
  'id', 'total', 'items', 'table', 'customer', 'meta', ...SHORT_FIELDS, ...LONG_FIELDS,
]);

function buildOrder(input: Record<string, unknown>): Order {
  const order: Order = { id: validateId(input.id) };
  // Indexed loops: every order passes here, and a for-of made an iterator result per field.
  for (let index = 0; index < SHORT_FIELDS.length; index++) {
    const key = SHORT_FIELDS[index]!;
    if (input[key] !== undefined && input[key] !== null) order[key] = text(input[key], key, SHORT_TEXT_MAX);
  }
  for (let index = 0; index < LONG_FIELDS.length; index++) {
    const key = LONG_FIELDS[index]!;
    if (input[key] !== undefined && input[key] !== null) order[key] = text(input[key], key, LONG_TEXT_MAX, multiLine);
  }
  if (order.createdAt !== undefined && Number.isNaN(Date.parse(order.createdAt))) fail('createdAt', 'must be an ISO 8601 date-time');
  if (order.dueAt !== undefined && Number.isNaN(Date.parse(order.dueAt))) fail('dueAt', 'must be an ISO 8601 date-time');
  if (input.total !== undefined && input.total !== null) order.total = amount(input.total, 'total');
  if (input.table !== undefined && input.table !== null) order.table = textOrNumber(input.table, 'table', 64);
  if (input.items !== undefined && input.items !== null) order.items = validateItems(input.items);
  if (input.customer !== undefined && input.customer !== null) order.customer = validateCustomer(input.customer);
  if (input.meta !== undefined && input.meta !== null) {
    if (!isRecord(input.meta)) fail('meta', `must be an object, got ${typeName(input.meta)}`);
    order.meta = cleanField(input.meta, 'meta') as Record<string, unknown>;
  }
  for (const key in input) {
    if (Object.hasOwn(input, key) && !KNOWN_FIELDS.has(key) && !FORBIDDEN_KEYS.has(key)) order[key] = cleanField(input[key], key);
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
    if (error instanceof FieldError) return { ok: false, error: `${error.field}: ${error.why}` };
    throw error;
  }
}
