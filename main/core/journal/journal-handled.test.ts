/** The journal keeps handled states in columns: what devices and the API are shown must be what was stored. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal';
import { MAX_DEVICE_NAMES } from './handled-columns';
import type { HandledState } from '../orders/order';
import { defer, tempDir } from '../../../test/helpers';

const ORDERS = 2400;
const KEEP = 1100;
/** Times as servers and old versions may have written them: each must come back as it is. */
const ODD_TIMES = ['2026-11-27T10:00:00Z', '2026-11-27T10:00:00.000+00:00', 'now', '', '+010000-01-01T00:00:00.000Z', '2026-02-29T10:00:00.000Z'];

/** Order `i`'s handled state: mostly at a toISOString time, some at an odd one; by one of a few devices, or most by a device of its own (as a hostile client's). */
function handledState(i: number): HandledState {
  const by = i % 4 === 0 ? ['Till 1', 'Kitchen', 'api@127.0.0.1'][i % 3]! : `device ${i} "号" \\ ${'x'.repeat(i % 50)}`;
  const at = i % 7 === 0 ? ODD_TIMES[i % ODD_TIMES.length]! : new Date(Date.UTC(2026, 10, 27, 8) + i * 1001).toISOString();
  return { by, at };
}

async function openJournal(path: string): Promise<Journal> {
  const journal = await Journal.open(path, { maxOrders: KEEP });
  defer(() => journal.close());
  return journal;
}

const handledById = (journal: Journal) => Object.fromEntries([...journal.all()].map((stored) => [stored.id, stored.handled]));

describe('Journal handled states', () => {
  it('gives back each handled state byte for byte, after a reopen and after compactions, by thousands of devices', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await openJournal(path);
    await journal.resetEpoch('e1');
    const ids = Array.from({ length: ORDERS }, (_, i) => `o-${i}`);
    for (let from = 0; from < ORDERS; from += 100) {
      const batch = ids.slice(from, from + 100);
      await Promise.all(batch.map((id) => journal.append({ id }, 'next')));
      // The newest order of each batch stays unhandled.
      await Promise.all(batch.slice(0, -1).map((id, i) => journal.markHandled(id, handledState(from + i).by, handledState(from + i).at)));
    }
    const expected = Object.fromEntries(ids.slice(-KEEP).map((id, i) => [id, (ORDERS - KEEP + i) % 100 === 99 ? undefined : handledState(ORDERS - KEEP + i)]));
    expect(new Set(ids.map((_, i) => handledState(i).by)).size).toBeGreaterThan(MAX_DEVICE_NAMES);
    expect(handledById(journal)).toEqual(expected);
    const unhandled = Object.keys(expected).filter((id) => !expected[id]);
    expect(journal.unhandled().map((stored) => stored.id)).toEqual(unhandled);
    expect(journal.get('o-2104')?.handled).toEqual({ by: 'Kitchen', at: '2026-11-27T08:35:06.104Z' });
    expect(journal.after(ORDERS - 3, 10).map((stored) => stored.handled)).toEqual([handledState(ORDERS - 3), handledState(ORDERS - 2), undefined]);
    await journal.close();
    // Compactions folded the states of the orders then retained into their records; later ones are records of their own.
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    const written = 1 + ORDERS + ORDERS * 0.99;
    expect(lines.length).toBeLessThan(written - ORDERS / 2);
    expect(lines.some((line) => line.includes('{"k":"order"') && line.includes('"handled":{"by":"Kitchen","at":"+010000-01-01T00:00:00.000Z"}'))).toBe(true);
    expect(lines.some((line) => line.endsWith(JSON.stringify({ k: 'handled', id: 'o-2394', ...handledState(2394) })))).toBe(true);

    const reopened = await openJournal(path);
    expect(handledById(reopened)).toEqual(expected);
    expect(reopened.unhandled().map((stored) => stored.id)).toEqual(unhandled);
    expect(JSON.stringify(reopened.get('o-2002')?.handled)).toBe(JSON.stringify(handledState(2002)));
    await reopened.markHandled('o-2399', 'Kitchen', '2026-11-27T12:00:00.000Z');
    await reopened.close();
    const third = await openJournal(path);
    expect(handledById(third)).toEqual({ ...expected, 'o-2399': { by: 'Kitchen', at: '2026-11-27T12:00:00.000Z' } });
  });

  it('finds, a page at a time, the handled marks of orders up to a seq handled from a time on, or at a time it cannot read', async () => {
    const journal = await openJournal(join(await tempDir(), 'journal.log'));
    await journal.resetEpoch('e1');
    const ids = Array.from({ length: 30 }, (_, i) => `h-${i}`);
    for (const id of ids) await journal.append({ id }, 'next');
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 12, minute)).toISOString();
    // h-0…h-9 handled at 12:00–12:09, h-10 at a time it cannot read, h-20 at 12:30; the rest never.
    for (let i = 0; i < 10; i++) await journal.markHandled(`h-${i}`, 'Till', at(i));
    await journal.markHandled('h-10', 'Till', 'yesterday');
    await journal.markHandled('h-20', 'Till', at(30));
    const found: { id: string; by: string; at: string }[] = [];
    const reached: number[] = [];
    for (let after = 0; ; ) {
      const page = journal.handledAfter(after, 25, Date.parse(at(5)), 8);
      found.push(...page.marks);
      if (page.reached === after) break;
      reached.push((after = page.reached));
    }
    expect(found.map((mark) => mark.id)).toEqual(['h-5', 'h-6', 'h-7', 'h-8', 'h-9', 'h-10', 'h-20']);
    // Each mark as the frame sends it: who, and the time exactly as written, unreadable or not.
    expect(found[0]).toEqual({ id: 'h-5', by: 'Till', at: at(5) });
    expect(found[5]).toEqual({ id: 'h-10', by: 'Till', at: 'yesterday' });
    expect(reached).toEqual([8, 16, 24, 25]);
  });
});
