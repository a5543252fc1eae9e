import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { tempDir, waitFor } from '../../../test/helpers';
import { post, request, startHubProcess, stopHubProcess } from '../../../test/hub-process';
import { webhookReceiver } from '../../../test/webhook-receiver';
import { signature } from './webhook';

const SECRET = 'whsec-crash-test-0123456789';

async function markHandled(port: number, id: string): Promise<boolean> {
  try {
    return (await request(port, 'POST', `/api/orders/${id}/handled`)).status === 200;
  } catch {
    return false; // the hub died under this request: no promise made
  }
}

describe('A webhook that hangs never holds up orders coming in', () => {
  it('answers every order posted while the webhook hangs, and says in the log why the webhook waits', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'secret'), SECRET);
    const receiver = await webhookReceiver();
    receiver.answer = 'hang';
    const port = await freePort();
    const hub = await startHubProcess(join(dir, 'hub'), port, ['--webhook', receiver.url, '--webhook-secret-file', join(dir, 'secret')]);
    for (let i = 0; i < 20; i++) {
      expect((await post(port, `H-${i}`))?.status).toBe(201);
      expect(await markHandled(port, `H-${i}`)).toBe(true);
    }
    // Eight requests hang at the receiver, the rest wait their turn: orders go on regardless.
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => post(port, `late-${i}`)));
    expect(answers.map((answer) => answer?.status)).toEqual(Array(100).fill(201));
    expect(receiver.received.length).toBeLessThanOrEqual(8);
    await hub.waitForStdout(/outbox: webhook \S+ failed: no answer within 10 s; \d+ state change\(s\) waiting/, 20_000);
  });
});

describe('Outbox across kill -9 of orderbell hub (a real hub process, a real webhook receiver)', () => {
  it('delivers every state change the hub acknowledged at least once, none lost, each signed with the secret', async () => {
    const dir = await tempDir();
    const dataDir = join(dir, 'hub');
    const secretFile = join(dir, 'webhook-secret');
    await writeFile(secretFile, `${SECRET}\n`);
    const receiver = await webhookReceiver();
    // Half the orders' changes are refused until the restart: they must wait in the outbox's file.
    let refusing = true;
    receiver.answer = (hook) => (refusing && Number(hook.body.id.slice(2)) % 2 === 0 ? 'fail' : 'ok');
    const port = await freePort();
    const flags = ['--webhook', receiver.url, '--webhook-secret-file', secretFile];
    const ids = Array.from({ length: 120 }, (_, i) => `K-${i}`);

    const hub = await startHubProcess(dataDir, port, flags);
    await hub.waitForStdout(/telling webhook \S+ each state change of an order/);
    expect(hub.stdout()).toContain(`telling webhook ${receiver.url} each state change`);
    for (const id of ids) expect((await post(port, id))?.status).toBe(201);
    const acknowledged = new Set<string>();
    // A few at a time, so the kill lands while most are still to come.
    let killed = false;
    const queue = [...ids];
    const handling = Array.from({ length: 4 }, async () => {
      for (let id = queue.shift(); id !== undefined && !killed; id = queue.shift()) {
        if (await markHandled(port, id)) acknowledged.add(id);
      }
    });
    await waitFor(() => acknowledged.size >= 30 + Math.floor(Math.random() * 40), 20_000, 'some handled answers');
    killed = true;
    hub.child.kill('SIGKILL');
    await Promise.all(handling);
    await hub.exited;
    expect(acknowledged.size).toBeLessThan(ids.length);

    refusing = false;
    const restarted = await startHubProcess(dataDir, port, flags);
    // What the kill cut short is marked again (an order already handled answers 200 too).
    for (const id of ids.filter((id) => !acknowledged.has(id))) expect(await markHandled(port, id)).toBe(true);
    const delivered = () => new Set(receiver.accepted.map((hook) => hook.body.id));
    await waitFor(() => ids.every((id) => delivered().has(id)), 30_000, 'every state change delivered');
    await stopHubProcess(restarted);

    for (const hook of receiver.accepted) {
      expect(hook.body).toMatchObject({ event: 'order.state', state: 'done' });
      expect(hook.headers['idempotency-key']).toBe(`${hook.body.id}:${hook.body.seq}`);
      expect(hook.headers['x-orderbell-signature']).toBe(signature(SECRET, hook.headers['x-orderbell-timestamp'] as string, hook.raw));
    }
    // At least once: a kill between the receiver's answer and the outbox's note of it may send one again, with the same key.
    const keys = receiver.accepted.map((hook) => hook.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(ids.length);
    expect(restarted.stdout()).toMatch(/outbox: \d+ state change\(s\) still to deliver/);
  });
});
