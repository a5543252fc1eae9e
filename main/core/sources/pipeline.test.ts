/** Several sources at once, of different kinds, feeding one pipeline and one journal. */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { defer, waitFor } from '../../../test/helpers';
import { LegacyTextServer } from '../../../test/legacy-text-server';
import { Mosquitto } from '../../../test/mosquitto';
import { runSources } from '../../../test/source-harness';
import { startWebMsgSender } from '../../../test/web-msg-sender';
import { MqttSource } from './mqtt';
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
