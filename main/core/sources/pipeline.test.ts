/** Several sources at once, of different kinds, feeding one pipeline and one journal. */
import { join } from 'node:path';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { LegacyTextServer } from '../../../test/legacy-text-server';
import { Mosquitto } from '../../../test/mosquitto';
import { runSources } from '../../../test/source-harness';
import { startWebMsgSender } from '../../../test/web-msg-sender';
import { Journal } from '../journal/journal';
import { TEXT_REPEAT_WINDOW_MS } from '../orders/mapping';
import { PushServer } from '../../../test/push-server';
import { MqttSource } from './mqtt';
import { OrderbellSource } from './orderbell';
import { SourcePipeline } from './pipeline';
import { Source } from './source';
import { SocketIoSource } from './socketio';
import { TextSource } from './text';

describe('several sources feeding one pipeline', () => {
  it('takes orders from every source, labelled by source, and rings once for an id that comes from two', async () => {
    const [web, broker, legacy] = await Promise.all([startWebMsgSender(), Mosquitto.start(), LegacyTextServer.start()]);
    const backoff = { initialMs: 50, maxMs: 200 };
    const harness = await runSources([
      new SocketIoSource({ label: 'Web shop', url: web.url, uid: 'shop', backoff }),
      new MqttSource({ label: 'App', url: broker.url, topic: 'orders', clientId: 'till', backoff }),
      new TextSource({ label: 'Old till', url: legacy.url }),
    ]);
    await waitFor(() => harness.pipeline.sources.every((source) => source.status.state === 'online'), 10_000, 'all sources online');
    await waitFor(() => web.online().includes('shop') && legacy.connections === 1, 5000, 'logins');
    const pub = await mqtt.connectAsync(broker.url);
    defer(() => pub.endAsync(true));

    await web.publish('{"id":"SAME-1","title":"Curry"}', 'shop');
    await pub.publishAsync('orders', '{"order_id":"SAME-1","title":"Curry"}', { qos: 1 });
    await pub.publishAsync('orders', '{"id":"APP-1"}', { qos: 1 });
    legacy.send('Table 2: soup');
    await web.publish('{"id":"WEB-LAST"}', 'shop');
    await waitFor(() => ['APP-1', 'WEB-LAST'].every((id) => harness.announced(id)) && harness.orders.length >= 4, 5000, 'all orders');

    const bySource = harness.orders.map(({ stored, arrival }) => [stored.order.id.replace(/^text-.*/, 'text'), arrival.source]);
    expect(bySource.filter(([id]) => id === 'SAME-1')).toHaveLength(1);
    expect(bySource).toEqual(expect.arrayContaining([['APP-1', 'App'], ['text', 'Old till'], ['WEB-LAST', 'Web shop']]));
    expect(harness.orders).toHaveLength(4);
  });

  it('a source that is down does not hold up the others, and its status names it', async () => {
    const web = await startWebMsgSender();
    const down = new MqttSource({ label: 'Broker', url: 'mqtt://127.0.0.1:1', topic: 'orders', clientId: 'till', backoff: { initialMs: 50, maxMs: 100 } });
    const up = new SocketIoSource({ label: 'Web shop', url: web.url, uid: 'shop' });
    const harness = await runSources([down, up]);
    await waitFor(() => web.online().includes('shop'), 5000, 'login');
    await web.publish('{"id":"W-1"}', 'shop');
    await harness.ordersCount(1);
    expect(down.status).toMatchObject({ state: expect.stringMatching(/offline|connecting/) });
    await waitFor(() => /refused/.test(down.status.lastError ?? ''), 5000, 'the reason');
    expect(up.status.state).toBe('online');
  });
});

/** A source that emits what the test tells it to: the pipeline's own rules, without a network. */
class ScriptedSource extends Source {
  reconnects = 0;
  constructor(label = 'scripted') {
    super('text', label);
  }
  start(): void {}
  async stop(): Promise<void> {}
  reconnectNow(): void {
    this.reconnects++;
  }
  crashed(): void {}
  send(payload: unknown): { settled: boolean } {
    const outcome = { settled: false };
    this.emit('message', { payload, settled: () => (outcome.settled = true) });
    return outcome;
  }
}

describe('the pipeline on its own', () => {
  it('takes the same text again as a new order once 10 s have passed, and settles repeats', async () => {
    let clock = 1_000_000;
    const journal = await Journal.open(join(await tempDir(), 'journal.log'));
    defer(() => journal.close());
    const pipeline = new SourcePipeline({ journal, now: () => clock });
    const source = new ScriptedSource();
    pipeline.add(source);
    const orders: string[] = [];
    pipeline.on('order', (stored) => orders.push(stored.order.id));
    source.send('new order');
    const repeat = source.send('new order');
    clock += TEXT_REPEAT_WINDOW_MS;
    source.send('new order');
    await waitFor(() => orders.length === 2, 5000, 'two orders');
    expect(repeat.settled).toBe(true);
    expect(new Set(orders).size).toBe(2);
  });

  it('an order it could not store is never settled (so never acked) and the source reconnects to get it again', async () => {
    const journal = await Journal.open(join(await tempDir(), 'journal.log'));
    const pipeline = new SourcePipeline({ journal });
    const source = new ScriptedSource('App');
    pipeline.add(source);
    const warnings: string[] = [];
    pipeline.on('warning', (from, warning) => warnings.push(`${from.label}: ${warning}`));
    await journal.close();
    const outcome = source.send('{"id":"LOST-1"}');
    await waitFor(() => source.reconnects === 1, 5000, 'a reconnect');
    expect(outcome.settled).toBe(false);
    expect(warnings[0]).toMatch(/^App: could not store an order, reconnecting to fetch it again: /);
  });

  it('an order the journal turns away is settled with a warning, without a reconnect that would only fetch it again', async () => {
    const journal = await Journal.open(join(await tempDir(), 'journal.log'), { refuse: (order) => (order.id === 'HUGE' ? 'order is 70000 bytes' : undefined) });
    defer(() => journal.close());
    const pipeline = new SourcePipeline({ journal, seq: 'next' });
    const source = new ScriptedSource('App');
    pipeline.add(source);
    const warnings: string[] = [];
    pipeline.on('warning', (from, warning) => warnings.push(`${from.label}: ${warning}`));
    const refused = source.send('{"id":"HUGE"}');
    const taken = source.send('{"id":"SMALL"}');
    await waitFor(() => refused.settled && taken.settled, 5000, 'both settled');
    expect(warnings).toEqual(['App: ignored order HUGE: order is 70000 bytes']);
    expect(source.reconnects).toBe(0);
    expect([...journal.all()].map((stored) => stored.order.id)).toEqual(['SMALL']);
  });

  it('protocol v1 next to another kind: its orders are acked by seq, and handling any order tells the v1 server', async () => {
    const push = await PushServer.start();
    const web = await startWebMsgSender();
    const dir = await tempDir();
    const journal = await Journal.open(join(dir, 'journal.log'));
    defer(() => journal.close());
    const pipeline = new SourcePipeline({ journal });
    pipeline.add(new OrderbellSource({ label: 'Hub', url: push.url, journal, device: 'till' }));
    pipeline.add(new SocketIoSource({ label: 'Web shop', url: web.url, uid: 'shop' }));
    const orders: [string, string][] = [];
    pipeline.on('order', (stored, arrival) => orders.push([stored.order.id, arrival.source]));
    pipeline.start();
    defer(() => pipeline.stop());
    await waitFor(() => push.clients.length === 1 && web.online().includes('shop'), 10_000, 'both online');

    push.push({ id: 'V1-1' });
    await web.publish('{"id":"WEB-1"}', 'shop');
    await waitFor(() => orders.length === 2 && push.acks.includes(1), 5000, 'both orders, the v1 one acked');
    expect(orders).toEqual(expect.arrayContaining([['V1-1', 'Hub'], ['WEB-1', 'Web shop']]));

    expect(await pipeline.handle('WEB-1', 'till')).toBe(true);
    await waitFor(() => push.handles.includes('WEB-1'), 5000, 'the handle sent upstream');
    expect(journal.get('WEB-1')?.handled?.by).toBe('till');
  });
});
