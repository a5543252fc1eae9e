/**
 * The mqtt source against a real Mosquitto broker (test/mosquitto.ts). Aedes and NATS, and the
 * MQTT versions, are in mqtt-brokers.test.ts; TLS (mqtts://) in cli/listen-tls.test.ts. Not
 * proven: EMQX and RabbitMQ (same protocol, their own session limits).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { defer, waitFor } from '../../../test/helpers';
import { Mosquitto } from '../../../test/mosquitto';
import { runSources, stopHarness } from '../../../test/source-harness';
import { MAX_MESSAGE_BYTES } from '../link/protocol';
import { MqttSource, type MqttSourceOptions } from './mqtt';

const fast = { initialMs: 50, maxMs: 300 };

async function publisher(broker: Mosquitto, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 100, ...options });
  defer(() => client.endAsync(true));
  return client;
}

function source(broker: Mosquitto, options: Partial<MqttSourceOptions> = {}): MqttSource {
  return new MqttSource({ label: 'broker', url: broker.url, topic: 'shop/1/orders', clientId: 'orderbell-till-1', backoff: fast, ...options });
}

const ids = (harness: { orders: { stored: { order: { id: string } } }[] }) => harness.orders.map(({ stored }) => stored.order.id);

describe('mqtt source (Mosquitto)', () => {
  it('takes QoS 1 orders, and gets the ones published while it was stopped once it starts again', async () => {
    const broker = await Mosquitto.start();
    const pub = await publisher(broker);
    const first = await runSources([source(broker)]);
    await first.waitForState('online');
    await pub.publishAsync('shop/1/orders', '{"id":"M-1","title":"Pad thai"}', { qos: 1 });
    await first.ordersCount(1);
    await stopHarness(first);

    for (const id of ['M-2', 'M-3', 'M-4']) await pub.publishAsync('shop/1/orders', JSON.stringify({ order_id: id }), { qos: 1 });
    const second = await runSources([source(broker)], first.dataDir);
    await second.ordersCount(3);
    await pub.publishAsync('shop/1/orders', '{"id":"M-5"}', { qos: 1 });
    await second.ordersCount(4);
    expect(ids(second)).toEqual(['M-2', 'M-3', 'M-4', 'M-5']);
    expect(second.orders[0]!.stored.order.source).toBe('broker');
  });

  it('loses nothing QoS 1 promised when the broker restarts mid-stream', async () => {
    const broker = await Mosquitto.start();
    const harness = await runSources([source(broker)]);
    await harness.waitForState('online');
    const pub = await publisher(broker, { clientId: 'backend', clean: false });
    const sent: string[] = [];
    for (let i = 1; i <= 5; i++) {
      sent.push(`R-${i}`);
      await pub.publishAsync('shop/1/orders', JSON.stringify({ id: `R-${i}` }), { qos: 1 });
    }
    await broker.restart();
    for (let i = 6; i <= 10; i++) {
      sent.push(`R-${i}`);
      await pub.publishAsync('shop/1/orders', JSON.stringify({ id: `R-${i}` }), { qos: 1 });
    }
    await harness.ordersCount(10, 20_000);
    expect([...ids(harness)].sort()).toEqual([...sent].sort());
    expect(harness.statuses.some((status) => status.state === 'offline')).toBe(true);
    await harness.waitForState('online');
  });

  it('rings once per id and survives garbage, binary and oversized payloads', async () => {
    const broker = await Mosquitto.start();
    const harness = await runSources([source(broker)]);
    await harness.waitForState('online');
    const pub = await publisher(broker);
    const payloads: (string | Buffer)[] = ['{"id":"G-1"}', '{"id":"G-1"}', '   ', Buffer.from([0xff, 0xfe, 0x00]), 'y'.repeat(MAX_MESSAGE_BYTES + 10), '{"id":"G-2"}'];
    for (const payload of payloads) await pub.publishAsync('shop/1/orders', payload, { qos: 1 });
    await waitFor(() => harness.announced('G-2'), 5000, 'G-2');
    expect(ids(harness).filter((id) => !id.startsWith('text-'))).toEqual(['G-1', 'G-2']);
    expect(harness.orders).toHaveLength(3); // G-1, the binary bytes as text (U+FFFD), G-2
    expect(harness.warnings).toEqual(expect.arrayContaining(['ignored a message: text: empty message', `ignored a message of ${MAX_MESSAGE_BYTES + 10} bytes: the limit is ${MAX_MESSAGE_BYTES}`]));
  });

  it('says the broker refused the login, retries with backoff, and never crashes', async () => {
    const broker = await Mosquitto.start({ user: { name: 'till', password: 'right' } });
    const harness = await runSources([source(broker, { username: 'till', password: 'wrong' })]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline' && /refused the login/.test(status.lastError ?? '')).length >= 2, 10_000, 'two refusals');
    expect(harness.lastOffline()?.lastError).toMatch(/^the broker refused the login: (Bad User Name or Password|Not authorized)$/);
    expect(harness.statuses.every((status) => status.state !== 'online')).toBe(true);

    const right = await runSources([source(broker, { username: 'till', password: 'right', clientId: 'orderbell-till-2' })]);
    await right.waitForState('online');
  });

  it('reconnectNow (the system woke up) dials again at once and loses nothing', async () => {
    const broker = await Mosquitto.start();
    const mqttSource = source(broker);
    const harness = await runSources([mqttSource]);
    await harness.waitForState('online');
    const pub = await publisher(broker);
    const onlineBefore = harness.statuses.filter((status) => status.state === 'online').length;
    mqttSource.reconnectNow();
    await pub.publishAsync('shop/1/orders', '{"id":"W-1"}', { qos: 1 });
    await harness.ordersCount(1);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'online').length > onlineBefore, 5000, 'online again');
    expect(ids(harness)).toEqual(['W-1']);
  });
});
