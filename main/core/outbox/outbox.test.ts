import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { Outbox, type OutboxOptions, type OutboxTarget } from './outbox';
import type { StateChange } from './state-change';

/** A target that records what it took, and fails while `down` says so. */
function recordingTarget(name: string) {
  const taken: StateChange[] = [];
  const target = {
    name,
    down: (_change: StateChange): string | undefined => undefined,
    taken,
    async deliver(change: StateChange) {
      const reason = target.down(change);
      if (reason) throw new Error(reason);
      taken.push(change);
    },
  } satisfies OutboxTarget & Record<string, unknown>;
  return target;
}

async function openOutbox(options: OutboxOptions): Promise<Outbox> {
  const outbox = await Outbox.open({ backoff: { initialMs: 20, maxMs: 50 }, ...options });
  defer(() => outbox.close());
  return outbox;
}

const change = (id: string, state: StateChange['state'] = 'done', seq = 1): StateChange => ({ id, state, at: '2026-12-06T12:00:00.000Z', by: 'Till 1', seq });

describe('Outbox', () => {
  it("delivers each state change to every target once, with its journal's seq, and keeps nothing waiting after", async () => {
    const path = join(await tempDir(), 'outbox.log');
    const hook = recordingTarget('hook');
    const reply = recordingTarget('reply');
    const outbox = await openOutbox({ path, targets: [hook, reply] });
    await outbox.record(change('A-1', 'accepted', 1));
    await outbox.record(change('A-2', 'done', 4));
    await waitFor(() => hook.taken.length === 2 && reply.taken.length === 2, 5000, 'both targets told');
    expect(hook.taken.map((c) => [c.id, c.state, c.seq])).toEqual([['A-1', 'accepted', 1], ['A-2', 'done', 4]]);
    expect(outbox.statuses()).toEqual([
      { name: 'hook', state: 'ok', waiting: 0, givenUp: 0 },
      { name: 'reply', state: 'ok', waiting: 0, givenUp: 0 },
    ]);
    await outbox.close();

    const again = recordingTarget('hook');
    const reopened = await openOutbox({ path, targets: [again] });
    await reopened.record(change('A-1', 'ready', 2));
    await waitFor(() => again.taken.length === 1, 5000, 'the new change');
    // Nothing delivered before is sent again.
    expect(again.taken.map((c) => [c.id, c.state, c.seq])).toEqual([['A-1', 'ready', 2]]);
  });

  it('keeps what a failing target has not taken across a restart, and delivers it then', async () => {
    const path = join(await tempDir(), 'outbox.log');
    const hook = recordingTarget('hook');
    hook.down = () => 'answered 500';
    const outbox = await openOutbox({ path, targets: [hook] });
    for (const id of ['B-1', 'B-2', 'B-3']) await outbox.record(change(id));
    await waitFor(() => outbox.statuses()[0]!.state === 'failing', 5000, 'the target failing');
    expect(outbox.statuses()[0]).toMatchObject({ waiting: 3, lastError: 'answered 500' });
    await outbox.close();

    const back = recordingTarget('hook');
    await openOutbox({ path, targets: [back] });
    await waitFor(() => back.taken.length === 3, 5000, 'the changes kept');
    expect(back.taken.map((c) => c.id).sort()).toEqual(['B-1', 'B-2', 'B-3']);
  });

  it("sends one order's changes in order, while other orders go on without waiting", async () => {
    const path = join(await tempDir(), 'outbox.log');
    const hook = recordingTarget('hook');
    let refusals = 3;
    // The first change of C-1 is refused a few times: C-1's later one waits, D-1 does not.
    hook.down = (c) => (c.id === 'C-1' && c.state === 'accepted' && refusals-- > 0 ? 'busy' : undefined);
    const outbox = await openOutbox({ path, targets: [hook], backoff: { initialMs: 10, maxMs: 20 } });
    await outbox.record(change('C-1', 'accepted', 1));
    await outbox.record(change('C-1', 'ready', 2));
    await outbox.record(change('D-1', 'accepted', 1));
    await outbox.record(change('C-1', 'done', 3));
    await waitFor(() => hook.taken.length === 4, 10_000, 'every change');
    const c1 = hook.taken.filter((c) => c.id === 'C-1').map((c) => c.state);
    expect(c1).toEqual(['accepted', 'ready', 'done']);
    expect(hook.taken.findIndex((c) => c.id === 'D-1')).toBeLessThan(hook.taken.findIndex((c) => c.id === 'C-1'));
  });

  it("sends what waits for a source's reply channel as soon as that source is connected again, not when the backoff grown while it was down runs out", async () => {
    const path = join(await tempDir(), 'outbox.log');
    const reply = Object.assign(recordingTarget('mqtt App → shop-1/status'), { via: 'App' });
    reply.down = () => 'not connected to the broker';
    // Every failure waits the backoff's full minute: only the link coming up sends it sooner.
    const outbox = await openOutbox({ path, targets: [reply], backoff: { initialMs: 60_000, maxMs: 60_000, random: () => 1 } });
    await outbox.record(change('L-1'));
    await waitFor(() => outbox.statuses()[0]!.state === 'failing', 5000, 'the first failure');
    reply.down = () => undefined;
    outbox.linkUp('POS'); // another source's link: not this target's
    expect(reply.taken).toEqual([]);
    outbox.linkUp('App');
    await waitFor(() => reply.taken.length === 1, 5000, 'the change sent once the link is up');
    expect(reply.taken[0]).toMatchObject({ id: 'L-1', state: 'done' });
    await waitFor(() => outbox.statuses()[0]!.state === 'ok', 5000, 'the target ok again');
  });

  it('gives up after the retry window, says so in the log and the status, and remembers it across a restart', async () => {
    const path = join(await tempDir(), 'outbox.log');
    let clock = Date.parse('2026-12-06T12:00:00Z');
    const lines: string[] = [];
    const hook = recordingTarget('hook');
    hook.down = () => 'cannot reach 127.0.0.1:9: nothing listens there (connection refused)';
    const outbox = await openOutbox({ path, targets: [hook], now: () => clock, log: (line) => lines.push(line), maxAgeMs: 60_000 });
    await outbox.record(change('E-1'));
    await waitFor(() => outbox.statuses()[0]!.state === 'failing', 5000, 'the first failure');
    clock += 61_000;
    await waitFor(() => outbox.statuses()[0]!.givenUp === 1, 5000, 'the give-up');
    expect(outbox.statuses()[0]).toMatchObject({ waiting: 0, givenUp: 1 });
    expect(lines.join('\n')).toMatch(/gave up telling hook that order E-1 is done \(seq 1\): cannot reach/);
    await outbox.close();
    const reopened = await openOutbox({ path, targets: [recordingTarget('hook')] });
    expect(reopened.statuses()[0]).toMatchObject({ waiting: 0, givenUp: 1 });
  });

  it('survives a target that throws or never settles in its own way, and a target dropped from the settings', async () => {
    const path = join(await tempDir(), 'outbox.log');
    const throwing: OutboxTarget = {
      name: 'throws',
      deliver: () => {
        throw new TypeError('broken client');
      },
    };
    const fine = recordingTarget('fine');
    const lines: string[] = [];
    const outbox = await openOutbox({ path, targets: [throwing, fine], log: (line) => lines.push(line) });
    await outbox.record(change('F-1'));
    await waitFor(() => fine.taken.length === 1 && outbox.statuses()[0]!.state === 'failing', 5000, 'both tried');
    expect(outbox.statuses()[0]!.lastError).toBe('broken client');
    await outbox.close();
    // Settings no longer name "throws": its waiting change is given up, visibly, not kept forever.
    const reopened = await openOutbox({ path, targets: [recordingTarget('fine')], log: (line) => lines.push(line) });
    await waitFor(() => lines.some((line) => /gave up telling throws .*no longer configured/.test(line)), 5000, 'the give-up line');
    expect(reopened.statuses()).toEqual([{ name: 'fine', state: 'ok', waiting: 0, givenUp: 0 }]);
  });

  it('compacts its file as deliveries finish, so it does not grow for ever', async () => {
    const path = join(await tempDir(), 'outbox.log');
    const hook = recordingTarget('hook');
    const outbox = await openOutbox({ path, targets: [hook] });
    for (let i = 0; i < 2500; i++) void outbox.record(change(`G-${i}`));
    await waitFor(() => hook.taken.length === 2500, 30_000, 'every change delivered');
    await outbox.record(change('G-last'));
    await waitFor(() => hook.taken.length === 2501, 5000, 'the last one');
    await outbox.close();
    // 2500 changes and deliveries are some 400 kB as written; compacted, a few hundred records remain at most.
    expect((await stat(path)).size).toBeLessThan(100_000);
    const reopened = recordingTarget('hook');
    const outbox2 = await openOutbox({ path, targets: [reopened] });
    await outbox2.record(change('G-after'));
    await waitFor(() => reopened.taken.length === 1, 5000, 'a change after reopening');
    expect(reopened.taken[0]).toMatchObject({ id: 'G-after', seq: 1 });
  });
});
