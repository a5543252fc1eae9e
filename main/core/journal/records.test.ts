import { describe, expect, it } from 'vitest';
import { frame, frameJsonText, framedJson } from './log-lines';
import { ByteArena } from './byte-arena';
import { queryHistory } from '../orders/views';
import { orderJsonOf, orderRecord, orderRecordHead, readOrderLine, readRecord, snapshotRecords, type JournalRecord, type StoredOrder } from './records';

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
    expect(readRecord({ k: 'handled', id: 'A-1', by: 'web view', at: '2026-11-27T08:00:00Z' }, NOW)).toEqual({ k: 'handled', id: 'A-1', by: 'web view', at: '2026-11-27T08:00:00Z' });
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
    // Two runs of e2: the server started that epoch over, so they are two histories.
    const [e1, e2, e2Again] = [{ name: 'e1' }, { name: 'e2' }, { name: 'e2' }];
    const retained = [
      { stored: order('T-1', null), epoch: null },
      { stored: order('A', 7), epoch: e1 },
      { stored: order('B', 8), epoch: e1 },
      { stored: order('C', 1), epoch: e2 },
      { stored: order('D', 1), epoch: e2Again },
    ];
    expect(snapshotRecords(retained, { epoch: 'e2', lastSeq: 5 }).map((r) => r as JournalRecord).map((r) => (r.k === 'order' ? r.order : r))).toEqual([
      { id: 'T-1' },
      { k: 'epoch', epoch: 'e1', lastSeq: 0 },
      { id: 'A' },
      { id: 'B' },
      { k: 'epoch', epoch: 'e2', lastSeq: 0 },
      { id: 'C' },
      { k: 'epoch', epoch: 'e2', lastSeq: 0 },
      { id: 'D' },
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

describe('orders kept as JSON', () => {
  const tricky: StoredOrder[] = [
    { seq: 1, order: { id: 'A-1', table: '3', items: [{ name: '宫保鸡丁 Kung Pao', qty: 2, price: 38 }], note: 'less "spicy"\n\\ no 🌶️' }, receivedAt: NOW - 1 },
    { seq: null, order: { id: 'legacy "quoted" \\ id', text: 'plain text order' }, receivedAt: NOW - 2 },
    { seq: 9_007_199_254_740_991, order: { id: '号-7', total: 0.1 + 0.2 }, receivedAt: NOW - 3, handled: { by: 'till "2"', at: '2026-11-27T07:00:00Z' } },
  ];
  const lineOf = (record: unknown) => framedJson(frame(record));

  it.each(tricky)('writes an order record spliced from the order\'s JSON made once, byte for byte as the whole record serialised (%#)', (stored) => {
    expect(frameJsonText(orderRecordHead(stored), orderJsonOf(stored.order), '}')).toEqual(frame(orderRecord(stored)));
  });

  it.each(tricky)('reads an order lazily as exactly the order an eager read gives (%#)', (stored) => {
    const json = lineOf(orderRecord(stored));
    const kept = readOrderLine(json, new ByteArena());
    const eager = readRecord(JSON.parse(json.toString('utf8')), NOW);
    expect(kept).toBeDefined();
    expect(eager).toMatchObject({ k: 'order' });
    const { stored: expected } = eager as { stored: StoredOrder };
    expect({ seq: kept!.seq, order: kept!.order, receivedAt: kept!.receivedAt, handled: kept!.handled }).toEqual({ handled: undefined, ...expected });
    expect(kept!.id).toBe(stored.order.id);
    expect(kept!.orderJson).toBe(JSON.stringify(kept!.order));
    // Written again (compaction), it is the same record, and reads back the same again.
    expect(JSON.parse(kept!.recordJson().toString('utf8'))).toEqual(JSON.parse(json.toString('utf8')));
  });

  it('writes the handled state a kept order gained into its record', () => {
    const kept = readOrderLine(lineOf(orderRecord(tricky[0]!)), new ByteArena())!;
    kept.handled = { by: 'web view', at: '2026-11-27T08:00:00Z' };
    expect(readRecord(JSON.parse(kept.recordJson().toString('utf8')), NOW)).toEqual({ k: 'order', stored: { ...tricky[0], handled: kept.handled } });
  });

  it.each([
    ['an older record with the order in the middle', { k: 'order', seq: 1, order: { id: 'A' }, at: NOW }],
    ['a header with a field it does not know', { k: 'order', seq: 1, at: NOW, id: 'A', extra: 1, order: { id: 'A' } }],
    ['a header id that is not the order\'s', { k: 'order', seq: 1, at: NOW, id: 'B', order: { id: 'A' } }],
    ['an order whose id is not its first field', { k: 'order', seq: 1, at: NOW, id: 'A', order: { table: '1', id: 'A' } }],
    ['a seq written as text', { k: 'order', seq: '7', at: NOW, id: 'A', order: { id: 'A' } }],
    ['no time', { k: 'order', seq: 1, at: 0, id: 'A', order: { id: 'A' } }],
    ['an empty id', { k: 'order', seq: 1, at: NOW, id: '', order: { id: '' } }],
    ['a handled state that is not an object', { k: 'order', seq: 1, at: NOW, handled: 'yes', id: 'A', order: { id: 'A' } }],
  ])('leaves %s to the full read, which gives the verdict', (_, record) => {
    expect(readOrderLine(lineOf(record), new ByteArena())).toBeUndefined();
  });

  it('leaves an id spelled otherwise than JSON.stringify spells it (an escaped letter) to the full read', () => {
    const json = Buffer.from(`{"k":"order","seq":1,"at":${NOW},"id":"\\u0041","order":{"id":"\\u0041"}}`);
    expect(JSON.parse(json.toString()).id).toBe('A');
    expect(readOrderLine(json, new ByteArena())).toBeUndefined();
  });

  it('keeps the number of an order whose JSON a hand-made line broke behind a correct checksum, and says so', () => {
    const json = Buffer.from('{"k":"order","seq":4,"at":1,"id":"A","order":{"id":"A","table":}');
    const kept = readOrderLine(json, new ByteArena())!;
    expect(kept.order).toMatchObject({ id: 'A', title: 'damaged journal record', note: expect.stringMatching(/JSON/) });
  });
});

describe('searching orders kept as JSON', () => {
  const orders: StoredOrder[] = [
    { seq: 1, order: { id: 'A', items: [{ name: 'Kung Pao chicken', qty: 1 }], note: 'less "spicy"' }, receivedAt: 1 },
    { seq: 2, order: { id: 'B', title: 'İSTANBUL kebab', table: '7' }, receivedAt: 2 },
    { seq: 3, order: { id: 'C', customer: { name: '\u212AELVIN' }, text: 'OΔΟΣ 5, tab\there' }, receivedAt: 3 },
    { seq: 4, order: { id: 'D', channel: 'price list', total: 12.5 }, receivedAt: 4 },
  ];

  it.each(['kung', 'istanbul', 'i̇stanbul', 'kelvin', 'ｋelvin', '"spicy"', 'spicy', 'price', 'name', '12.5', 'οδος', '7 kebab', 'tab', 'nothing'])(
    'finds exactly what a search of the parsed orders finds: %s',
    (text) => {
      const arena = new ByteArena();
      const kept = orders.map((stored) => readOrderLine(framedJson(frame(orderRecord(stored))), arena)!);
      const query = { text, offset: 0, limit: 10 };
      expect(queryHistory(kept, query).orders.map((stored) => stored.id)).toEqual(queryHistory(orders, query).orders.map((stored) => stored.order.id));
    },
  );
});
