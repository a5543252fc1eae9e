import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal';
import { defer, tempDir } from '../../../test/helpers';

describe('Journal, opened from a file of many orders', () => {
  it('gives back every order and its handled state, across read pieces, whether the file held small or large orders', async () => {
    const path = join(await tempDir(), 'journal.log');
    const journal = await Journal.open(path, { maxOrders: 50_000 });
    await journal.resetEpoch('e1');
    // Small orders (lines under the 128 bytes a line is guessed at, so the columns grow after
    // the room made at open) and some of several KiB (fewer lines than guessed); together over 1 MiB.
    const orders = Array.from({ length: 6000 }, (_, i) => (i % 100 === 7 ? { id: `o${i}`, note: '很长的备注 '.repeat(800) } : { id: `o${i}` }));
    for (let from = 0; from < orders.length; from += 1000) {
      await Promise.all(orders.slice(from, from + 1000).map((order) => journal.append(order, 'next')));
    }
    await Promise.all(orders.filter((_, i) => i % 3 === 0).map((order) => journal.markHandled(order.id, 'Till 1', '2026-12-06T12:00:00.000Z')));
    await journal.close();
    expect((await stat(path)).size).toBeGreaterThan(1024 * 1024);

    for (let open = 0; open < 2; open++) {
      const reopened = await Journal.open(path, { maxOrders: 50_000 });
      defer(() => reopened.close());
      expect(reopened.problems).toEqual([]);
      expect([...reopened.all()].map((stored) => stored.order)).toEqual([...orders, ...(open > 0 ? [{ id: 'late' }] : [])]);
      expect(reopened.get('o3')!.handled).toEqual({ by: 'Till 1', at: '2026-12-06T12:00:00.000Z' });
      expect(reopened.get('o4')!.handled).toBeUndefined();
      expect(reopened.lastSeq).toBe(6000 + open);
      // Orders taken after the open go on growing the columns.
      if (open === 0) await reopened.append({ id: 'late' }, 'next');
      await reopened.close();
    }
  });
});
