import { describe, expect, it } from 'vitest';
import { ITEMS_MAX, ORDER_ID_MAX, validateOrder } from './order';

function valid(input: unknown) {
  const result = validateOrder(input);
  if (!result.ok) throw new Error(`expected a valid order, got: ${result.error}`);
  return result.value;
}

function invalid(input: unknown): string {
  const result = validateOrder(input);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('validateOrder', () => {
  it('accepts a full order and keeps every field', () => {
    const order = valid({
      id: 'A-1001',
      createdAt: '2026-11-27T12:00:00Z',
      title: 'Takeaway',
      text: 'Extra spicy',
      total: 58,
      currency: 'CNY',
      items: [{ name: 'Beef noodles', qty: 2, price: '29.00', note: 'no onion' }],
      table: 3,
      customer: { name: 'Li', phone: '138', address: 'Road 1' },
      channel: 'web',
      note: 'ring twice',
      meta: { source: 'php', nested: { a: [1, 2] } },
    });
    expect(order).toMatchObject({ id: 'A-1001', total: 58, table: '3', items: [{ name: 'Beef noodles', qty: 2, price: '29.00' }] });
    expect(order.customer).toEqual({ name: 'Li', phone: '138', address: 'Road 1' });
    expect(order.meta).toEqual({ source: 'php', nested: { a: [1, 2] } });
  });

  it('accepts a numeric id and defaults an item quantity to 1', () => {
    expect(valid({ id: 42, items: [{ name: 'Tea' }] })).toMatchObject({ id: '42', items: [{ name: 'Tea', qty: 1 }] });
  });

  it('refuses a numeric id that has lost digits or has a fraction, saying which', () => {
    expect(validateOrder({ id: 2024120512345678901 })).toEqual({ ok: false, error: 'id: is a number too large to keep every digit: send it as a string' });
    expect(validateOrder({ id: 12.5 })).toEqual({ ok: false, error: 'id: must be a whole number or a string, got 12.5' });
    expect(validateOrder({ id: Number.MAX_SAFE_INTEGER })).toMatchObject({ ok: true, value: { id: '9007199254740991' } });
  });

  it('keeps unknown fields as data', () => {
    expect(valid({ id: 'x', deliveryWindow: { from: '12:00' } }).deliveryWindow).toEqual({ from: '12:00' });
  });

  it.each([
    [{}, 'id: is required'],
    [{ id: '' }, 'id: must not be empty'],
    [{ id: 'a'.repeat(ORDER_ID_MAX + 1) }, `id: must be at most ${ORDER_ID_MAX} characters, got ${ORDER_ID_MAX + 1}`],
    [{ id: 'a\u0000b' }, 'id: must not contain control, line-break or bidi-control characters'],
    [{ id: true }, 'id: must be a string, got boolean'],
    [{ id: 'x', title: 5 }, 'title: must be a string, got number'],
    [{ id: 'x', total: {} }, 'total: must be a string, got object'],
    [{ id: 'x', createdAt: 'yesterday' }, 'createdAt: must be an ISO 8601 date-time'],
    [{ id: 'x', items: {} }, 'items: must be an array, got object'],
    [{ id: 'x', items: [{ name: 'a' }, 'b'] }, 'items[1]: must be an object, got string'],
    [{ id: 'x', items: [{ name: 'a', qty: -1 }] }, 'items[0].qty: must be a positive number'],
    [{ id: 'x', items: [{ qty: 1 }] }, 'items[0].name: must be a string, got undefined'],
    [{ id: 'x', customer: 'Li' }, 'customer: must be an object, got string'],
    [{ id: 'x', meta: [] }, 'meta: must be an object, got array'],
  ])('rejects %j with "%s"', (input, message) => {
    expect(invalid(input)).toBe(message);
  });

  it('rejects an id with a bidi override or C1 control rather than rewriting the idempotency key', () => {
    expect(invalid({ id: 'A-1\u202e' })).toBe('id: must not contain control, line-break or bidi-control characters');
    expect(invalid({ id: 'A\u009b1' })).toBe('id: must not contain control, line-break or bidi-control characters');
  });

  it('strips control and bidi characters from every shown field, keeping line breaks only where text may have them', () => {
    const nasty = 'a\r\nb\u001b[31mc\u0000d\u202ee\u2066f\u009bg\th';
    const order = valid({
      id: 'x',
      title: nasty,
      channel: nasty,
      currency: nasty,
      table: nasty,
      total: 'a\u202e1',
      text: nasty,
      note: nasty,
      items: [{ name: nasty, note: nasty, price: '1\u0007' }],
      customer: { name: nasty, phone: nasty, address: nasty },
    });
    const line = 'a b[31mcdefg h';
    const text = 'a\nb[31mcdefg\th';
    expect([order.title, order.channel, order.currency, order.table, order.total]).toEqual([line, line, line, line, 'a1']);
    expect([order.text, order.note]).toEqual([text, text]);
    expect(order.items).toEqual([{ name: line, qty: 1, note: text, price: '1' }]);
    expect(order.customer).toEqual({ name: line, phone: line, address: text });
  });

  it('rejects non-objects', () => {
    expect(invalid(null)).toBe('order: must be an object, got null');
    expect(invalid([])).toBe('order: must be an object, got array');
    expect(invalid('A-1')).toBe('order: must be an object, got string');
  });

  it('bounds the number of items and the length of text', () => {
    const items = Array.from({ length: ITEMS_MAX + 1 }, () => ({ name: 'x' }));
    expect(invalid({ id: 'x', items })).toBe(`items: must have at most ${ITEMS_MAX} entries, got ${ITEMS_MAX + 1}`);
    expect(invalid({ id: 'x', text: 'y'.repeat(20_000) })).toMatch(/^text: must be at most 16384 characters/);
  });

  it('bounds nesting in unknown fields', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i++) deep = { deeper: deep };
    expect(invalid({ id: 'x', meta: deep })).toMatch(/must not nest deeper than 8 levels$/);
  });

  it('drops prototype-reaching keys and never touches Object.prototype', () => {
    const input = JSON.parse('{"id":"x","__proto__":{"polluted":1},"meta":{"constructor":{"prototype":{"polluted":1}},"ok":1}}');
    const order = valid(input);
    expect(Object.keys(order)).not.toContain('__proto__');
    expect(order.meta).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(order)).toBe(Object.prototype);
  });

  it('repairs lone surrogates instead of storing malformed text', () => {
    expect(valid({ id: 'x', text: 'a\ud800b' }).text).toBe('a\ufffdb');
  });
});
