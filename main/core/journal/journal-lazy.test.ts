/** The journal keeps orders as their JSON and reads them on demand: what it gives back must not change. */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frame, RawRecord } from './log-lines';
import { Journal } from './journal';
import { validateOrder, type Order } from '../orders/order';
import { defer, tempDir } from '../../../test/helpers';

async function openJournal(path: string): Promise<Journal> {
  const journal = await Journal.open(path);
  defer(() => journal.close());
  return journal;
}

const posted = (id: string): Order => {
  const checked = validateOrder({ id, table: '12', items: [{ name: '米饭 Rice', qty: 2, price: 3 }], note: `"${id}" \\ 🌶️`, total: 6 });
  if (!checked.ok) throw new Error(checked.error);
  return checked.value;
};

describe('Journal orders read on demand', () => {
  it('gives back after a reopen exactly the orders appended, handled state included, and still skips a torn record', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await Journal.open(path);
    await journal.resetEpoch('e1');
    const orders = ['A', '号-2', 'C "3"'].map(posted);
    for (const order of orders) await journal.append(order, 'next');
    await journal.markHandled('号-2', 'till', '2026-11-27T08:00:00Z');
    await journal.close();
    await appendFile(path, '1234abcd {"k":"order","seq":4,"at":1,"id":"D","order":{"id":"D"');

    const reopened = await openJournal(path);
    expect(reopened.problems).toEqual([{ line: 6, reason: expect.stringMatching(/^torn record at the end/) }]);
    expect([...reopened.all()].map((stored) => [stored.seq, stored.order, stored.handled])).toEqual([
      [1, orders[0], undefined],
      [2, orders[1], { by: 'till', at: '2026-11-27T08:00:00Z' }],
      [3, orders[2], undefined],
    ]);
    expect(reopened.after(1, 10).map((stored) => JSON.parse(stored.orderJson))).toEqual(orders.slice(1));
  });

  it('reads a journal written in the older format in full, and rewrites it once in today\'s', async () => {
    const path = join(await tempDir(), 'journal.log');
    const old = [frame({ k: 'epoch', epoch: 'e1', lastSeq: 0 }), frame({ k: 'order', seq: 1, order: { table: '5', id: 'OLD' }, at: 1_700_000_000_000, handled: { by: 'pos', at: 'x' } }), frame({ k: 'order', seq: 2, order: { title: 'no id' }, at: 1 })];
    await writeFile(path, Buffer.concat(old));

    const journal = await openJournal(path);
    expect(journal.problems).toEqual([{ line: 3, reason: 'record ignored: id: is required' }]);
    expect(journal.get('OLD')).toMatchObject({ seq: 1, order: { id: 'OLD', table: '5' }, receivedAt: 1_700_000_000_000, handled: { by: 'pos', at: 'x' } });
    await journal.close();
    expect((await readFile(path, 'utf8')).split('\n')[1]).toMatch(/ \{"k":"order","seq":1,"at":1700000000000,"handled":\{"by":"pos","at":"x"\},"id":"OLD","order":\{"id":"OLD","table":"5"\}\}$/);
    const again = await openJournal(path);
    expect([again.problems, again.get('OLD')?.order]).toEqual([[], { id: 'OLD', table: '5' }]);
  });

  it('finds an order by id however its line spelled the id, and a later copy of the id replaces it', async () => {
    const path = join(await tempDir(), 'journal.log');
    const escaped = Buffer.from('{"k":"order","seq":1,"at":1700000000000,"id":"\\u0041-\\u53f7","order":{"id":"\\u0041-\\u53f7","table":"1"}}');
    await writeFile(path, Buffer.concat([frame({ k: 'epoch', epoch: 'e1', lastSeq: 0 }), frame(new RawRecord(escaped)), frame({ k: 'order', seq: 2, at: 1_700_000_000_001, id: 'B', order: { id: 'B' } })]));
    const journal = await openJournal(path);
    expect(journal.get('A-号')).toMatchObject({ id: 'A-号', seq: 1, order: { id: 'A-号', table: '1' } });
    await journal.append({ id: 'A-号', table: '2' }, 3);
    expect([...journal.all()].map((stored) => [stored.id, stored.seq])).toEqual([['B', 2], ['A-号', 3]]);
  });

  it('keeps orders readable through compactions that pack their JSON anew', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path);
    const orders = Array.from({ length: 3000 }, (_, i) => posted(`o-${i}`));
    for (let i = 0; i < orders.length; i += 500) await Promise.all(orders.slice(i, i + 500).map((order) => journal.append(order, 'next')));
    for (let i = 0; i < 2500; i++) await journal.markHandled(`o-${i}`, 'till', 'now');
    await journal.close();
    const reopened = await Journal.open(path, { maxOrders: 1000 });
    defer(() => reopened.close());
    expect([...reopened.all()].map((stored) => stored.order)).toEqual(orders.slice(2000));
    expect(reopened.get('o-2600')?.handled).toBeUndefined();
    expect(reopened.get('o-2400')?.handled).toEqual({ by: 'till', at: 'now' });
  });
});
