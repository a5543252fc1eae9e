/** The kitchen display's bumps are journalled: durable before anyone hears of them, kept across reopens and compactions. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal';
import { defer, tempDir } from '../../../test/helpers';

const MARK = { by: 'Bar tablet', at: '2026-12-06T12:00:00.000Z' };

async function openJournal(path: string, maxOrders?: number): Promise<Journal> {
  const journal = await Journal.open(path, maxOrders ? { maxOrders } : {});
  defer(() => journal.close());
  return journal;
}

describe('Journal bumps', () => {
  it('stores each bump, recall and undo durably and reads the last state of each order back', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path);
    await journal.resetEpoch('e1');
    await journal.append({ id: 'a', items: [{ name: 'Cola', qty: 1 }, { name: 'Rice', qty: 1 }] }, 'next');
    await journal.append({ id: 'b' }, 'next');
    const heard: string[] = [];
    journal.on('bumps', (id, bumps) => heard.push(`${id}:${JSON.stringify(bumps)}`));
    // Two changes of one order at once are both kept: the second applies to the first.
    const [first, second] = await Promise.all([journal.bump('a', { station: 'bar', item: 0 }, MARK), journal.bump('a', { station: 'kitchen' }, MARK)]);
    expect(first).toEqual({ bar: { items: { 0: MARK } } });
    expect(second).toEqual({ bar: { items: { 0: MARK } }, kitchen: { done: MARK, items: {} } });
    await journal.bump('b', { station: 'bar' }, MARK);
    await journal.bump('b', { station: 'bar', undo: true }, MARK);
    expect(heard).toHaveLength(4);
    expect(await journal.bump('nope', { station: 'bar' }, MARK)).toBeUndefined();
    expect(await readFile(path, 'utf8')).toContain('"k":"bumps","id":"a"');

    await journal.close();
    const reopened = await openJournal(path);
    expect(reopened.bumpsOf('a')).toEqual(second);
    expect(reopened.bumpsOf('b')).toEqual({});
    expect([...reopened.allBumps()].map(([id]) => id)).toEqual(['a']);
  });

  it('keeps the bumps of retained orders through compaction and forgets those of orders that left', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path, 50);
    await journal.resetEpoch('e1');
    await journal.append({ id: 'old' }, 'next');
    await journal.bump('old', { station: 'bar' }, MARK);
    for (let i = 0; i < 60; i++) await journal.append({ id: `o-${i}` }, 'next');
    for (let i = 0; i < 1200; i++) await journal.bump('o-59', { station: 'bar', item: 0, undo: i % 2 === 1 }, MARK);
    await journal.bump('o-58', { station: 'grill' }, MARK);
    await journal.close();
    const text = await readFile(path, 'utf8');
    // Compacted: one record of o-59's state, not 1200.
    expect(text.split('"k":"bumps","id":"o-59"').length - 1).toBeLessThan(1200);
    const reopened = await openJournal(path, 50);
    expect(reopened.bumpsOf('o-59')).toEqual({ bar: { items: {} } });
    expect(reopened.bumpsOf('o-58')).toEqual({ grill: { done: MARK, items: {} } });
    expect(reopened.bumpsOf('old')).toEqual({});
  });
});
