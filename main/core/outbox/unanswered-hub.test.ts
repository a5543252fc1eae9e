import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/server-process';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { Mosquitto } from '../../../test/mosquitto';
import { runCli } from '../../../test/cli';
import { killHubProcess, post, request, startHubProcess, stopHubProcess } from '../../../test/hub-process';
import { webhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver';
import { UsageError } from '../cli/args';
import { unansweredAfterS } from '../cli/answer-flags';
import { signature } from './webhook';

const SECRET = 'whsec-unanswered-0123456789';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unansweredIds = (receiver: WebhookReceiver) => receiver.received.filter((hook) => hook.body.event === 'order.unanswered').map((hook) => hook.body.id);

describe('order.unanswered from a real orderbell hub process to a real webhook receiver', () => {
  it('tells each order nobody answered in time exactly once, none answered in time, and none again after kill -9 and a restart', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'secret'), SECRET);
    const receiver = await webhookReceiver();
    const port = await freePort();
    const flags = ['--webhook', receiver.url, '--webhook-secret-file', join(dir, 'secret'), '--unanswered-after', '3s'];
    const hub = await startHubProcess(join(dir, 'hub'), port, flags);
    // Answered well within the 3 s, even on a busy machine.
    expect((await post(port, 'A-1'))?.status).toBe(201);
    expect((await request(port, 'POST', '/api/orders/A-1/state', { state: 'accepted', readyInMin: 20 })).status).toBe(200);
    expect((await post(port, 'D-1'))?.status).toBe(201);
    expect((await request(port, 'POST', '/api/orders/D-1/handled')).status).toBe(200);
    for (const id of ['U-1', 'U-2']) expect((await post(port, id))?.status).toBe(201);
    await waitFor(() => unansweredIds(receiver).length >= 2, 15_000, 'the two unanswered orders told');
    await hub.waitForStdout(/order U-2 is not answered after \d+ s: telling the backend \(order\.unanswered\)/);

    // U-3 becomes due while the hub is down: told once after the restart.
    expect((await post(port, 'U-3'))?.status).toBe(201);
    await killHubProcess(hub);
    await sleep(3500);
    const restarted = await startHubProcess(join(dir, 'hub'), port, flags);
    await waitFor(() => unansweredIds(receiver).includes('U-3'), 15_000, 'U-3 told after the restart');
    // The watch looks every 750 ms here: a few rounds, and nothing more comes.
    await sleep(2000);
    await stopHubProcess(restarted);

    const told = receiver.received.filter((hook) => hook.body.event === 'order.unanswered');
    expect(told.map((hook) => hook.body.id).sort()).toEqual(['U-1', 'U-2', 'U-3']);
    for (const hook of told) {
      expect(JSON.parse(hook.raw)).toEqual({ event: 'order.unanswered', id: hook.body.id, waitingS: expect.any(Number), at: expect.any(String), seq: 0 });
      expect((hook.body as unknown as { waitingS: number }).waitingS).toBeGreaterThanOrEqual(3);
      expect(hook.headers['idempotency-key']).toBe(`${hook.body.id}:0`);
      expect(hook.headers['x-orderbell-signature']).toBe(signature(SECRET, hook.headers['x-orderbell-timestamp'] as string, hook.raw));
    }
    // The answered orders' state changes went out as ever.
    expect(receiver.received.filter((hook) => hook.body.event === 'order.state').map((hook) => hook.body.id).sort()).toEqual(['A-1', 'D-1']);
  });
});

describe('order.unanswered to a source\'s reply channel (a real Mosquitto)', () => {
  it('publishes it to the reply topic with QoS 1, once, like a state change', async () => {
    const broker = await Mosquitto.start();
    const url = `mqtt://127.0.0.1:${broker.port}`;
    const backend = await mqtt.connectAsync(url, { clientId: 'chain-backend' });
    defer(() => backend.endAsync());
    const received: { qos: number; body: { event: string; id: string; seq: number } }[] = [];
    backend.on('message', (_topic, payload, packet) => received.push({ qos: packet.qos, body: JSON.parse(payload.toString()) }));
    await backend.subscribeAsync('chain/shop-1/status', { qos: 1 });
    const port = await freePort();
    const flags = ['--unanswered-after', '2s', '--source', 'mqtt', '--url', url, '--topic', 'chain/shop-1/orders', '--label', 'broker', '--reply-to', 'chain/shop-1/status'];
    const hub = await startHubProcess(join(await tempDir(), 'hub'), port, flags);
    await hub.waitForStdout(/source broker: online/, 15_000);
    expect((await post(port, 'M-U1'))?.status).toBe(201);
    await waitFor(() => received.length >= 1, 15_000, 'the event on the reply topic');
    await sleep(1500);
    expect(received).toEqual([{ qos: 1, body: { event: 'order.unanswered', id: 'M-U1', waitingS: expect.any(Number), at: expect.any(String), seq: 0 } }]);
  });
});

describe('--unanswered-after', () => {
  it('takes minutes, or seconds with s; refuses nonsense with a one-line reason', () => {
    expect(unansweredAfterS({})).toBe(0);
    expect(unansweredAfterS({ 'unanswered-after': '10' })).toBe(600);
    expect(unansweredAfterS({ 'unanswered-after': '5min' })).toBe(300);
    expect(unansweredAfterS({ 'unanswered-after': '90s' })).toBe(90);
    for (const bad of ['0', '-3', 'soon', '2h', '1441', '']) {
      expect(() => unansweredAfterS({ 'unanswered-after': bad })).toThrow(UsageError);
    }
    expect(() => unansweredAfterS({ 'unanswered-after': 'soon' })).toThrow('--unanswered-after must be whole minutes (10) or seconds (90s), more than 0 and at most 24 hours, got "soon"');
  });

  it('refuses to start a hub with nobody to tell, and says what to add', async () => {
    const hub = runCli(['hub', '--port', '0', '--data', join(await tempDir(), 'hub'), '--unanswered-after', '5']);
    expect((await hub.exited).code).not.toBe(0);
    expect(hub.stderr()).toContain('--unanswered-after tells a --webhook or a source with --reply-to: give one');
  });
});
