/** The journal keeps each order's history of states beside its order: across reopens and compactions, never one twice. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal';
import type { StateChange } from '../orders/order-life';
import { defer, tempDir } from '../../../test/helpers';

const change = (id: string, seq: number, state: StateChange['state']): StateChange => ({ id, state, seq, by: 'Till', at: `2026-12-06T12:0${seq}:00.000Z` });

async function openJournal(path: string, maxOrders = 20_000): Promise<Journal> {
  const journal = await Journal.open(path, { maxOrders });
  defer(() => journal.close());
  return journal;
}

describe('Journal state histories', () => {
  it('stores a change once, in seq order, and gives the history back after a reopen', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path);
    await journal.append({ id: 'A' }, null);
    const heard: StateChange[] = [];
    journal.on('state', (c) => heard.push(c));
    expect(await journal.appendState(change('A', 1, 'accepted'))).toBe(true);
    expect(await journal.appendState(change('A', 1, 'accepted'))).toBe(false); // a resend
    expect(await journal.appendState(change('A', 2, 'ready'))).toBe(true);
    expect(await journal.appendState(change('nobody', 1, 'done'))).toBe(false);
    expect(heard.map((c) => c.state)).toEqual(['accepted', 'ready']);
    await journal.close();
    const again = await openJournal(path);
    expect(again.stateHistory('A')).toEqual([change('A', 1, 'accepted'), change('A', 2, 'ready')]);
    expect(again.problems).toEqual([]);
  });

  it('keeps the states of retained orders through compaction and forgets those of orders that left', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path, 10);
    await journal.append({ id: 'first' }, null);
    await journal.appendState(change('first', 1, 'accepted'));
    for (let i = 0; i < 1100; i += 100) await Promise.all(Array.from({ length: 100 }, (_, k) => journal.append({ id: `o-${i + k}` }, null)));
    await journal.appendState(change('o-1099', 1, 'accepted'));
    await journal.appendState(change('o-1099', 2, 'done'));
    await journal.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n').filter((line) => line.includes('"k":"state"')).length).toBeLessThanOrEqual(3);
    const again = await openJournal(path, 10);
    expect(again.stateHistory('o-1099').map((c) => c.state)).toEqual(['accepted', 'done']);
    expect(again.stateHistory('first')).toEqual([]);
  });
});
