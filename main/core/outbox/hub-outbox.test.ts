import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { Journal } from '../journal/journal';
import { Answers } from '../hub/answers';
import { HubOutbox } from './hub-outbox';
import type { OutboxTarget } from './outbox';
import type { OutboxItem, StateChange } from './state-change';

function recorder(): OutboxTarget & { taken: OutboxItem[] } {
  const taken: OutboxItem[] = [];
  return { name: 'hook', taken, deliver: async (change) => void taken.push(change) };
}

async function journalIn(dir: string): Promise<Journal> {
  const journal = await Journal.open(join(dir, 'hub-journal.log'));
  defer(() => journal.close());
  return journal;
}

const done = (id: string, at: string, seq = 1): StateChange => ({ id, state: 'done', by: 'Till 2', at, seq });

describe("A hub's outbox, fed by its journal", () => {
  it('records each change of state the journal stores, in the file before the journal tells anyone', async () => {
    const dir = await tempDir();
    const journal = await journalIn(dir);
    const target = recorder();
    const hubOutbox = await HubOutbox.open(dir, [target], () => {});
    defer(() => hubOutbox.close());
    hubOutbox.attach(journal);
    // A listener of the hub's, as sessions.ts tells devices: the outbox already holds the change then.
    let knownWhenTold = false;
    journal.on('state', (change) => (knownWhenTold = hubOutbox.outbox.knows(change.id, change.seq)));
    await journal.append({ id: 'H-1' }, 'next');
    await journal.appendState({ ...done('H-1', '2026-12-06T12:00:00.000Z'), state: 'accepted', readyAt: '2026-12-06T12:20:00.000Z' });
    expect(knownWhenTold).toBe(true);
    await journal.appendState(done('H-1', '2026-12-06T12:15:00.000Z', 2));
    await waitFor(() => target.taken.length === 2, 5000, 'the deliveries');
    expect(target.taken).toEqual([
      { id: 'H-1', state: 'accepted', readyAt: '2026-12-06T12:20:00.000Z', by: 'Till 2', at: '2026-12-06T12:00:00.000Z', seq: 1 },
      { id: 'H-1', state: 'done', by: 'Till 2', at: '2026-12-06T12:15:00.000Z', seq: 2 },
    ]);
  });

  it('after a crash, records the changes the journal holds but the outbox never heard of; a new outbox tells nothing from before', async () => {
    const dir = await tempDir();
    const journal = await journalIn(dir);
    const now = new Date().toISOString();
    for (const id of ['J-1', 'J-2', 'J-3']) await journal.append({ id }, 'next');
    await journal.appendState(done('J-1', now));

    const first = recorder();
    const fresh = await HubOutbox.open(dir, [first], () => {});
    fresh.attach(journal);
    await journal.appendState(done('J-2', now));
    await waitFor(() => first.taken.length === 1, 5000, 'J-2');
    // Changed while no outbox listened, as a crash between the journal's write and its fsync leaves it.
    await fresh.close();
    await journal.appendState(done('J-3', now));

    const second = recorder();
    const reopened = await HubOutbox.open(dir, [second], () => {});
    defer(() => reopened.close());
    reopened.attach(journal);
    await waitFor(() => second.taken.length === 1, 5000, 'J-3');
    expect(first.taken.map((c) => c.id)).toEqual(['J-2']);
    expect(second.taken.map((c) => c.id)).toEqual(['J-3']);
  });

  it('tells an order handled the v1 way as done once: live, or at the next start when the outbox missed it, never again after', async () => {
    const dir = await tempDir();
    const now = new Date().toISOString();
    let journal = await Journal.open(join(dir, 'hub-journal.log'));
    for (const id of ['V-1', 'V-2']) await journal.append({ id }, 'next');
    let answers = new Answers(journal);
    const first = recorder();
    let hubOutbox = await HubOutbox.open(dir, [first], () => {});
    hubOutbox.attach(journal);
    await journal.markHandled('V-1', 'Till 2', now);
    await waitFor(() => first.taken.length === 1, 5000, 'V-1');
    expect(first.taken).toEqual([done('V-1', now)]);
    // Handled while no outbox listened: a crash between the journal's fsync and the outbox's.
    await hubOutbox.close();
    await journal.markHandled('V-2', 'Till 2', now);
    answers.close();
    await journal.close();

    for (const expected of [['V-2'], []]) {
      journal = await Journal.open(join(dir, 'hub-journal.log'));
      answers = new Answers(journal);
      const again = recorder();
      hubOutbox = await HubOutbox.open(dir, [again], () => {});
      hubOutbox.attach(journal);
      await waitFor(() => again.taken.length === expected.length, 5000, 'the missed one');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(again.taken).toEqual(expected.map((id) => done(id, now)));
      await hubOutbox.close();
      answers.close();
      await journal.close();
    }
  });
});
