import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Journal, OrderRefused, type JournalOptions, type StoredOrder } from './journal';
import { defer, tempDir } from '../../../test/helpers';

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

  it('answers a repeat of an order still being stored only once that order is durable', async () => {
    const journal = await openJournal(await journalPath());
    const settled: string[] = [];
    const first = journal.append({ id: 'A' }, 'next').then(() => settled.push('first'));
    const repeat = journal.append({ id: 'A' }, 'next').then(() => settled.push('repeat'));
    await Promise.all([first, repeat]);
    expect(settled).toEqual(['first', 'repeat']);
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

  it('turns away what refuse names a reason for, before numbering or writing it; a stored id is still a duplicate', async () => {
    const path = await journalPath();
    const journal = await openJournal(path, { refuse: (order) => (order.note === 'huge' ? 'too large for devices' : undefined) });
    await journal.append({ id: 'A' }, 'next');
    await expect(journal.append({ id: 'B', note: 'huge' }, 'next')).rejects.toThrow(new OrderRefused('too large for devices'));
    expect(await journal.append({ id: 'A', note: 'huge' }, 'next')).toMatchObject({ duplicate: true, stored: { seq: 1 } });
    expect((await journal.append({ id: 'C' }, 'next')).stored.seq).toBe(2);
    await journal.close();
    expect(ids((await openJournal(path)).all())).toEqual(['A', 'C']);
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

  it('forgets the oldest orders beyond maxOrders, and handled orders older than maxAgeMs, never an unhandled one by age', async () => {
    let now = 1_000_000;
    const path = await journalPath();
    const journal = await openJournal(path, { maxOrders: 4, maxAgeMs: 10_000, now: () => now });
    for (const id of ['A', 'B', 'C', 'D', 'E']) await journal.append({ id }, 'next');
    expect(ids(journal.all())).toEqual(['B', 'C', 'D', 'E']);
    await journal.markHandled('C', 'till', 't');
    await journal.markHandled('D', 'till', 't');
    now += 100_000;
    await journal.append({ id: 'F' }, 'next');
    expect(ids(journal.all())).toEqual(['E', 'F']);
    await journal.close();
    const reopened = await openJournal(path, { maxOrders: 4, maxAgeMs: 10_000, now: () => now });
    expect(ids(reopened.all())).toEqual(['E', 'F']);
    expect(reopened.lastSeq).toBe(6);
  });

  it('numbers a re-posted id that left retention as a new order, keeps it across reopens and compactions, and never reuses a seq', async () => {
    const path = await journalPath();
    let journal = await openJournal(path, { maxOrders: 10 });
    await journal.resetEpoch('e1');
    for (let i = 0; i <= 14; i++) await journal.append({ id: `o-${i}` }, 'next');
    const again = await journal.append({ id: 'o-2', title: 'posted again' }, 'next');
    expect(again).toMatchObject({ duplicate: false, stored: { seq: 16 } });
    expect(await journal.append({ id: 'o-2' }, 'next')).toMatchObject({ duplicate: true, stored: { seq: 16 } });
    await journal.close();
    journal = await openJournal(path, { maxOrders: 10 });
    expect(journal.get('o-2')).toMatchObject({ seq: 16, order: { title: 'posted again' } });
    expect(journal.lastSeq).toBe(16);
    expect((await journal.append({ id: 'o-15' }, 'next')).stored.seq).toBe(17);
    // Enough orders to compact the file several times over, each id posted twice a retention apart.
    for (let i = 16; i < 3000; i++) await journal.append({ id: `o-${i % 20}-${Math.floor(i / 40)}` }, 'next');
    const lastSeq = journal.lastSeq;
    const retained = ids(journal.all());
    await journal.close();
    journal = await openJournal(path, { maxOrders: 10 });
    expect([journal.lastSeq, ids(journal.all())]).toEqual([lastSeq, retained]);
    expect(new Set([...journal.all()].map((stored) => stored.seq)).size).toBe(retained.length);
  });

  it('takes a known id with another seq of the same epoch as a new order, and as a repeat from another epoch', async () => {
    const path = await journalPath();
    const journal = await openJournal(path);
    await journal.resetEpoch('e1');
    await journal.append({ id: 'X', title: 'first' }, 3);
    expect(await journal.append({ id: 'X', title: 'first' }, 3)).toMatchObject({ duplicate: true });
    expect(await journal.append({ id: 'X', title: 'second' }, 16)).toMatchObject({ duplicate: false, stored: { seq: 16 } });
    await journal.resetEpoch('e2');
    expect(await journal.append({ id: 'X', title: 'replayed' }, 5)).toMatchObject({ duplicate: true, stored: { seq: 16 } });
    await journal.close();
    const reopened = await openJournal(path);
    expect([...reopened.all()].map((stored) => [stored.order.id, stored.seq, stored.order.title])).toEqual([['X', 16, 'second']]);
    expect(await reopened.append({ id: 'X' }, 5)).toMatchObject({ duplicate: true });
  });

  it('takes what it stored before the same epoch started over as another history, across a reopen and compaction', async () => {
    const path = await journalPath();
    const journal = await openJournal(path);
    await journal.resetEpoch('e1');
    await journal.append({ id: 'X' }, 3);
    await journal.append({ id: 'Y' }, 5);
    expect([journal.lastSeq, journal.lastSeqId]).toEqual([5, 'Y']);
    // The server went back on the seqs it had issued (its files restored from a backup).
    await journal.resetEpoch('e1', 0);
    expect([journal.epoch, journal.lastSeq, journal.lastSeqId]).toEqual(['e1', 0, null]);
    expect(await journal.append({ id: 'X' }, 1)).toMatchObject({ duplicate: true, stored: { seq: 3 } });
    await journal.append({ id: 'Z' }, 2);
    expect([journal.lastSeq, journal.lastSeqId]).toEqual([2, 'Z']);
    await journal.close();

    const reopened = await openJournal(path);
    expect([reopened.lastSeq, reopened.lastSeqId]).toEqual([2, 'Z']);
    expect(await reopened.append({ id: 'Y' }, 4)).toMatchObject({ duplicate: true, stored: { seq: 5 } });
    // Enough records to make the file wasteful: the next order compacts it.
    for (let seq = 3; seq <= 1100; seq++) await reopened.skipTo(seq);
    await reopened.append({ id: 'W' }, 1101);
    await reopened.close();
    expect((await readFile(path, 'utf8')).split('\n').length).toBeLessThan(20);

    const compacted = await openJournal(path);
    expect([compacted.epoch, compacted.lastSeq, compacted.lastSeqId]).toEqual(['e1', 1101, 'W']);
    expect(await compacted.append({ id: 'Y' }, 7)).toMatchObject({ duplicate: true, stored: { seq: 5 } });
    expect(await compacted.append({ id: 'Z' }, 1102)).toMatchObject({ duplicate: false, stored: { seq: 1102 } });
  });

  it('keeps orders whose date the clock cannot vouch for, and says so', async () => {
    const path = await journalPath();
    const in2020 = Date.UTC(2020, 0, 1);
    const written = await openJournal(path, { now: () => in2020 });
    for (const id of ['A', 'B', 'C']) await written.append({ id }, 'next');
    await written.markHandled('B', 'till', '2020-01-01T00:00:00Z');
    await written.close();
    const logs: string[] = [];
    const in2026 = Date.UTC(2026, 10, 27);
    const later = await openJournal(path, { now: () => in2026, log: (line) => logs.push(line) });
    expect(ids(later.all())).toEqual(['A', 'B', 'C']);
    expect(logs).toEqual([expect.stringMatching(/disagrees with the journal: 0 order\(s\) are dated in the future and 3 more than a year past/)]);
    await later.close();
    const earlier = await openJournal(path, { now: () => in2020 - 24 * 3600 * 1000, log: (line) => logs.push(line) });
    expect(ids(earlier.all())).toEqual(['A', 'B', 'C']);
    expect(logs[1]).toMatch(/3 order\(s\) are dated in the future/);
  });

  it('keeps at most maxBytes of orders, oldest going first, across a reopen', async () => {
    const path = await journalPath();
    const journal = await openJournal(path, { maxBytes: 50_000 });
    for (let i = 0; i < 20; i++) await journal.append({ id: `big-${i}`, text: 'x'.repeat(10_000) }, 'next');
    expect(ids(journal.all())).toEqual(['big-16', 'big-17', 'big-18', 'big-19']);
    await journal.close();
    const reopened = await openJournal(path, { maxBytes: 50_000 });
    expect(ids(reopened.all())).toEqual(['big-16', 'big-17', 'big-18', 'big-19']);
    expect(reopened.lastSeq).toBe(20);
  });

  it('logs a failed compaction and keeps every order', async () => {
    const path = await journalPath();
    await mkdir(`${path}.compact`); // the compacted copy cannot be written where a folder stands
    const logs: string[] = [];
    const journal = await openJournal(path, { maxOrders: 10, log: (line) => logs.push(line) });
    for (let i = 1; i <= 1100; i++) await journal.append({ id: `o${i}` }, 'next');
    await vi.waitFor(() => expect(logs).toContainEqual(expect.stringMatching(/^journal compaction failed, will retry: .*EISDIR/)));
    expect(ids(journal.all())).toEqual(Array.from({ length: 10 }, (_, i) => `o${1091 + i}`));
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
    const { frame } = await import('./log-lines');
    await appendFile(path, Buffer.concat([frame({ k: 'order', seq: 1, order: { title: 'no id' }, at: 1 }), frame({ k: 'mystery' })]));
    const journal = await openJournal(path);
    expect(journal.size).toBe(0);
    expect(journal.problems).toEqual([
      { line: 1, reason: 'record ignored: id: is required' },
      { line: 2, reason: 'record ignored: unknown kind "mystery"' },
    ]);
  });
});
