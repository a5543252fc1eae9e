import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, type JournalOptions, type StoredOrder } from './journal';
import { defer, tempDir } from '../../test/helpers';

async function openJournal(path: string, options: JournalOptions = {}): Promise<Journal> {
  const journal = await Journal.open(path, options);
  defer(() => journal.close());
  return journal;
}

async function journalPath(): Promise<string> {
  return join(await tempDir(), 'journal.log');
}

const ids = (orders: Iterable<StoredOrder>) => [...orders].map((stored) => stored.order.id);

describe('Journal', () => {
  it('stores orders with their seq and finds them again after a reopen', async () => {
    const path = await journalPath();
    const journal = await openJournal(path);
    await journal.append({ id: 'A', table: '3' }, 1);
    await journal.append({ id: 'B' }, 2);
    await journal.close();
    const reopened = await openJournal(path);
    expect(ids(reopened.all())).toEqual(['A', 'B']);
    expect(reopened.get('A')).toMatchObject({ seq: 1, order: { id: 'A', table: '3' } });
    expect(reopened.lastSeq).toBe(2);
  });

  it('recognises a duplicate id, stored or still being stored, and writes it once', async () => {
    const path = await journalPath();
    const journal = await openJournal(path);
    const [first, concurrent] = await Promise.all([journal.append({ id: 'A' }, 1), journal.append({ id: 'A' }, 2)]);
    const later = await journal.append({ id: 'A', title: 'changed' }, 3);
    expect(first.duplicate).toBe(false);
    expect(concurrent).toMatchObject({ duplicate: true, stored: { seq: 1 } });
    expect(later).toMatchObject({ duplicate: true, stored: { seq: 1, order: { id: 'A' } } });
    await journal.close();
    expect((await readFile(path, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('numbers orders itself with seq "next", continuing after a reopen', async () => {
    const path = await journalPath();
    const journal = await openJournal(path);
    const seqs = await Promise.all(['A', 'B', 'C'].map((id) => journal.append({ id }, 'next')));
    expect(seqs.map((r) => r.stored.seq)).toEqual([1, 2, 3]);
    await journal.close();
    const reopened = await openJournal(path);
    expect((await reopened.append({ id: 'D' }, 'next')).stored.seq).toBe(4);
  });

  it('emits order events synchronously in seq order', async () => {
    const journal = await openJournal(await journalPath());
    const seen: number[] = [];
    journal.on('order', (stored) => seen.push(stored.seq!));
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.append({ id: `o${i}` }, 'next')));
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('keeps handled state across a reopen, and marks an order handled once', async () => {
    const path = await journalPath();
    const journal = await openJournal(path);
    await journal.append({ id: 'A' }, 1);
    expect(await journal.markHandled('A', 'till 1', '2026-11-27T10:00:00Z')).toBe(true);
    expect(await journal.markHandled('A', 'till 2', '2026-11-27T10:00:01Z')).toBe(false);
    expect(await journal.markHandled('missing', 'till 1', 'now')).toBe(false);
    await journal.close();
    const reopened = await openJournal(path);
    expect(reopened.get('A')?.handled).toEqual({ by: 'till 1', at: '2026-11-27T10:00:00Z' });
    expect(reopened.unhandled()).toEqual([]);
  });

  it('remembers the epoch and restarts lastSeq when the server history is reset', async () => {
    const path = await journalPath();
    const journal = await openJournal(path);
    await journal.resetEpoch('e1');
    await journal.append({ id: 'A' }, 7);
    await journal.resetEpoch('e2');
    expect(journal.lastSeq).toBe(0);
    await journal.append({ id: 'B' }, 1);
    await journal.close();
    const reopened = await openJournal(path);
    expect([reopened.epoch, reopened.lastSeq]).toEqual(['e2', 1]);
  });

  it('returns orders after a seq, in order, bounded by limit', async () => {
    const journal = await openJournal(await journalPath());
    for (let i = 0; i < 10; i++) await journal.append({ id: `o${i + 1}` }, 'next');
    expect(ids(journal.after(7, 100))).toEqual(['o8', 'o9', 'o10']);
    expect(ids(journal.after(0, 2))).toEqual(['o1', 'o2']);
    expect(journal.after(10, 5)).toEqual([]);
  });

  it('forgets the oldest orders beyond maxOrders and those older than maxAgeMs', async () => {
    let now = 1_000_000;
    const path = await journalPath();
    const journal = await openJournal(path, { maxOrders: 3, maxAgeMs: 10_000, now: () => now });
    for (const id of ['A', 'B', 'C', 'D']) await journal.append({ id }, 'next');
    expect(ids(journal.all())).toEqual(['B', 'C', 'D']);
    now += 20_000;
    await journal.append({ id: 'E' }, 'next');
    expect(ids(journal.all())).toEqual(['E']);
    await journal.close();
    const reopened = await openJournal(path, { maxOrders: 3, maxAgeMs: 10_000, now: () => now });
    expect(ids(reopened.all())).toEqual(['E']);
    expect(reopened.lastSeq).toBe(5);
  });

  it('compacts a wasteful file and keeps orders, handled state, epoch and lastSeq', async () => {
    const path = await journalPath();
    const journal = await openJournal(path, { maxOrders: 10 });
    await journal.resetEpoch('e1');
    for (let i = 1; i <= 3000; i++) await journal.append({ id: `o${i}`, text: 'x'.repeat(100) }, 'next');
    await journal.markHandled('o2999', 'till', 't');
    await journal.close();
    expect((await stat(path)).size).toBeLessThan(3000 * 100);
    const reopened = await openJournal(path, { maxOrders: 10 });
    expect(ids(reopened.all())).toEqual(Array.from({ length: 10 }, (_, i) => `o${2991 + i}`));
    expect(reopened.get('o2999')?.handled).toEqual({ by: 'till', at: 't' });
    expect([reopened.epoch, reopened.lastSeq]).toEqual(['e1', 3000]);
  });

  it('reports a torn last record and keeps every earlier order', async () => {
    const path = await journalPath();
    const journal = await openJournal(path);
    await journal.append({ id: 'A' }, 1);
    await journal.append({ id: 'B' }, 2);
    await journal.close();
    await appendFile(path, '1234abcd {"k":"order","seq":3,"ord');
    const reopened = await openJournal(path);
    expect(ids(reopened.all())).toEqual(['A', 'B']);
    expect(reopened.problems).toEqual([{ line: 3, reason: expect.stringMatching(/^torn record at the end/) }]);
    await reopened.append({ id: 'C' }, 3);
    expect(ids(reopened.all())).toEqual(['A', 'B', 'C']);
  });

  it('ignores a well-framed record that is not a valid order and says why', async () => {
    const path = await journalPath();
    const { frame } = await import('./append-log');
    await appendFile(path, Buffer.concat([frame({ k: 'order', seq: 1, order: { title: 'no id' }, at: 1 }), frame({ k: 'mystery' })]));
    const journal = await openJournal(path);
    expect(journal.size).toBe(0);
    expect(journal.problems).toEqual([
      { line: 1, reason: 'record ignored: id: is required' },
      { line: 2, reason: 'record ignored: unknown kind "mystery"' },
    ]);
  });
});
