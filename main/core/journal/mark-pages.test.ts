/**
 * Devices resuming together share the pages of handled marks the journal found (mark-pages.ts):
 * a shared page must always be the answer a fresh look over every order would give.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal';
import type { HandledMark } from './mark-pages';
import { defer, tempDir } from '../../../test/helpers';

const KEEP = 60;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 12, minute)).toISOString();
const FROM = Date.parse(at(5));

async function openJournal(path: string): Promise<Journal> {
  const journal = await Journal.open(path, { maxOrders: KEEP });
  defer(() => journal.close());
  return journal;
}

/** Every page a resuming device asks for, from the first to the last. */
function pages(journal: Journal, upTo: number): { marks: readonly HandledMark[]; reached: number }[] {
  const found = [];
  for (let after = 0; ; ) {
    const page = journal.handledAfter(after, upTo, FROM, 8);
    found.push(page);
    if (page.reached === after) return found;
    after = page.reached;
  }
}

/** The old answer: every retained order up to `upTo` handled from FROM on (or at a time it cannot read), looked at one by one. */
function scanned(journal: Journal, upTo: number): HandledMark[] {
  return [...journal.all()]
    .filter((stored) => stored.seq! <= upTo && stored.handled && !(Date.parse(stored.handled.at) < FROM))
    .map((stored) => ({ id: stored.id, ...stored.handled! }));
}

const marksOf = (found: { marks: readonly HandledMark[] }[]) => found.flatMap((page) => page.marks);

describe('shared pages of handled marks', () => {
  it('are shared while nothing changed, and after a mark, a new order, a retention drop and a restart equal a fresh look', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path);
    await journal.resetEpoch('e1');
    for (let i = 0; i < 50; i++) await journal.append({ id: `m-${i}` }, 'next');
    for (let i = 0; i < 40; i++) await journal.markHandled(`m-${i}`, i % 2 ? 'Till' : 'Kitchen', i === 30 ? 'yesterday' : at(i));
    const first = pages(journal, 50);
    expect(marksOf(first)).toEqual(scanned(journal, 50));
    expect(marksOf(first).map((mark) => mark.id)).toEqual(expect.arrayContaining(['m-7', 'm-30']));
    // A second device resuming from the same seq is given the very same pages.
    pages(journal, 50).forEach((page, i) => expect(page).toBe(first[i]));

    await journal.markHandled('m-45', 'Till', at(59));
    const afterMark = marksOf(pages(journal, 50));
    expect(afterMark).toEqual(scanned(journal, 50));
    expect(afterMark.at(-1)).toEqual({ id: 'm-45', by: 'Till', at: at(59) });

    // New orders: the oldest leave retention (KEEP), their marks with them, on the pages asked for before too.
    for (let i = 50; i < 70; i++) await journal.append({ id: `m-${i}` }, 'next');
    const afterDrop = marksOf(pages(journal, 50));
    expect(afterDrop).toEqual(scanned(journal, 50));
    expect(afterDrop.map((mark) => mark.id)).not.toContain('m-7');
    await journal.markHandled('m-60', 'Kitchen', at(50));
    const newest = marksOf(pages(journal, 70));
    expect(newest).toEqual(scanned(journal, 70));
    expect(newest.at(-1)).toEqual({ id: 'm-60', by: 'Kitchen', at: at(50) });
    await journal.close();

    const reopened = await openJournal(path);
    expect(marksOf(pages(reopened, 70))).toEqual(newest);
  });
});
