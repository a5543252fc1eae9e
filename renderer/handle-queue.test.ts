import { describe, expect, it } from 'vitest';
import { HandleQueue } from './handle-queue';
import { HubError } from './hub-api';

function storageWith(saved?: string): Storage {
  const items = new Map<string, string>(saved === undefined ? [] : [['orderbell.unsentHandles', saved]]);
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  } as Storage;
}

describe('HandleQueue', () => {
  it('keeps what waits for the hub in storage, for the page after a reload', () => {
    const storage = storageWith();
    const queue = new HandleQueue(storage);
    queue.add('A-1', '2026-11-27T08:00:00.000Z');
    queue.add('A-2', '2026-11-27T08:01:00.000Z');
    queue.delete('A-1');
    const reloaded = new HandleQueue(storage);
    expect(reloaded.ids()).toEqual(['A-2']);
    expect(reloaded.handledAt('A-2')).toBe('2026-11-27T08:01:00.000Z');
  });

  it.each([['not json'], ['{"A-1":"x"}'], ['[["A-1"],[2,"x"],"A-3"]']])('starts empty from unreadable storage %s', (saved) => {
    expect(new HandleQueue(storageWith(saved)).size).toBe(0);
  });

  it('sends in order, lets go of what the hub took or does not have, reports every error (a missing order too: it was never confirmed), and stops at the first that did not reach the hub', async () => {
    const queue = new HandleQueue(storageWith());
    for (const id of ['taken', 'unknown', 'turned-away', 'unreachable', 'later']) queue.add(id, '2026-11-27T08:00:00.000Z');
    const asked: string[] = [];
    const sent: [string, unknown][] = [];
    const failed: [string, string][] = [];
    await queue.sendAll(
      async (id) => {
        asked.push(id);
        if (id === 'unknown') throw new HubError(404, 'no order with id "unknown"');
        if (id === 'turned-away') throw new HubError(400, 'bad id');
        if (id === 'unreachable') throw new TypeError('Failed to fetch');
        return { by: 'till', at: '2026-11-27T08:00:05.000Z' };
      },
      (id, handled) => sent.push([id, handled]),
      (id, error) => failed.push([id, error.message]),
    );
    expect(asked).toEqual(['taken', 'unknown', 'turned-away', 'unreachable']);
    expect(sent).toEqual([['taken', { by: 'till', at: '2026-11-27T08:00:05.000Z' }]]);
    expect(failed).toEqual([['unknown', 'no order with id "unknown"'], ['turned-away', 'bad id'], ['unreachable', 'Failed to fetch']]);
    expect(queue.ids()).toEqual(['turned-away', 'unreachable', 'later']);
  });

  it('reports an error thrown before the request left (a header fetch refuses), rather than waiting forever', async () => {
    const queue = new HandleQueue(storageWith());
    queue.add('A-1', '2026-11-27T08:00:00.000Z');
    const failed: string[] = [];
    const refusing = () => {
      throw new TypeError("Failed to execute 'fetch': String contains non ISO-8859-1 code point.");
    };
    await queue.sendAll(refusing, () => {}, (_id, error) => failed.push(error.message));
    expect(failed).toEqual([expect.stringContaining('ISO-8859-1')]);
    expect(queue.ids()).toEqual(['A-1']);
  });

  it('sends each order once when a second press or a reconnect comes while it is on its way', async () => {
    const queue = new HandleQueue(storageWith());
    queue.add('A-1', '2026-11-27T08:00:00.000Z');
    const asked: string[] = [];
    let answer!: () => void;
    const hubAnswers = new Promise<void>((resolve) => (answer = resolve));
    const send = async (id: string) => {
      asked.push(id);
      await hubAnswers;
      return { by: 'till', at: '2026-11-27T08:00:02.000Z' };
    };
    const first = queue.sendAll(send, () => {}, () => {});
    queue.add('A-2', '2026-11-27T08:00:01.000Z');
    const second = queue.sendAll(send, () => {}, () => {});
    answer();
    await Promise.all([first, second]);
    expect(asked).toEqual(['A-1', 'A-2']);
    expect(queue.size).toBe(0);
  });

  it('keeps an order the hub could not store (503) for the next try', async () => {
    const queue = new HandleQueue(storageWith());
    queue.add('A-1', '2026-11-27T08:00:00.000Z');
    await queue.sendAll(() => Promise.reject(new HubError(503, 'could not store the handled state')), () => {}, () => {});
    expect(queue.ids()).toEqual(['A-1']);
  });
});
