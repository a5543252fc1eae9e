/**
 * The mqtt source against four real brokers of other makes: Mosquitto 2 (MQTT 5 and 3.1.1),
 * Aedes 1.2 (npm; 3.1.1 only), NATS 2.9's MQTT listener (Debian nats-server; 3.1.1 only) and
 * RabbitMQ 3.10's rabbitmq_mqtt plugin (Debian rabbitmq-server; 3.1.1 only).
 * Each: QoS 1 orders published while OrderBell is stopped arrive exactly once when it starts
 * again, in the version `auto` settles on; the version fallback and its memory; a refused
 * subscription; TLS dialled to a plain port.
 */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startAedes } from '../../../test/aedes';
import { tempDir, waitFor } from '../../../test/helpers';
import { Mosquitto } from '../../../test/mosquitto';
import { startNats } from '../../../test/nats';
import { startRabbitMq } from '../../../test/rabbitmq';
import { runSources, stopHarness } from '../../../test/source-harness';
import type { MqttVersion } from '../settings/source-config';
import { MqttSource, type MqttSourceOptions } from './mqtt';
import { SourcePositions } from './positions';

const TOPIC = 'shop/1/orders';
const fast = { initialMs: 50, maxMs: 300 };

interface Broker {
  url: string;
}

async function publish(broker: Broker, payloads: string[]): Promise<void> {
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    for (const payload of payloads) await client.publishAsync(TOPIC, payload, { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

function source(broker: Broker, options: Partial<MqttSourceOptions> = {}): MqttSource {
  return new MqttSource({ label: 'broker', url: broker.url, topic: TOPIC, clientId: 'orderbell-till-1', backoff: fast, ...options });
}

const ids = (harness: { orders: { stored: { order: { id: string } } }[] }) => harness.orders.map(({ stored }) => stored.order.id);

const BROKERS: { name: string; start: () => Promise<Broker>; version: MqttVersion; speaks: '5' | '3.1.1' }[] = [
  { name: 'Mosquitto', start: () => Mosquitto.start(), version: 'auto', speaks: '5' },
  { name: 'Mosquitto', start: () => Mosquitto.start(), version: '3.1.1', speaks: '3.1.1' },
  { name: 'Aedes', start: () => startAedes(), version: 'auto', speaks: '3.1.1' },
  { name: 'Aedes', start: () => startAedes(), version: '3.1.1', speaks: '3.1.1' },
  { name: 'NATS', start: () => startNats(), version: 'auto', speaks: '3.1.1' },
  { name: 'NATS', start: () => startNats(), version: '3.1.1', speaks: '3.1.1' },
  // It closes on an MQTT 5 CONNECT without a word: `auto` must hear that as a refusal. One row: its start takes long.
  { name: 'RabbitMQ', start: () => startRabbitMq(), version: 'auto', speaks: '3.1.1' },
];

describe('mqtt source against real brokers', () => {
  it.each(BROKERS)('$name, version $version: QoS 1 orders sent while stopped arrive exactly once, over MQTT $speaks', async ({ start, version, speaks }) => {
    const broker = await start();
    const first = source(broker, { protocolVersion: version });
    const harness = await runSources([first]);
    await harness.waitForState('online');
    expect(first.protocolVersion).toBe(speaks);
    await publish(broker, ['{"id":"Q-1","title":"Pad thai"}']);
    await harness.ordersCount(1);
    await stopHarness(harness);

    await publish(broker, ['{"id":"Q-2"}', '{"id":"Q-3"}', '{"id":"Q-2"}', '{"order_id":"Q-4"}']);
    const again = await runSources([source(broker, { protocolVersion: version })], harness.dataDir);
    await again.ordersCount(3);
    await publish(broker, ['{"id":"Q-5"}']);
    await again.ordersCount(4);
    // The broker delivered Q-2 twice (it was published twice): the journal rang it once.
    await waitFor(() => again.statuses.at(-1)?.state === 'online');
    expect(ids(again)).toEqual(['Q-2', 'Q-3', 'Q-4', 'Q-5']);
  }, 150_000); // RabbitMQ: its Erlang runtime starts in 25 s or more on a loaded machine

  it.each(BROKERS.filter(({ version }) => version === '3.1.1'))('$name over MQTT 3.1.1: an order not yet stored is not acked, so the next start gets it again', async ({ start }) => {
    const broker = await start();
    const crashing = source(broker, { protocolVersion: '3.1.1' });
    const received: unknown[] = [];
    crashing.on('message', ({ payload }) => received.push(payload)); // never settled: the journal did not get it
    crashing.on('status', (status) => status.state === 'online' && void publish(broker, ['{"id":"U-1"}']));
    crashing.start();
    await waitFor(() => received.length === 1, 5000, 'the message');
    await crashing.stop();

    const harness = await runSources([source(broker, { protocolVersion: '3.1.1' })]);
    await harness.ordersCount(1);
    expect(ids(harness)).toEqual(['U-1']);
  });

  it('auto: a broker that refuses MQTT 5 is asked again in 3.1.1 at once, says so, and the next start begins with 3.1.1', async () => {
    const broker = await startAedes();
    const dataDir = await tempDir();
    const first = await runSources([source(broker, { positions: await SourcePositions.open(`${dataDir}/positions.json`) })], dataDir);
    await first.waitForState('online');
    const before = first.statuses.filter((status) => status.state !== 'online');
    expect(before.map((status) => status.lastError).filter(Boolean)).toContain('the broker refused MQTT 5 (Unacceptable protocol version); trying MQTT 3.1.1');
    expect(before.some((status) => status.state === 'offline')).toBe(false); // no backoff wait for the fallback
    await stopHarness(first);

    const positions = await SourcePositions.open(`${dataDir}/positions.json`);
    expect(positions.get(`mqtt-version ${broker.url}`)).toEqual({ version: '3.1.1' });
    const remembered = source(broker, { positions });
    const second = await runSources([remembered], first.dataDir);
    await second.waitForState('online');
    expect(second.statuses.every((status) => status.lastError === undefined)).toBe(true);
    expect(remembered.protocolVersion).toBe('3.1.1');
  });

  it('auto: a broker that closes on an MQTT 5 CONNECT without answering (as RabbitMQ before 3.13 does) is asked in 3.1.1', async () => {
    const broker = await startAedes({ preConnect: (_client, packet, callback) => callback(packet.protocolVersion === 5 ? new Error('MQTT 5 is not enabled') : null, true) });
    const mqttSource = source(broker);
    const harness = await runSources([mqttSource]);
    await harness.waitForState('online');
    expect(mqttSource.protocolVersion).toBe('3.1.1');
    expect(harness.warnings).toEqual(['the broker refused MQTT 5 (it closed the connection without answering); trying MQTT 3.1.1']);
    await publish(broker, ['{"id":"R-1"}']);
    await harness.ordersCount(1);
  });

  it('a subscription granted at QoS 0 only is online, with a warning that the broker keeps nothing while away', async () => {
    const broker = await Mosquitto.start({ maxQos: 0 });
    const harness = await runSources([source(broker)]);
    await harness.waitForState('online');
    expect(harness.warnings).toContain(`the broker granted "${TOPIC}" at QoS 0 only: orders sent while OrderBell is away are not kept`);
  });

  it('MQTT 5 asked of a 3.1.1-only broker (NATS): says the broker does not accept it and what to set, and never goes online', async () => {
    const broker = await startNats();
    const harness = await runSources([source(broker, { protocolVersion: '5' })]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline').length >= 2, 10_000, 'two refusals');
    expect(harness.lastOffline()?.lastError).toBe('the broker does not accept MQTT 5 (Unacceptable protocol version): set the MQTT version to 3.1.1 or auto');
    expect(harness.statuses.some((status) => status.state === 'online')).toBe(false);
  });

  it('a refused subscription is not online, and the backoff keeps growing across the connects it accepts', async () => {
    const broker = await startAedes({ authorizeSubscribe: (_client, _subscription, callback) => callback(null, null) });
    const delays: number[] = [];
    const refused = source(broker, { protocolVersion: '3.1.1', backoff: { ...fast, random: () => 1 } });
    refused.on('status', (status) => status.nextRetryAt && delays.push(status.nextRetryAt - Date.now()));
    const harness = await runSources([refused]);
    await waitFor(() => delays.length >= 5, 10_000, 'five redials');
    expect(harness.statuses.some((status) => status.state === 'online')).toBe(false);
    expect(harness.lastOffline()?.lastError).toBe(`the broker refused the subscription to "${TOPIC}": Unspecified error`);
    // 50, 100, 200, 300, 300 ms: a connect the broker accepted did not start the backoff over.
    expect(delays.slice(0, 5).map((delay) => Math.round(delay / 50) * 50)).toEqual([50, 100, 200, 300, 300]);
  });

  it.each([
    { name: 'Mosquitto', start: () => Mosquitto.start() },
    { name: 'Aedes', start: () => startAedes() },
    { name: 'NATS', start: () => startNats() },
  ])('mqtts:// to $name\'s plain port: the server does not speak TLS on this port', async ({ start }) => {
    const broker = await start();
    const harness = await runSources([source({ url: broker.url.replace('mqtt:', 'mqtts:') })]);
    await waitFor(() => harness.lastOffline() !== undefined, 10_000, 'offline');
    expect(harness.lastOffline()?.lastError).toBe('the server does not speak TLS on this port (a plain ws://, http:// or mqtt:// port?)');
  });
});
