/**
 * The outbox across kill -9 for every state of an order's life: a real `orderbell hub` process
 * with a webhook to a real receiver, two devices answering through the hub's HTTP API, and the
 * hub killed three times mid-stream: while the receiver takes everything, while it answers 500,
 * and while it hangs.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/server-process';
import { tempDir, waitFor } from '../../../test/helpers';
import { get, killHubProcess, post, request, startHubProcess, stopHubProcess } from '../../../test/hub-process';
import { webhookReceiver } from '../../../test/webhook-receiver';
import type { AnswerRequest, StateChange } from '../orders/order-life';
import { stateEvent } from './state-change';
import { signature } from './webhook';

const SECRET = 'whsec-order-life-0123456789';
const DEVICES = ['Till 1', 'Kitchen'];
const ORDERS = 36;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What staff do to order `n`: most go accept → ready → done, every sixth is rejected, two are set back. */
function script(n: number): AnswerRequest[] {
  if (n % 6 === 0) return [{ state: 'rejected', reason: 'sold-out' }];
  if (n === 1) return [{ state: 'accepted', readyInMin: 15 }, { state: 'done' }, { state: 'new' }, { state: 'accepted', readyInMin: 5 }, { state: 'ready' }, { state: 'done' }];
  if (n === 5) return [{ state: 'accepted', readyInMin: 20 }, { state: 'ready' }, { state: 'accepted', readyInMin: 25 }, { state: 'ready' }, { state: 'done' }];
  return [{ state: 'accepted', readyInMin: 10 + (n % 30) }, { state: 'ready' }, { state: 'done' }];
}

describe('Outbox across kill -9 for every state (a real hub process, two devices, a real webhook receiver)', () => {
  it('delivers every state change at least once, in order per order, none lost, repeats with the same key, each signed', async () => {
    const dir = await tempDir();
    const dataDir = join(dir, 'hub');
    await writeFile(join(dir, 'secret'), SECRET);
    const receiver = await webhookReceiver();
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    const met = { ok: 0, fail: 0, hang: 0 };
    receiver.answer = () => (met[mode]++, mode);
    const port = await freePort();
    const flags = ['--webhook', receiver.url, '--webhook-secret-file', join(dir, 'secret')];
    let hub = await startHubProcess(dataDir, port, flags);
    const ids = Array.from({ length: ORDERS }, (_, n) => `L-${n}`);
    for (const id of ids) expect((await post(port, id))?.status).toBe(201);

    /** One step, as a device sends it; true once the hub has it (now, or before a kill cut its answer off). */
    const answer = async (id: string, step: AnswerRequest, device: string): Promise<boolean> => {
      try {
        const { status, body } = await request(port, 'POST', `/api/orders/${id}/state`, step, { 'X-OrderBell-Device': device });
        if (status === 200) return true;
        // A retry of a step the hub took just before it was killed: already in that state.
        const { state } = await get<{ state: string }>(port, `/api/orders/${id}`);
        if (status === 409 && state === step.state) return true;
        throw new Error(`${id} → ${step.state}: ${status} ${JSON.stringify(body)}`);
      } catch (error) {
        if (/ECONNREFUSED|ECONNRESET|socket hang up|no answer/.test((error as Error).message)) return false;
        throw error;
      }
    };
    let steps = 0;
    const deadline = Date.now() + 45_000;
    const queue = ids.map((id, n) => ({ id, n }));
    const workers = Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        for (const [j, step] of script(next.n).entries()) {
          while (!(await answer(next.id, step, DEVICES[(next.n + j) % 2]!))) {
            if (Date.now() > deadline) throw new Error(`${next.id} → ${step.state}: the hub never came back`);
            await sleep(50);
          }
          steps++;
        }
      }
    });
    const failed = Promise.all(workers).then(() => undefined, (error: Error) => error);

    const total = ids.reduce((sum, _, n) => sum + script(n).length, 0);
    // Each kill lands mid-stream; then the receiver misbehaves in the next way until the next kill.
    for (const [share, then] of [[0.2, 'fail'], [0.45, 'hang'], [0.7, 'ok']] as const) {
      await waitFor(() => steps >= total * share, 30_000, `${Math.round(share * 100)}% of the answers`);
      await killHubProcess(hub);
      mode = then;
      hub = await startHubProcess(dataDir, port, flags);
    }
    const error = await failed;
    if (error) throw error;
    expect(steps).toBe(total);

    const histories = new Map<string, StateChange[]>();
    for (const id of ids) histories.set(id, (await get<{ history: StateChange[] }>(port, `/api/orders/${id}`)).history);
    const expected = new Map([...histories].flatMap(([id, history]) => history.map((change): [string, StateChange] => [`${id}:${change.seq}`, change])));
    const acceptedKeys = () => new Set(receiver.accepted.map((hook) => hook.headers['idempotency-key'] as string));
    await waitFor(() => [...expected.keys()].every((key) => acceptedKeys().has(key)), 30_000, 'every state change delivered');
    await stopHubProcess(hub);

    // Each way of misbehaving met deliveries (a kill cut the hanging ones off).
    expect(met.fail).toBeGreaterThan(0);
    expect(met.hang).toBeGreaterThan(0);
    // Nothing lost from the journal either: each order ends where its last step put it.
    for (const [n, id] of ids.entries()) expect(histories.get(id)!.at(-1)!.state).toBe(script(n).at(-1)!.state);
    expect(expected.size).toBe(total);
    for (const hook of receiver.received) {
      const key = hook.headers['idempotency-key'] as string;
      expect(key).toBe(`${hook.body.id}:${hook.body.seq}`);
      // A repeat carries the very change it repeats.
      expect(hook.body).toEqual(stateEvent(expected.get(key)!));
      expect(hook.headers['x-orderbell-signature']).toBe(signature(SECRET, hook.headers['x-orderbell-timestamp'] as string, hook.raw));
    }
    for (const id of ids) {
      const firstSeen: number[] = [];
      for (const hook of receiver.accepted) if (hook.body.id === id && !firstSeen.includes(hook.body.seq)) firstSeen.push(hook.body.seq);
      expect(firstSeen, `the order ${id}'s changes as the receiver first took them`).toEqual(histories.get(id)!.map((change) => change.seq));
      const times = histories.get(id)!.map((change) => Date.parse(change.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    expect(new Set(receiver.accepted.map((hook) => hook.body.by))).toEqual(new Set(DEVICES));
    expect(receiver.received.some((hook) => hook.body.state === 'new')).toBe(true);
  }, 90_000);
});
