import { describe, expect, it } from 'vitest';
import { encode } from '../link/protocol';
import { ByteArena } from '../journal/byte-arena';
import { KeptOrder } from '../journal/records';
import type { Order } from '../orders/order';
import { orderFrame, orderFrameBytes } from './order-frame';

const order: Order = { id: 'a "quoted" id 单', table: '12', items: [{ name: '米饭 Rice', qty: 2, price: 3 }], note: 'line\nbreak' };

function kept(handled?: { by: string; at: string }): KeptOrder {
  const json = Buffer.from(`{"k":"order","seq":41,"at":1733480000123,"id":"x","order":${JSON.stringify(order)}}`);
  return KeptOrder.written({ seq: 41, order, receivedAt: 1733480000123, ...(handled ? { handled } : {}) }, json, new ByteArena());
}

describe('orderFrame', () => {
  it('is the protocol encoding of the order message, byte for byte, for every device', () => {
    expect(orderFrame(kept())).toBe(encode({ type: 'order', seq: 41, order, receivedAt: new Date(1733480000123).toISOString() }));
  });

  it('is the same frame as UTF-8 bytes, the order copied from where the journal keeps it', () => {
    const arena = new ByteArena();
    arena.keep(Buffer.from('another order kept before this one'));
    const json = Buffer.from(`{"k":"order","seq":41,"at":1733480000123,"id":"x","order":${JSON.stringify(order)}}`);
    const stored = KeptOrder.written({ seq: 41, order, receivedAt: 1733480000123 }, json, arena);
    expect(stored.start).toBeGreaterThan(0);
    expect(orderFrameBytes(stored).toString('utf8')).toBe(encode({ type: 'order', seq: 41, order, receivedAt: new Date(1733480000123).toISOString() }));
    const handled = { by: '吧台 "2"', at: '2026-12-06T10:00:00.000Z' };
    expect(orderFrameBytes(kept(handled))).toEqual(Buffer.from(orderFrame(kept(handled)), 'utf8'));
  });

  it('carries the handled state of an order replayed after it was handled', () => {
    const handled = { by: 'Bar "2"', at: '2026-12-06T10:00:00.000Z' };
    expect(orderFrame(kept(handled))).toBe(encode({ type: 'order', seq: 41, order, receivedAt: new Date(1733480000123).toISOString(), handled }));
  });
});
