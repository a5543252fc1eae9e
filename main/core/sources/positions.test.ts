import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { SavedPosition, SourcePositions } from './positions';

describe('saved source positions', () => {
  it('a saved position is read back by the next run, under its own key only', async () => {
    const path = join(await tempDir(), 'positions.json');
    const warnings: string[] = [];
    const first = new SavedPosition(await SourcePositions.open(path), 'sse http://127.0.0.1:1/', (message) => warnings.push(message));
    expect(first.read()).toBeUndefined();
    first.save({ lastEventId: '7' });
    await first.settled();
    const reopened = await SourcePositions.open(path);
    expect(new SavedPosition(reopened, 'sse http://127.0.0.1:1/', () => {}).read()).toEqual({ lastEventId: '7' });
    expect(new SavedPosition(reopened, 'sse http://127.0.0.1:2/', () => {}).read()).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('a save that cannot be written warns with the reason instead of failing, and settles', async () => {
    const dataDir = await tempDir();
    const positions = await SourcePositions.open(join(dataDir, 'positions.json'));
    await rm(dataDir, { recursive: true });
    const warnings: string[] = [];
    const saved = new SavedPosition(positions, 'centrifugo ws://127.0.0.1:1/ orders', (message) => warnings.push(message));
    saved.save({ offset: 3, epoch: 'e' });
    await saved.settled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^could not save the stream position: ENOENT: no such file or directory, open '.*positions\.json\.tmp'$/);
  });

  it('without a positions file nothing is read and saving is a no-op', async () => {
    const saved = new SavedPosition(undefined, 'sse http://127.0.0.1:1/', () => {
      throw new Error('no warning expected');
    });
    saved.save({ lastEventId: '1' });
    await saved.settled();
    expect(saved.read()).toBeUndefined();
  });
});
