import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../../test/hub-harness';
import { SEQ_FLOOR_FILE } from './seq-floor';

async function restart(dataDir: string) {
  return startHub({ dataDir });
}

describe('Hub seq high-water mark', () => {
  it('reserves seqs ahead on disk before issuing them, and a clean stop leaves no gap', async () => {
    const first = await startHub();
    expect((await first.post({ id: 'A' })).body.seq).toBe(1);
    const mark = JSON.parse(await readFile(join(first.dataDir, SEQ_FLOOR_FILE), 'utf8')) as { epoch: string; seq: number };
    expect(mark).toEqual({ epoch: first.info.epoch, seq: 1000 });
    await first.stop();
    const second = await restart(first.dataDir);
    expect(second.info.epoch).toBe(first.info.epoch);
    expect((await second.post({ id: 'B' })).body.seq).toBe(2);
  });

  it('numbers new orders after the mark when the journal ends below it', async () => {
    const first = await startHub();
    await first.post({ id: 'A' });
    await first.stop();
    await writeFile(join(first.dataDir, SEQ_FLOOR_FILE), JSON.stringify({ epoch: first.info.epoch, seq: 130 }));
    const second = await restart(first.dataDir);
    expect(second.info.epoch).toBe(first.info.epoch);
    expect((await second.get('/api/health')).body.lastSeq).toBe(130);
    expect((await second.post({ id: 'B' })).body.seq).toBe(131);
    expect(second.logs).toContainEqual('the journal ends at seq 1 but seqs up to 130 may have been issued (the hub stopped abruptly, or the journal was restored from a copy); new orders continue after seq 130');
  });

  it.each([
    ['missing', (path: string) => rm(path), /^there is no hub-seq\.json beside the journal/],
    ['unreadable', (path: string) => writeFile(path, '{"epoch":'), /^hub-seq\.json cannot be read \(not a seq mark: /],
    ['from another epoch', (path: string) => writeFile(path, '{"epoch":"elsewhere","seq":5}'), /^hub-seq\.json belongs to epoch elsewhere, the journal to epoch /],
  ])('starts a new epoch, numbering on, when the mark is %s', async (_, spoil, reason) => {
    const first = await startHub();
    await first.post({ id: 'A' });
    await first.post({ id: 'B' });
    await first.stop();
    await spoil(join(first.dataDir, SEQ_FLOOR_FILE));
    const second = await restart(first.dataDir);
    expect(second.info.epoch).not.toBe(first.info.epoch);
    expect(second.logs).toContainEqual(expect.stringMatching(reason));
    expect((await second.post({ id: 'C' })).body.seq).toBe(3);
    expect((await second.post({ id: 'A' })).status).toBe(200);
  });

  it('refuses an order with 503 when the mark cannot be written, and issues nothing', async () => {
    const hub = await startHub();
    await mkdir(join(hub.dataDir, `${SEQ_FLOOR_FILE}.tmp`));
    const refused = await hub.post({ id: 'A' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatch(/^could not store the order, nothing was sent to devices/);
    expect((await hub.get('/api/health')).body.lastSeq).toBe(0);
    await rm(join(hub.dataDir, `${SEQ_FLOOR_FILE}.tmp`), { recursive: true });
    expect((await hub.post({ id: 'A' })).body).toEqual({ id: 'A', seq: 1 });
  });
});
