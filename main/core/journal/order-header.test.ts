import { describe, expect, it } from 'vitest';
import { frame, framedJson } from './log-lines';
import { orderRecord, type StoredOrder } from './records';
import { ORDER_ID_MAX } from '../orders/order';
import { readOrderHeader } from './order-header';

const ORDER_KEY = ',"order":{';
const HEADER_KEYS = new Set(['k', 'seq', 'at', 'handled', 'id']);

/** What a header reads as when parsed as JSON and checked as readRecord checks an order record. */
function reference(json: Buffer, end: number) {
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
  const { by, at: handledAt } = (handled ?? {}) as Record<string, unknown>;
  return { seq, at, id, ...(handled ? { handled: { by: String(by), at: String(handledAt) } } : {}) };
}

const line = (stored: StoredOrder) => framedJson(frame(orderRecord(stored)));
const readBoth = (json: Buffer) => {
  const end = json.indexOf(ORDER_KEY);
  return { read: readOrderHeader(json, end), reference: reference(json, end) };
};

/** A tiny deterministic generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
}

describe('readOrderHeader', () => {
  const written: StoredOrder[] = [
    { seq: 1, order: { id: 'A-1' }, receivedAt: 1_764_230_400_000 },
    { seq: null, order: { id: 'legacy' }, receivedAt: 1 },
    { seq: 0, order: { id: 'x'.repeat(ORDER_ID_MAX) }, receivedAt: 1.5 },
    { seq: Number.MAX_SAFE_INTEGER, order: { id: 'big' }, receivedAt: 1e15 },
    { seq: -5, order: { id: 'neg' }, receivedAt: 10 ** 16 },
    { seq: 2, order: { id: '号-7 🌶️' }, receivedAt: 2 },
    { seq: 3, order: { id: 'A "3" \\' }, receivedAt: 3 },
    { seq: 4, order: { id: 'B' }, receivedAt: 4, handled: { by: 'Till 1', at: '2026-11-27T08:00:00.000Z' } },
    { seq: 5, order: { id: 'C' }, receivedAt: 5, handled: { by: 'Küche "2" \\ 号', at: 'now' } },
    { seq: 6, order: { id: 'D' }, receivedAt: 6, handled: { by: '', at: '' } },
    { seq: 7, order: { id: 'E' }, receivedAt: 7, handled: { by: 'line\nbreak', at: '\u2028' } },
  ];

  it('reads what JSON.parse reads from every header recordHeader writes', () => {
    for (const stored of written) {
      const { read, reference: expected } = readBoth(line(stored));
      expect(read).toEqual(expected);
      expect(read).toEqual({ seq: stored.seq, at: stored.receivedAt, id: stored.order.id, ...(stored.handled ? { handled: stored.handled } : {}) });
    }
  });

  it('declines what readRecord would decline, and reads the rest as JSON.parse does', () => {
    const made = [
      '{"k":"order","seq":01,"at":1,"id":"A"',
      '{"k":"order","seq":1e21,"at":1,"id":"A"',
      '{"k":"order","seq":1234567890123456789,"at":1,"id":"A"',
      '{"k":"order","seq":1.5,"at":1,"id":"A"',
      '{"k":"order","seq":"1","at":1,"id":"A"',
      '{"k":"order","seq":1,"at":0,"id":"A"',
      '{"k":"order","seq":1,"at":-1,"id":"A"',
      '{"k":"order","seq":1,"at":"1","id":"A"',
      '{"k":"order","seq":1,"at":1,"id":""',
      '{"k":"order","seq":1,"at":1,"id":7',
      `{"k":"order","seq":1,"at":1,"id":"${'x'.repeat(ORDER_ID_MAX + 1)}"`,
      '{"k":"order","seq":1,"at":1,"extra":true,"id":"A"',
      '{"k":"order","seq":1,"at":1,"handled":null,"id":"A"',
      '{"k":"order","seq":1,"at":1,"handled":"yes","id":"A"',
      '{"k":"order","seq":1,"at":1,"handled":{"by":1,"at":2},"id":"A"',
      '{"k":"order","seq":1,"at":1,"handled":{"at":"then","by":"till"},"id":"A"',
      '{"k":"order","seq":1,"at":1,"handled":{"by":"till"},"id":"A"',
      '{"k":"order","seq":1,"at":1,"id":"A","id":"B"',
      '{"k":"order","seq":1,"at":1,"id":"\\u0041"',
      '{"k":"order","seq":1 ,"at":1,"id":"A"',
      '{"k":"order","seq":-0,"at":1,"id":"A"',
    ];
    for (const header of made) {
      const { read, reference: expected } = readBoth(Buffer.from(`${header}${ORDER_KEY}"id":"A"}}`));
      expect([header, read]).toEqual([header, expected]);
    }
  });

  it('agrees with JSON.parse on headers with one byte changed', () => {
    const next = random(5);
    const alphabet = Buffer.from('0123456789-.,:{}"\\ eanulx\u00e9');
    for (let i = 0; i < 20_000; i++) {
      const json = Buffer.from(line(written[Math.floor(next() * written.length)]!));
      const end = json.indexOf(ORDER_KEY);
      json[Math.floor(next() * end)] = alphabet[Math.floor(next() * alphabet.length)]!;
      const { read, reference: expected } = readBoth(json);
      if (JSON.stringify(read) !== JSON.stringify(expected)) expect([json.toString(), read]).toEqual([json.toString(), expected]);
    }
  });
});
