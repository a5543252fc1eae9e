import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { Journal } from '../journal/journal';
import { HubOutbox } from './hub-outbox';
import type { OutboxTarget } from './outbox';
import type { OutboxItem } from './state-change';

function recorder(): OutboxTarget & { taken: OutboxItem[] } {
  const taken: OutboxItem[] = [];
  return { name: 'hook', taken, deliver: async (item) => void taken.push(item) };
}

const HOUR_MS = 3600_000;

/** A journal whose orders came `agoMs` before now. */
async function journalWithOrders(dir: string, agoMs: number, ids: string[]): Promise<Journal> {
  const journal = await Journal.open(join(dir, 'hub-journal.log'), { now: () => Date.now() - agoMs });
  defer(() => journal.close());
  for (const id of ids) await journal.append({ id }, 'next');
  return journal;
}

async function watching(dir: string, journal: Journal, target: OutboxTarget, afterS: number, maxAgeMs?: number): Promise<HubOutbox> {
  const hubOutbox = await HubOutbox.open(dir, [target], () => {}, maxAgeMs !== undefined ? { maxAgeMs } : {});
  hubOutbox.attach(journal);
  hubOutbox.watchUnanswered(afterS);
  return hubOutbox;
}

describe('order.unanswered (a hub journal, its outbox, a target)', () => {
  it('tells each order nobody answered once, with how long it waited and seq 0; an answered one never; and not again after a restart', async () => {
    const dir = await tempDir();
    const journal = await journalWithOrders(dir, 2 * HOUR_MS, ['late-1', 'late-2', 'taken', 'closed']);
    await journal.appendState({ id: 'taken', state: 'accepted', readyAt: new Date().toISOString(), by: 'Till 1', at: new Date().toISOString(), seq: 1 });
    await journal.markHandled('closed', 'Till 1', new Date().toISOString());
    const target = recorder();
    const first = await watching(dir, journal, target, 60 * 60);
    await waitFor(() => target.taken.length >= 2, 5000, 'the two unanswered orders');
    expect(target.taken.filter((item) => 'event' in item).map((item) => item.id).sort()).toEqual(['late-1', 'late-2']);
    const told = target.taken.find((item) => item.id === 'late-1')!;
    expect(told).toEqual({ event: 'order.unanswered', id: 'late-1', waitingS: expect.any(Number), at: expect.any(String), seq: 0 });
    expect((told as { waitingS: number }).waitingS).toBeGreaterThanOrEqual(2 * 3600);
    await first.close();

    const again = recorder();
    const second = await watching(dir, journal, again, 60 * 60);
    defer(() => second.close());
    // The watch looks at once when it starts: a second event would be on its way by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(again.taken).toEqual([]);
  });

  it('does not tell an order that became due longer ago than the retry window (its event would have been given up), but one within it', async () => {
    const dir = await tempDir();
    let agoMs = 3 * HOUR_MS;
    const journal = await Journal.open(join(dir, 'hub-journal.log'), { now: () => Date.now() - agoMs });
    defer(() => journal.close());
    await journal.append({ id: 'old' }, 'next');
    agoMs = HOUR_MS / 2;
    await journal.append({ id: 'recent' }, 'next');
    const target = recorder();
    const outbox = await watching(dir, journal, target, 60, HOUR_MS);
    defer(() => outbox.close());
    await waitFor(() => target.taken.length === 1, 5000, 'the recent order told');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(target.taken.map((item) => item.id)).toEqual(['recent']);
  });
});
