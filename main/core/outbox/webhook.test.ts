import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/server-process';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { webhookReceiver } from '../../../test/webhook-receiver';
import { Outbox } from './outbox';
import { signature, WebhookTarget } from './webhook';

const SECRET = 'whsec-test-0123456789';

async function outboxTo(url: string, options: { timeoutMs?: number; log?: (line: string) => void } = {}) {
  const target = new WebhookTarget({ url, secret: SECRET }, options.timeoutMs);
  const outbox = await Outbox.open({
    path: join(await tempDir(), 'outbox.log'),
    targets: [target],
    backoff: { initialMs: 20, maxMs: 100 },
    ...(options.log ? { log: options.log } : {}),
  });
  defer(async () => {
    await outbox.close();
    target.close();
  });
  return outbox;
}

const done = (id: string, seq = 1) => ({ id, state: 'done' as const, at: '2026-12-06T12:00:00.000Z', by: 'Till 1', seq });

describe('Webhook target (a real HTTP receiver)', () => {
  it('posts the state change as JSON, signed over the timestamp and raw body, with an idempotency key', async () => {
    const receiver = await webhookReceiver();
    const outbox = await outboxTo(receiver.url);
    await outbox.record({ ...done('W-1'), reason: 'n/a' });
    await waitFor(() => receiver.accepted.length === 1, 5000, 'the delivery');
    const [hook] = receiver.accepted;
    expect(hook!.body).toEqual({ event: 'order.state', id: 'W-1', state: 'done', reason: 'n/a', by: 'Till 1', at: '2026-12-06T12:00:00.000Z', seq: 1 });
    expect(hook!.headers['idempotency-key']).toBe('W-1:1');
    expect(hook!.headers['content-type']).toBe('application/json');
    const timestamp = hook!.headers['x-orderbell-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(hook!.headers['x-orderbell-signature']).toBe(signature(SECRET, timestamp, hook!.raw));
    expect(hook!.headers['x-orderbell-signature']).not.toBe(signature('another secret', timestamp, hook!.raw));
  });

  it('retries a receiver that answers 500 with the same key until it answers 2xx, and says why meanwhile', async () => {
    const receiver = await webhookReceiver();
    receiver.answer = 'fail';
    const lines: string[] = [];
    const outbox = await outboxTo(receiver.url, { log: (line) => lines.push(line) });
    await outbox.record(done('W-2'));
    await waitFor(() => receiver.received.length >= 2, 5000, 'a retry');
    expect(outbox.statuses()[0]).toMatchObject({ state: 'failing', waiting: 1, lastError: 'answered 500: database is down' });
    expect(lines.join('\n')).toContain(`webhook http://127.0.0.1:${receiver.port}/hooks/orderbell failed: answered 500: database is down`);
    receiver.answer = 'ok';
    await waitFor(() => receiver.accepted.length === 1, 5000, 'the delivery once it answers');
    expect(new Set(receiver.received.map((hook) => hook.headers['idempotency-key']))).toEqual(new Set(['W-2:1']));
    await waitFor(() => outbox.statuses()[0]!.state === 'ok', 5000, 'the status back to ok');
    expect(lines.at(-1)).toMatch(/answers again/);
  });

  it('does not follow a redirect: a failure that names where it pointed', async () => {
    const receiver = await webhookReceiver();
    receiver.answer = 'redirect';
    const outbox = await outboxTo(receiver.url);
    await outbox.record(done('W-3'));
    await waitFor(() => outbox.statuses()[0]!.state === 'failing', 5000, 'the failure');
    expect(outbox.statuses()[0]!.lastError).toBe('answered 302, a redirect to http://elsewhere.invalid/hook; webhooks do not follow redirects: set the final URL');
  });

  it('gives a receiver that hangs a bounded time, then retries', async () => {
    const receiver = await webhookReceiver();
    receiver.answer = 'hang';
    const outbox = await outboxTo(receiver.url, { timeoutMs: 300 });
    await outbox.record(done('W-4'));
    await waitFor(() => outbox.statuses()[0]!.state === 'failing', 5000, 'the timeout');
    expect(outbox.statuses()[0]!.lastError).toBe('no answer within 300 ms');
    receiver.answer = 'ok';
    await waitFor(() => receiver.accepted.length === 1, 5000, 'the retry answered');
  });

  it('says a receiver is unreachable, and keeps the change waiting for it', async () => {
    const port = await freePort();
    const outbox = await outboxTo(`http://127.0.0.1:${port}/hook`);
    await outbox.record(done('W-5'));
    await waitFor(() => outbox.statuses()[0]!.state === 'failing', 5000, 'the failure');
    expect(outbox.statuses()[0]).toMatchObject({ waiting: 1, lastError: `cannot reach 127.0.0.1:${port}: nothing listens there (connection refused)` });
  });

  it('loses nothing to a slow receiver under a rush of 300 orders, and keeps each order in order', async () => {
    const receiver = await webhookReceiver();
    receiver.answer = { delayMs: 20 };
    const outbox = await outboxTo(receiver.url);
    const ids = Array.from({ length: 300 }, (_, i) => `R-${i}`);
    await Promise.all(ids.flatMap((id) => [outbox.record({ ...done(id), state: 'accepted' }), outbox.record(done(id, 2))]));
    await waitFor(() => receiver.accepted.length >= 600, 60_000, 'all 600 changes');
    expect(receiver.accepted).toHaveLength(600);
    for (const id of ids) {
      expect(receiver.accepted.filter((hook) => hook.body.id === id).map((hook) => hook.body.state)).toEqual(['accepted', 'done']);
    }
    // The receiver counts a change when it answers; the outbox a moment later, when the answer arrives.
    await waitFor(() => outbox.statuses()[0]!.waiting === 0, 10_000, 'the last answers noted');
    expect(outbox.statuses()[0]).toMatchObject({ state: 'ok', waiting: 0 });
  });
});
