import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, read, writeSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppendLog, type AppendLogOptions } from './append-log';
import { frame, frameJsonText, framedJson, parseLog, RawRecord } from './log-lines';
import { defer, tempDir } from '../../../test/helpers';
import { smallTmpfs, TMPFS_SKIP_REASON } from '../../../test/tmpfs';

async function openLog(path: string, options: AppendLogOptions = {}) {
  const loaded = await AppendLog.open(path, undefined, options);
  defer(() => loaded.log.close());
  return loaded;
}

/**
 * Holds every thread of libuv's pool in a read of an empty FIFO (as a hung DNS lookup or
 * network-drive read would) until `release` writes each reader its byte.
 */
function stuckPool(fifo: string): { release: () => Promise<void> } {
  execFileSync('mkfifo', [fifo]);
  // Open for writing too, so that opening the readers does not wait for a writer.
  const keeper = openSync(fifo, constants.O_RDWR);
  const readers = Array.from({ length: Number(process.env.UV_THREADPOOL_SIZE ?? 4) }, () => openSync(fifo, constants.O_RDONLY));
  const reads = readers.map((fd) => new Promise((resolve) => read(fd, Buffer.alloc(1), 0, 1, null, resolve)));
  let released: Promise<void> | undefined;
  return {
    release: () =>
      (released ??= (async () => {
        writeSync(keeper, Buffer.alloc(readers.length));
        await Promise.all(reads);
        for (const fd of [keeper, ...readers]) closeSync(fd);
      })()),
  };
}

async function settledWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  try {
    return await Promise.race([promise.then(() => 'settled' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('AppendLog', () => {
  it('reads back what it appended, across a reopen', async () => {
    const path = join(await tempDir(), 'log');
    const { log } = await openLog(path);
    await log.append({ n: 1 });
    await log.append({ n: 2, text: '新订单' });
    await log.close();
    const { records, problems } = await openLog(path);
    expect(records).toEqual([{ n: 1 }, { n: 2, text: '新订单' }]);
    expect(problems).toEqual([]);
  });

  it('reads a file of several MiB piece by piece, records straddling the pieces, a torn tail reported', async () => {
    const path = join(await tempDir(), 'log');
    const sizes = Array.from({ length: 400 }, (_, n) => 1000 + ((n * 7919) % 20_000));
    await writeFile(path, Buffer.concat([...sizes.map((size, n) => frame({ n, pad: 'x'.repeat(size) })), Buffer.from('0badf00d {"n":"torn","pad":"' + 'y'.repeat(3_000_000))]));
    const seen: [number, number, number][] = [];
    const { log, records, problems } = await AppendLog.open(path, (record, bytes, line) => seen.push([(record as { n: number }).n, bytes, line]));
    defer(() => log.close());
    expect(records).toEqual([]);
    expect(seen).toEqual(sizes.map((size, n) => [n, frame({ n, pad: 'x'.repeat(size) }).length, n + 1]));
    expect(problems).toEqual([{ line: 401, reason: 'torn record at the end (3000028 bytes), discarded' }]);
    await log.append({ n: 'after' });
    await log.close();
    expect((await openLog(path)).records.at(-1)).toEqual({ n: 'after' });
  });

  const SYNC_PLACES = [
    ['in the thread pool', {}],
    ['on the loop', { syncOnLoop: true }],
  ] as const;

  it.each(SYNC_PLACES)('batches concurrent appends into few fsyncs (group commit), syncing %s', async (_, options) => {
    const path = join(await tempDir(), 'log');
    const { log } = await openLog(path, options);
    await Promise.all(Array.from({ length: 200 }, (_, n) => log.append({ n })));
    expect(log.syncCount).toBeLessThanOrEqual(3);
    expect(log.syncCount).toBeGreaterThanOrEqual(1);
    await log.close();
    expect((await openLog(path)).records).toEqual(Array.from({ length: 200 }, (_, n) => ({ n })));
  });

  it('on the loop, syncs every append of one loop turn with one fdatasync, after the turn\'s code has run', async () => {
    const { log } = await openLog(join(await tempDir(), 'log'), { syncOnLoop: true });
    const events: string[] = [];
    const appends = [1, 2, 3].map((n) => log.append({ n }, { written: () => events.push(`written ${n}`), commit: () => events.push(`commit ${n}`) }));
    await Promise.resolve();
    // Written at once; not committed while the turn's own code (and its microtasks) still runs.
    expect(events).toEqual(['written 1', 'written 2', 'written 3']);
    await Promise.all(appends);
    expect(events.slice(3)).toEqual(['commit 1', 'commit 2', 'commit 3']);
    expect(log.syncCount).toBe(1);
    await log.append({ n: 4 });
    expect(log.syncCount).toBe(2);
  });

  it('on the loop, commits while every thread of libuv\'s pool is stuck; in the pool, waits for a free one', async () => {
    const dir = await tempDir();
    const onLoop = (await openLog(join(dir, 'on-loop'), { syncOnLoop: true })).log;
    const inPool = (await openLog(join(dir, 'in-pool'))).log;
    const pool = stuckPool(join(dir, 'fifo'));
    try {
      expect(await settledWithin(onLoop.append({ n: 1 }), 2000)).toBe('settled');
      const waiting = inPool.append({ n: 1 });
      expect(await settledWithin(waiting, 200)).toBe('pending');
      pool.release();
      expect(await settledWithin(waiting, 5000)).toBe('settled');
    } finally {
      await pool.release();
    }
  });

  it.each(SYNC_PLACES)('close waits for the sync under way, syncing %s', async (_, options) => {
    const path = join(await tempDir(), 'log');
    const { log } = await openLog(path, options);
    const committed: number[] = [];
    const appended = log.append({ n: 1 }, { commit: () => committed.push(1) });
    await log.close();
    expect(committed).toEqual([1]);
    await appended;
    expect((await openLog(path)).records).toEqual([{ n: 1 }]);
  });

  it.each(SYNC_PLACES)('rejects the batch of a commit hook that throws, and goes on, syncing %s', async (_, options) => {
    const { log } = await openLog(join(await tempDir(), 'log'), options);
    await expect(
      log.append({ n: 1 }, {
        commit: () => {
          throw new Error('hook broke');
        },
      }),
    ).rejects.toThrow('journal sync failed: hook broke');
    expect(log.failureCount).toBe(1);
    await log.append({ n: 2 });
    expect(log.syncCount).toBe(2);
  });

  it('on the loop, an append made by a commit hook is synced in a later turn', async () => {
    const { log } = await openLog(join(await tempDir(), 'log'), { syncOnLoop: true });
    let second: Promise<void> | undefined;
    const committed: number[] = [];
    await log.append({ n: 1 }, { commit: () => (second = log.append({ n: 2 }, { commit: () => committed.push(2) })) });
    expect(committed).toEqual([]);
    await second;
    expect(committed).toEqual([2]);
    expect(log.syncCount).toBe(2);
  });

  it('writes an append at once while an fsync is in flight, and commits it only with a later fsync', async () => {
    const path = join(await tempDir(), 'log');
    const { log } = await openLog(path);
    const events: string[] = [];
    const first = log.append({ n: 1 }, { written: () => events.push('written 1'), commit: () => events.push('commit 1') });
    // The first append's fsync is now in flight; the second is written in this same call.
    const second = log.append({ n: 2 }, { written: () => events.push('written 2'), commit: () => events.push('commit 2') });
    expect(events).toEqual(['written 1', 'written 2']);
    expect(parseLog(await readFile(path)).records).toEqual([{ n: 1 }, { n: 2 }]);
    await Promise.all([first, second]);
    expect(events).toEqual(['written 1', 'written 2', 'commit 1', 'commit 2']);
    // Written after the first fsync began, the second cannot have been made durable by it.
    expect(log.syncCount).toBe(2);
  });

  it.each(SYNC_PLACES)('runs written, then commit, then resolves, for every append in order, syncing %s', async (_, options) => {
    const { log } = await openLog(join(await tempDir(), 'log'), options);
    const events: string[] = [];
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        log
          .append({ n }, { written: () => events.push(`written ${n}`), commit: () => events.push(`commit ${n}`) })
          .then(() => events.push(`resolve ${n}`)),
      ),
    );
    for (const stage of ['written', 'commit', 'resolve']) {
      expect(events.filter((e) => e.startsWith(stage))).toEqual([1, 2, 3, 4].map((n) => `${stage} ${n}`));
    }
    for (const n of [1, 2, 3, 4]) {
      expect(events.indexOf(`written ${n}`)).toBeLessThan(events.indexOf(`commit ${n}`));
      expect(events.indexOf(`commit ${n}`)).toBeLessThan(events.indexOf(`resolve ${n}`));
    }
  });

  it('frames a record the same from the record, its JSON text (whole or in parts) or its JSON bytes, and reads each back', () => {
    const record = { n: 7, text: '订单 "8" \ud83c\udf5c', lone: '\ud800' };
    const json = JSON.stringify(record);
    const lines = [frame(record), frameJsonText(json), frameJsonText(json.slice(0, 9), json.slice(9, 20), json.slice(20)), frame(new RawRecord(Buffer.from(json)))];
    for (const line of lines) {
      expect(line).toEqual(lines[0]);
      expect(framedJson(line).toString('utf8')).toBe(json);
      expect(parseLog(line)).toEqual({ records: [record], problems: [], goodLength: line.length });
    }
    expect(lines[0]!.toString('latin1', 0, 9)).toMatch(/^[0-9a-f]{8} $/);
    expect(lines[0]![lines[0]!.length - 1]).toBe(0x0a);
  });

  it('keeps every complete record when the last one is cut at any byte offset', async () => {
    const dir = await tempDir();
    const good = Buffer.concat([frame({ n: 1 }), frame({ n: 2, text: '订单' })]);
    const last = frame({ n: 3, text: '最后一单' });
    for (let cut = 1; cut < last.length; cut++) {
      const path = join(dir, `log-${cut}`);
      await writeFile(path, Buffer.concat([good, last.subarray(0, cut)]));
      const { log, records, problems } = await AppendLog.open(path);
      expect(records, `cut at ${cut}`).toEqual([{ n: 1 }, { n: 2, text: '订单' }]);
      expect(problems, `cut at ${cut}`).toEqual([{ line: 3, reason: `torn record at the end (${cut} bytes), discarded` }]);
      // The torn tail is gone, so the next append lands on a clean line.
      await log.append({ n: 4 });
      await log.close();
      expect(parseLog(await readFile(path)).records).toEqual([{ n: 1 }, { n: 2, text: '订单' }, { n: 4 }]);
    }
  });

  it('skips a corrupt record in the middle and keeps the ones after it', async () => {
    const path = join(await tempDir(), 'log');
    const damaged = frame({ n: 2 });
    damaged[damaged.length - 3]! ^= 0x01;
    await writeFile(path, Buffer.concat([frame({ n: 1 }), damaged, Buffer.from('garbage\n'), frame({ n: 3 })]));
    const { records, problems } = await openLog(path);
    expect(records).toEqual([{ n: 1 }, { n: 3 }]);
    expect(problems).toEqual([
      { line: 2, reason: 'corrupt record skipped: checksum mismatch' },
      { line: 3, reason: 'corrupt record skipped: no checksum' },
    ]);
  });

  it('rewrite replaces the content atomically and appends go on after it', async () => {
    const path = join(await tempDir(), 'log');
    const { log } = await openLog(path);
    for (let n = 0; n < 10; n++) await log.append({ n });
    await log.rewrite(() => [{ snapshot: true }]);
    await log.append({ after: true });
    await log.close();
    expect((await openLog(path)).records).toEqual([{ snapshot: true }, { after: true }]);
  });

  it('refuses appends after close', async () => {
    const { log } = await openLog(join(await tempDir(), 'log'));
    await log.close();
    await expect(log.append({})).rejects.toThrow('journal is closed');
  });

  it.skipIf(process.getuid?.() !== 0)('fails appends clearly on a full disk, keeps what was stored, and recovers (needs root to mount a tmpfs)', async () => {
    const dir = smallTmpfs(64);
    if (!dir) {
      console.warn(`skipped: ${TMPFS_SKIP_REASON}`);
      return;
    }
    const path = join(dir, 'log');
    await writeFile(join(dir, 'ballast'), Buffer.alloc(16 * 1024));
    const { log } = await openLog(path);
    const stored: number[] = [];
    let failure: Error | undefined;
    for (let n = 0; n < 10_000 && !failure; n++) {
      try {
        await log.append({ n, pad: 'x'.repeat(1000) });
        stored.push(n);
      } catch (error) {
        failure = error as Error;
      }
    }
    expect(failure?.message).toMatch(/^journal write failed: .*ENOSPC/);
    // Everything that was acknowledged is intact and nothing half-written is left behind.
    expect(parseLog(await readFile(path))).toMatchObject({ problems: [] });
    expect(parseLog(await readFile(path)).records.map((r) => (r as { n: number }).n)).toEqual(stored);
    // Free space: appends work again on the same open log.
    await rm(join(dir, 'ballast'));
    await log.append({ n: 'after' });
    await log.close();
    const reopened = await openLog(path);
    expect(reopened.records.map((r) => (r as { n: unknown }).n)).toEqual([...stored, 'after']);
    expect(reopened.problems).toEqual([]);
  });
});
