/**
 * Where orders are answered, an order handled the v1 way is done by whoever handled it: the
 * journal reads that done from the handle instead of writing a state for it, and gives the
 * same history, events and file as if it had been written where it matters.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal';
import type { StateChange } from '../orders/order-life';
import { defer, tempDir } from '../../../test/helpers';

const AT = '2026-12-06T12:00:00.000Z';
const done = (id: string, by: string, seq = 1, at = AT): StateChange => ({ id, state: 'done', at, by, seq });

async function openAnswering(path: string, maxOrders = 20_000): Promise<Journal> {
  const journal = await Journal.open(path, { maxOrders });
  defer(() => journal.close());
  journal.treatHandledAsDone(true);
  return journal;
}

const stateLines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter((line) => line.includes('"k":"state"')).length;

describe('a handle read as the order done', () => {
  it('tells the done when the handle is durable and gives it back after a reopen, writing no state', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openAnswering(path);
    await journal.append({ id: 'H' }, 'next');
    const heard: string[] = [];
    journal.on('handled', () => heard.push('handled'));
    journal.on('state', (change) => heard.push(`${change.state} by ${change.by} #${change.seq}`));
    expect(await journal.markHandled('H', 'Till 1', AT)).toBe(true);
    expect(heard).toEqual(['handled', 'done by Till 1 #1']);
    expect(journal.stateHistory('H')).toEqual([done('H', 'Till 1')]);
    expect([...journal.stateHistories()]).toEqual([['H', [done('H', 'Till 1')]]]);
    await journal.close();
    expect(await stateLines(path)).toBe(0);

    const again = await openAnswering(path);
    expect(again.stateHistory('H')).toEqual([done('H', 'Till 1')]);
    expect(again.recordedStateHistory('H')).toEqual([]);
  });

  it('follows the order\'s recorded changes, and writes the done first when a change comes after it', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openAnswering(path);
    await journal.append({ id: 'A' }, 'next');
    const accepted: StateChange = { id: 'A', state: 'accepted', at: AT, by: 'Till 2', seq: 1 };
    await journal.appendState(accepted);
    await journal.markHandled('A', 'Kitchen', '2026-12-06T12:05:00.000Z');
    expect(journal.stateHistory('A')).toEqual([accepted, done('A', 'Kitchen', 2, '2026-12-06T12:05:00.000Z')]);
    // Undo: back to accepted. The done it undoes stays in the history, on disk.
    const reopened: StateChange = { id: 'A', state: 'accepted', at: '2026-12-06T12:06:00.000Z', by: 'Till 2', seq: 3 };
    const heard: StateChange[] = [];
    journal.on('state', (change) => heard.push(change));
    expect(await journal.appendState(reopened)).toBe(true);
    expect(heard).toEqual([reopened]);
    const history = [accepted, done('A', 'Kitchen', 2, '2026-12-06T12:05:00.000Z'), reopened];
    expect(journal.stateHistory('A')).toEqual(history);
    await journal.close();
    expect(await stateLines(path)).toBe(3);

    // Handled still (v1 has no way back), yet open: no done is read after the undo.
    const again = await openAnswering(path);
    expect(again.get('A')?.handled).toEqual({ by: 'Kitchen', at: '2026-12-06T12:05:00.000Z' });
    expect(again.stateHistory('A')).toEqual(history);
  });

  it('reads no done for an order that a recorded change closed, nor where nobody answers', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await Journal.open(path);
    defer(() => journal.close());
    await journal.append({ id: 'R' }, 'next');
    await journal.append({ id: 'V' }, 'next');
    const rejected: StateChange = { id: 'R', state: 'rejected', at: AT, by: 'Till', reason: 'sold-out', seq: 1 };
    await journal.appendState(rejected);
    await journal.markHandled('R', 'Till', AT);
    await journal.markHandled('V', 'Till', AT);
    // A device's own journal: the hub tells it the states.
    expect(journal.stateHistory('V')).toEqual([]);
    journal.treatHandledAsDone(true);
    expect(journal.stateHistory('R')).toEqual([rejected]);
    expect(journal.stateHistory('V')).toEqual([done('V', 'Till')]);
    journal.treatHandledAsDone(false);
    expect([...journal.stateHistories()]).toEqual([['R', [rejected]]]);
  });

  it('forgets the done of an order that left retention, and reads the others again after a reopen', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openAnswering(path, 100);
    for (let i = 0; i < 1200; i += 100) {
      const ids = Array.from({ length: 100 }, (_, k) => `o-${i + k}`);
      await Promise.all(ids.map((id) => journal.append({ id }, 'next')));
      await Promise.all(ids.map((id) => journal.markHandled(id, 'Till', AT)));
    }
    expect(journal.stateHistory('o-0')).toEqual([]);
    expect(journal.stateHistory('o-1199')).toEqual([done('o-1199', 'Till')]);
    expect([...journal.stateHistories()].map(([id]) => id)).toEqual(Array.from({ length: 100 }, (_, k) => `o-${1100 + k}`));
    await journal.close();
    expect(await stateLines(path)).toBe(0);
    const again = await openAnswering(path, 100);
    expect(again.stateHistory('o-1100')).toEqual([done('o-1100', 'Till')]);
  });
});
