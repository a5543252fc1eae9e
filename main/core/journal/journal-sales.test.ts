/** The journal's sales (channel, currency, total per order) for reports: the same as parsing each order, however it came. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frame, RawRecord } from './log-lines';
import { Journal, type JournalOptions } from './journal';
import { saleOf } from './sale';
import { MAX_SALE_NAMES } from './sale-columns';
import { defer, tempDir } from '../../../test/helpers';
import type { Order } from '../orders/order';

async function openJournal(path: string, options: JournalOptions = {}): Promise<Journal> {
  const journal = await Journal.open(path, options);
  defer(() => journal.close());
  return journal;
}

/** Each retained order's id and sale as the journal gives it, beside the sale its parsed order gives. */
function sales(journal: Journal) {
  const given = [...journal.sales()].map(({ stored, sale }) => [stored.id, sale]);
  const expected = [...journal.all()].map((stored) => [stored.id, saleOf(stored.order)]);
  expect(given).toEqual(expected);
  return given;
}

/** Totals and names of every kind, some past what the columns hold (a total past a double, a name that is not a string): each must come back as its parsed order gives it. */
const ODD: Order[] = [
  { id: 'plain', channel: 'web', currency: 'CNY', total: '12.50' },
  { id: 'number', channel: 'web', currency: 'cny', total: 0.1 + 0.2 },
  { id: 'minus-zero', total: '-0.00' },
  { id: 'leading-zero', total: '007.5' },
  { id: 'spaces', total: ' 12.5 ' },
  { id: 'symbol', total: '¥12', currency: '人民币' },
  { id: 'huge', total: '123456789012345678901234567890.5' },
  { id: 'huge-number', total: 1e21 },
  { id: 'refund', total: '-0.5' },
  { id: 'round', total: '100.00' },
  { id: 'cents', total: '0.05', currency: 'USD' },
  { id: 'minus', total: '-12.34' },
  { id: 'whole', total: 120 },
  { id: 'tiny', total: '0.000000000000001' },
  { id: 'sixteen-digits', total: '1234567890123456' },
  { id: 'past-a-double', total: '9007199254740993' },
  { id: 'no-total', channel: '美团 "外卖"' },
  { id: 'not-strings', channel: 7 as unknown as string, currency: { code: 'CNY' } as unknown as string },
];

describe('Journal sales', () => {
  it('gives each order its sale as appended, after a restart, and after orders were handled', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await Journal.open(path);
    for (const order of ODD.slice(0, 6)) await journal.append(order, 'next');
    expect(sales(journal)).toEqual(ODD.slice(0, 6).map((order) => [order.id, saleOf(order)]));
    // Appended after the columns were made: kept from the parsed form.
    for (const order of ODD.slice(6)) await journal.append(order, 'next');
    await journal.markHandled('plain', 'Till', '2026-12-06T10:00:00.000Z');
    const appended = sales(journal);
    expect(appended).toEqual(ODD.map((order) => [order.id, saleOf(order)]));
    await journal.close();

    const reopened = await openJournal(path);
    expect(sales(reopened)).toEqual(appended);
    // Asked again: from the columns now, the same.
    expect(sales(reopened)).toEqual(appended);
  });

  it('keeps each order its own sale when retention drops orders and the rest move down', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path, { maxOrders: 300 });
    const order = (i: number): Order => ({ id: `o-${i}`, channel: `ch-${i % 7}`, currency: i % 2 ? 'CNY' : 'USD', total: `${i}.${i % 100}` });
    for (let i = 0; i < 500; i++) await journal.append(order(i), 'next');
    expect(sales(journal)).toHaveLength(300);
    // Thousands more dropped: the retained slots are moved down, and the file compacted.
    for (let i = 500; i < 3000; i += 100) await Promise.all(Array.from({ length: 100 }, (_, k) => journal.append(order(i + k), 'next')));
    const kept = sales(journal);
    expect(kept).toEqual(Array.from({ length: 300 }, (_, k) => [`o-${2700 + k}`, saleOf(order(2700 + k))]));
    await journal.close();
    expect(sales(await openJournal(path, { maxOrders: 300 }))).toEqual(kept);
  });

  it('gives the sale of every channel past the names it numbers', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path, { maxOrders: 10_000 });
    const orders = Array.from({ length: MAX_SALE_NAMES + 50 }, (_, i): Order => ({ id: `c-${i}`, channel: `hostile ${i}`, currency: 'CNY', total: '1.00' }));
    for (let i = 0; i < orders.length; i += 200) await Promise.all(orders.slice(i, i + 200).map((one) => journal.append(one, 'next')));
    await journal.close();
    const reopened = await openJournal(path, { maxOrders: 10_000 });
    const expected = orders.map((one) => [one.id, saleOf(one)]);
    expect(sales(reopened)).toEqual(expected);
    expect(sales(reopened)).toEqual(expected);
  });

  it('reads a hand-made line as its order reads: spaced JSON in full, broken JSON as the damaged order it is', async () => {
    const path = join(await tempDir(), 'journal.log');
    const line = (seq: number, id: string, order: string) => frame(new RawRecord(Buffer.from(`{"k":"order","seq":${seq},"at":1700000000000,"id":"${id}","order":${order}}`)));
    await writeFile(path, Buffer.concat([
      frame({ k: 'epoch', epoch: 'e1', lastSeq: 0 }),
      line(1, 'S', '{"id":"S", "channel": "web", "total": 5}'),
      line(2, 'D', '{"id":"D","channel":"web","total":5,}'),
      line(3, 'T', '{"id":"T","channel":"web","channel":"phone","total":[5]}'),
    ]));
    const journal = await openJournal(path);
    expect(sales(journal)).toEqual([
      ['S', { channel: 'web', currency: '', total: { units: 5, scale: 0 } }],
      ['D', { channel: '', currency: '', total: undefined }],
      ['T', { channel: 'phone', currency: '', total: { units: 5, scale: 0 } }],
    ]);
  });
});
