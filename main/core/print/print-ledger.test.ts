import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { PrintLedger } from './print-ledger';

const DAY = 24 * 3600 * 1000;
const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter(Boolean).length;

describe('PrintLedger', () => {
  it('compacts while running once most of the file is history, and reopens to the same state', async () => {
    const path = join(await tempDir(), 'print.log');
    const ledger = await PrintLedger.open(path);
    for (let i = 0; i < 1200; i++) {
      const job = (await ledger.queueOrder({ seq: i, order: { id: `o-${i}` }, receivedAt: Date.now() }, 1))!;
      await ledger.markSending(job);
      await ledger.markSent(job);
    }
    await ledger.queueOrder({ seq: 9999, order: { id: 'waiting' }, receivedAt: Date.now() }, 2);
    // 3 records per ticket would be 3,600 lines; compaction keeps one per ticket.
    const kept = await lines(path);
    expect(kept).toBeLessThan(2 * 1201 + 1024 + 10);
    await ledger.close();

    const again = await PrintLedger.open(path);
    expect(again.knows('o-0') && again.knows('o-1199')).toBe(true);
    expect(again.pending().map((job) => [job.key, job.copies, job.possibleDuplicate])).toEqual([['waiting', 2, false]]);
    await again.close();
  });

  it('forgets confirmed tickets after keepMs, never unconfirmed ones', async () => {
    const path = join(await tempDir(), 'print.log');
    let now = Date.UTC(2026, 0, 1);
    const ledger = await PrintLedger.open(path, { now: () => now });
    const old = (await ledger.queueOrder({ seq: 1, order: { id: 'old-printed' }, receivedAt: now }, 1))!;
    await ledger.markSending(old);
    await ledger.markSent(old);
    await ledger.queueOrder({ seq: 2, order: { id: 'old-waiting' }, receivedAt: now }, 1);
    await ledger.close();
    now += 32 * DAY;
    const later = await PrintLedger.open(path, { now: () => now });
    expect(later.knows('old-printed')).toBe(false);
    expect(later.pending().map((job) => job.key)).toEqual(['old-waiting']);
    await later.close();
  });
});
