/**
 * Answering orders from the desktop app when this PC runs no hub: as a device of another PC's
 * hub (a real hub process), and with push servers alone (a real Mosquitto, a real webhook
 * receiver), where this PC's journal keeps the answers and its outbox tells the backend; and
 * with its own hub down, where it says so.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/cli';
import { defer, listenOnLoopback, sleep, tempDir, waitFor } from '../../test/helpers';
import { get, killHubProcess, post, startHubProcess, TOKEN } from '../../test/hub-process';
import { LegacyTextServer } from '../../test/legacy-text-server';
import { Mosquitto } from '../../test/mosquitto';
import { webhookReceiver } from '../../test/webhook-receiver';
import type { AlertAction } from './alerts/policy';
import { answerAtHub } from './link/hub-actions';
import type { StateChange } from './orders/order-life';
import { DEFAULT_SETTINGS, type Settings } from './settings/settings';
import { Station } from './station';

async function desktop(device: string, settings: Partial<Settings>, dataDir?: string) {
  const station = new Station({ dataDir: dataDir ?? (await tempDir()), settings: { ...DEFAULT_SETTINGS, language: 'en', ...settings }, device });
  const alerts: AlertAction[] = [];
  station.on('alert', (action) => alerts.push(action));
  await station.start();
  let stopped = false;
  const stop = async () => {
    if (!stopped) (stopped = true), await station.stop();
  };
  defer(stop);
  return { station, alerts, stop };
}

const historyOf = (station: Station, id: string) => station.listOrders().find((view) => view.id === id)?.history ?? [];
const stateOf = (station: Station, id: string) => historyOf(station, id).at(-1)?.state ?? 'new';

describe("Answering from the desktop as a device of another PC's hub", () => {
  it('answers at the hub: the first answer wins on every device, a second is told who was first, and a hub that is down is said plainly', async () => {
    const port = await freePort();
    const hub = await startHubProcess(await tempDir(), port);
    defer(() => killHubProcess(hub));
    const source = { kind: 'push-server', url: `ws://127.0.0.1:${port}/ws`, token: TOKEN, mode: 'json', helloText: '' } as const;
    const { station: till } = await desktop('Till 2', { source });
    const { station: kitchen } = await desktop('Kitchen PC', { source });
    expect((await post(port, 'R-1', { title: 'Noodles' }))?.status).toBe(201);
    await waitFor(() => [till, kitchen].every((station) => station.listOrders().some((view) => view.id === 'R-1')), 15_000, 'the order on both PCs');

    expect(await till.answerOrder('R-1', { state: 'accepted', readyInMin: 20 })).toEqual({ ok: true, message: '' });
    expect(historyOf(till, 'R-1')).toEqual([expect.objectContaining({ state: 'accepted', by: 'Till 2', seq: 1, readyAt: expect.any(String) })]);
    const atHub = await get<{ state: string; history: StateChange[] }>(port, '/api/orders/R-1');
    expect(atHub).toMatchObject({ state: 'accepted', history: [{ state: 'accepted', by: 'Till 2' }] });
    await waitFor(() => stateOf(kitchen, 'R-1') === 'accepted', 10_000, 'the kitchen PC sees the answer');
    expect(historyOf(kitchen, 'R-1')[0]).toEqual(historyOf(till, 'R-1')[0]);

    const second = await kitchen.answerOrder('R-1', { state: 'accepted', readyInMin: 30 });
    expect(second).toEqual({ ok: false, message: expect.stringMatching(/^already accepted by Till 2 at /) });
    expect((await answerAtHub({ linkUrl: source.url, token: 'not-the-token-0123456789' }, 'R-1', { state: 'ready' }, 'Till 2'))).toMatchObject({ ok: false, code: 'token-refused' });
    expect(await answerAtHub({ linkUrl: source.url, token: TOKEN }, 'NO-SUCH', { state: 'ready' }, 'Till 2')).toMatchObject({ ok: false, code: 'unknown-order' });
    expect((await get<{ history: StateChange[] }>(port, '/api/orders/R-1')).history).toHaveLength(1);

    expect(await till.sendTestOrder()).toEqual({ kind: 'local' });
    const test = till.listOrders().find((view) => view.id.startsWith('test-'))!;
    expect(await till.answerOrder(test.id, { state: 'accepted', readyInMin: 10 })).toEqual({ ok: false, message: expect.stringMatching(/^This order reached only this PC/) });

    await killHubProcess(hub);
    const down = await till.answerOrder('R-1', { state: 'ready' });
    expect(down).toEqual({ ok: false, message: expect.stringMatching(/^The main computer cannot be reached, so the order was not changed\. Try again in a moment\. \(the hub at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)\)$/) });
    expect(stateOf(till, 'R-1')).toBe('accepted');
  });
});

describe('Answering from the desktop with push servers alone (no hub anywhere)', () => {
  it("keeps the answer in this PC's journal, stops the ringing, tells the MQTT reply topic and the webhook, and still knows it after a restart", async () => {
    const [broker, receiver, legacy] = await Promise.all([Mosquitto.start(), webhookReceiver(), LegacyTextServer.start()]);
    const settings: Partial<Settings> = {
      mustAccept: true,
      source: { kind: 'push-server', url: legacy.url, token: '', mode: 'text', helloText: '' },
      sources: [{ kind: 'mqtt', label: 'App', url: broker.url, topic: 'shop-1/orders', replyTo: 'shop-1/status', clientId: 'till-answers' }],
      webhooks: [{ url: receiver.url, secret: 'shop-secret' }],
    };
    const dataDir = await tempDir();
    const first = await desktop('Till 1', settings, dataDir);
    const backend = await mqtt.connectAsync(broker.url, { clientId: 'backend' });
    defer(() => backend.endAsync(true));
    const replies: { payload: unknown; qos: number }[] = [];
    backend.on('message', (_topic, payload, packet) => replies.push({ payload: JSON.parse(payload.toString()), qos: packet.qos }));
    await backend.subscribeAsync('shop-1/status', { qos: 1 });
    await waitFor(() => first.station.status().sources?.[0]?.state === 'online', 10_000, 'the MQTT source online');

    await backend.publishAsync('shop-1/orders', JSON.stringify({ id: 'M-1', title: 'Dumplings' }), { qos: 1 });
    await waitFor(() => first.station.status().alert.ringing, 10_000, 'the order rings');
    expect(await first.station.answerOrder('M-1', { state: 'accepted', readyInMin: 20 })).toEqual({ ok: true, message: '' });
    const accepted = historyOf(first.station, 'M-1');
    expect(accepted).toEqual([expect.objectContaining({ id: 'M-1', state: 'accepted', by: 'Till 1', seq: 1, readyAt: expect.any(String) })]);
    await waitFor(() => !first.station.status().alert.ringing, 5000, 'the ringing stops at Accept');

    await waitFor(() => replies.length === 1 && receiver.accepted.length === 1, 10_000, 'the reply topic and the webhook');
    const told = { event: 'order.state', id: 'M-1', state: 'accepted', readyAt: accepted[0]!.readyAt, by: 'Till 1', at: accepted[0]!.at, seq: 1 };
    expect(replies[0]).toEqual({ payload: told, qos: 1 });
    const hook = receiver.accepted[0]!;
    expect(hook.body).toEqual(told);
    const timestamp = String(hook.headers['x-orderbell-timestamp']);
    expect(hook.headers['x-orderbell-signature']).toBe(`sha256=${createHmac('sha256', 'shop-secret').update(`${timestamp}.${hook.raw}`).digest('hex')}`);

    const again = await first.station.answerOrder('M-1', { state: 'accepted', readyInMin: 30 });
    expect(again).toEqual({ ok: false, message: expect.stringMatching(/^already accepted by Till 1 at /) });

    await first.stop();
    const second = await desktop('Till 1', settings, dataDir);
    expect(historyOf(second.station, 'M-1')).toEqual(accepted);
    await sleep(2500); // a few of the alert clock's ticks
    expect(second.station.status().alert.ringing).toBe(false);
    expect(second.alerts.filter((action) => action.kind === 'sound')).toEqual([]);
    expect(receiver.received).toHaveLength(1); // told once, not again after the restart

    await second.station.markHandled('M-1');
    expect(historyOf(second.station, 'M-1').map((change) => `${change.state} by ${change.by}`)).toEqual(['accepted by Till 1', 'done by Till 1']);
    // MQTT at QoS 1 is at least once: a reply whose PUBACK was cut by the restart may come twice, each the same change.
    const doneReply = () => replies.find((reply) => (reply.payload as { state?: string }).state === 'done');
    await waitFor(() => doneReply() !== undefined && receiver.accepted.length === 2, 10_000, () => `Mark done told after the restart (replies ${JSON.stringify(replies)}, webhook accepted ${receiver.accepted.length})`);
    expect(doneReply()!.payload).toMatchObject({ id: 'M-1', state: 'done', by: 'Till 1', seq: 2 });
    expect(new Set(replies.map((reply) => JSON.stringify(reply.payload)))).toEqual(new Set([JSON.stringify(told), JSON.stringify(doneReply()!.payload)]));
    expect(receiver.accepted[1]!.body).toMatchObject({ id: 'M-1', state: 'done', by: 'Till 1', seq: 2 });
  });

  it('takes a webhook added in Settings at once, and rejects with a reason as the hub would', async () => {
    const [receiver, legacy] = await Promise.all([webhookReceiver(), LegacyTextServer.start()]);
    const settings: Settings = { ...DEFAULT_SETTINGS, language: 'en', source: { kind: 'push-server', url: legacy.url, token: '', mode: 'text', helloText: '' } };
    const { station } = await desktop('Till 1', settings);
    expect(station.status().deliveries).toBeUndefined();
    await station.applySettings({ ...settings, webhooks: [{ url: receiver.url, secret: 'shop-secret' }] });
    expect(await station.sendTestOrder()).toEqual({ kind: 'local' });
    const id = station.listOrders()[0]!.id;
    expect(await station.answerOrder(id, { state: 'rejected' })).toEqual({ ok: false, message: expect.stringMatching(/^reason: a rejected order needs a reason/) });
    expect(await station.answerOrder(id, { state: 'rejected', reason: 'too-busy' })).toEqual({ ok: true, message: '' });
    await waitFor(() => receiver.accepted.length === 1, 10_000, 'the webhook');
    expect(receiver.accepted[0]!.body).toMatchObject({ id, state: 'rejected', reason: 'too-busy', by: 'Till 1', seq: 1 });
    await waitFor(() => station.status().deliveries?.[0]?.waiting === 0, 5000, 'nothing left to deliver');
    expect(station.status().deliveries).toEqual([expect.objectContaining({ name: `webhook ${receiver.url}`, state: 'ok' })]);
  });
});

describe('Answering from the desktop whose own hub could not start', () => {
  it('says the hub on this PC is not running, and changes nothing', async () => {
    const taken = createServer();
    const port = await listenOnLoopback(taken);
    const { station } = await desktop('Till 1', { source: { kind: 'hub', port, token: 'station-token-0123456789', lan: false } });
    expect(station.status().connection.lastError).toMatch(/^the hub could not start/);
    expect(await station.answerOrder('X-1', { state: 'accepted', readyInMin: 10 })).toEqual({ ok: false, message: 'The hub on this PC is not running (see the status bar), so the order was not changed.' });
  });
});
