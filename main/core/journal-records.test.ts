import { describe, expect, it } from 'vitest';
import { orderRecord, readRecord, snapshotRecords, type StoredOrder } from './journal-records';

const NOW = Date.parse('2026-11-27T08:00:00Z');

describe('journal records', () => {
  it('reads an order record back as the order it was written from, handled state included', () => {
    const stored: StoredOrder = { seq: 7, order: { id: 'A-1', table: '3', items: [{ name: '面', qty: 2 }] }, receivedAt: NOW - 5000, handled: { by: 'till', at: '2026-11-27T07:59:58Z' } };
    const written = JSON.parse(JSON.stringify(orderRecord(stored)));
    expect(readRecord(written, NOW)).toEqual({ k: 'order', stored });
  });

  it('keeps a null seq (an order from a legacy text server) and dates an undated record now', () => {
    expect(readRecord({ k: 'order', seq: null, order: { id: 'T-1', text: 'hi' } }, NOW)).toEqual({ k: 'order', stored: { seq: null, order: { id: 'T-1', text: 'hi' }, receivedAt: NOW } });
  });

  it('reads handled and epoch records', () => {
    expect(readRecord({ k: 'handled', id: 'A-1', by: 'web view', at: '2026-11-27T08:00:00Z' }, NOW)).toEqual({ k: 'handled', id: 'A-1', handled: { by: 'web view', at: '2026-11-27T08:00:00Z' } });
    expect(readRecord({ k: 'epoch', epoch: 'e1', lastSeq: 12 }, NOW)).toEqual({ k: 'epoch', epoch: 'e1', lastSeq: 12 });
  });

  it.each([
    ['a line that is not an object', 42, 'not an object'],
    ['null', null, 'not an object'],
    ['an unknown kind', { k: 'refund', id: 'A-1' }, 'unknown kind "refund"'],
    ['a missing kind', { id: 'A-1' }, 'unknown kind undefined'],
    ['a handled record without an id', { k: 'handled', by: 'x', at: 'y' }, 'bad handled record'],
    ['an epoch record with a fractional lastSeq', { k: 'epoch', epoch: 'e1', lastSeq: 1.5 }, 'bad epoch record'],
    ['an epoch record without an epoch', { k: 'epoch', lastSeq: 1 }, 'bad epoch record'],
    ['an order record with a bad seq', { k: 'order', seq: 'seven', order: { id: 'A-1' } }, 'bad seq'],
    ['an order record with an unsafe seq', { k: 'order', seq: 2 ** 60, order: { id: 'A-1' } }, 'bad seq'],
  ])('names the reason it ignores %s', (_, raw, reason) => {
    expect(readRecord(raw, NOW)).toBe(reason);
  });

  it('snapshots orders behind the epoch each was stored in, then the stream position', () => {
    const order = (id: string, seq: number | null): StoredOrder => ({ seq, order: { id }, receivedAt: NOW });
    const retained = [
      { stored: order('T-1', null), epoch: null },
      { stored: order('A', 7), epoch: 'e1' },
      { stored: order('B', 8), epoch: 'e1' },
      { stored: order('C', 1), epoch: 'e2' },
    ];
    expect(snapshotRecords(retained, { epoch: 'e2', lastSeq: 5 }).map((r) => (r.k === 'order' ? r.order : r))).toEqual([
      { id: 'T-1' },
      { k: 'epoch', epoch: 'e1', lastSeq: 0 },
      { id: 'A' },
      { id: 'B' },
      { k: 'epoch', epoch: 'e2', lastSeq: 0 },
      { id: 'C' },
      { k: 'epoch', epoch: 'e2', lastSeq: 5 },
    ]);
    expect(snapshotRecords([], null)).toEqual([]);
  });

  it('examines an order that fails the quick shape check in full, and names its fault', () => {
    expect(readRecord({ k: 'order', seq: 1, order: { id: '' } }, NOW)).toBe('id: must not be empty');
    expect(readRecord({ k: 'order', seq: 1, order: { id: 'x'.repeat(129) } }, NOW)).toMatch(/^id: /);
    expect(readRecord({ k: 'order', seq: 1, order: ['A-1'] }, NOW)).toBe('order: must be an object, got array');
  });
});
