import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { rawClient, startHub } from '../../../test/hub-harness';
import { historyMismatch } from './history-match';

/** A hub's journal holding orders `o3` to `o6` at seqs 3 to 6 (1 and 2 left retention), lastSeq 9. */
async function hubJournal(): Promise<Journal> {
  const journal = await Journal.open(join(await tempDir(), 'hub-journal.log'), { maxOrders: 4 });
  defer(() => journal.close());
  await journal.resetEpoch('e1');
  for (let seq = 1; seq <= 6; seq++) await journal.append({ id: `o${seq}` }, 'next');
  await journal.skipTo(9);
  return journal;
}

describe('historyMismatch', () => {
  it('lets a device resume that holds the hub’s own order at its lastSeq', async () => {
    const journal = await hubJournal();
    expect(historyMismatch(journal, 5, 'o5')).toBeUndefined();
    expect(historyMismatch(journal, 6, 'o6')).toBeUndefined();
  });

  it('names the order the hub holds where the device holds another', async () => {
    expect(historyMismatch(await hubJournal(), 5, 'elsewhere-5')).toBe('this hub\'s order at seq 5 is "o5"');
  });

  it('refuses a seq the hub never issued, above its lastSeq', async () => {
    expect(historyMismatch(await hubJournal(), 12, 'o12')).toBe('this hub has issued seqs only up to 9');
  });

  it('refuses a seq among those it holds where it holds no order (issued, said the mark, but never stored)', async () => {
    expect(historyMismatch(await hubJournal(), 8, 'o8')).toBe('this hub holds no order at seq 8');
  });

  it('cannot tell for a seq older than every order it holds, and lets the device resume: all it holds follows anyway', async () => {
    const journal = await hubJournal();
    expect(historyMismatch(journal, 2, 'anything')).toBeUndefined();
    expect(historyMismatch(journal, 0, 'anything')).toBeUndefined();
  });

  it('cannot tell when it holds no order at all, up to its lastSeq', async () => {
    const journal = await Journal.open(join(await tempDir(), 'hub-journal.log'));
    defer(() => journal.close());
    await journal.resetEpoch('e1', 40);
    expect(historyMismatch(journal, 40, 'o40')).toBeUndefined();
    expect(historyMismatch(journal, 41, 'o41')).toBe('this hub has issued seqs only up to 40');
  });
});

describe('The hub resuming a device (log matching in its sessions)', () => {
  /** What a device with this hello receives from a hub holding o1, o2 and o3, up to o3. */
  async function resume(hello: Record<string, unknown>) {
    const hub = await startHub();
    for (const id of ['o1', 'o2', 'o3']) await hub.post({ id });
    const { socket, messages } = await rawClient(hub.wsUrl, hub.info.token);
    socket.send(JSON.stringify({ type: 'hello', epoch: hub.info.epoch, ...hello }));
    await waitFor(() => messages.some((message) => message.type === 'order' && (message.order as { id: string }).id === 'o3'));
    const received = messages.filter((message) => message.type !== 'welcome').map((message) => (message.type === 'order' ? (message.order as { id: string }).id : message));
    return { received, logs: hub.logs };
  }

  it('resumes a device that holds the hub’s order at its lastSeq after it', async () => {
    expect((await resume({ lastSeq: 2, lastId: 'o2' })).received).toEqual(['o3']);
  });

  it('tells a device that holds another order there, logs why, and sends it everything', async () => {
    const { received, logs } = await resume({ lastSeq: 2, lastId: 'restored-away', device: 'till 2' });
    expect(received).toEqual([{ type: 'mismatch', seq: 2 }, 'o1', 'o2', 'o3']);
    expect(logs).toContainEqual(
      expect.stringMatching(/^till 2 \(127\.0\.0\.1\) holds order "restored-away" at seq 2, but this hub's order at seq 2 is "o2": its history is not this hub's .*sending it all 3 retained orders/),
    );
  });

  it('resumes an older device, which names no order, after its lastSeq as before, and tells it nothing new', async () => {
    expect((await resume({ lastSeq: 2 })).received).toEqual(['o3']);
  });
});
