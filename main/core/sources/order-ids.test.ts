/**
 * Ids as shops' servers really send them, over real servers and the protocol doubles (MQTT,
 * Socket.IO as web-msg-sender and as an app emitting arrays, text, SSE, Pusher, Centrifugo): a
 * PHP BIGINT order number as a bare
 * JSON number (19 digits), an id one past 2^53, and ids no order can have (over 128 characters,
 * a line break, a fraction). Every one rings: the big numbers with every digit, the others as a
 * text order of their payload, with a warning saying why; none is dropped or acked unstored.
 *
 * Pusher and Centrifugo run against their doubles (test/pusher-server.ts, centrifugo-server.ts),
 * which send the backend's JSON text as it was published. They cannot prove what a real server
 * does with it on the way: one that parses a publication and encodes it again with JavaScript
 * numbers (a Node server such as Soketi, if it re-encodes) has lost the digits before OrderBell
 * sees the frame, and nothing on this side can bring them back.
 */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers';
import { Mosquitto } from '../../../test/mosquitto';
import { runSources, type Harness } from '../../../test/source-harness';
import { LegacyTextServer } from '../../../test/legacy-text-server';
import { SseServer } from '../../../test/sse-server';
import { CentrifugoServer } from '../../../test/centrifugo-server';
import { PusherServer } from '../../../test/pusher-server';
import { startWebMsgSender } from '../../../test/web-msg-sender';
import { SseSource } from './sse';
import { TextSource } from './text';
import type { Source } from './source';
import { MqttSource } from './mqtt';
import { SocketIoSource } from './socketio';
import { PusherSource } from './pusher';
import { CentrifugoSource } from './centrifugo';

const LONG_ID = `L-${'9'.repeat(140)}`;
const PAYLOADS: { payload: string; id: string | RegExp; warning?: string }[] = [
  { payload: '{"order_sn":2024120512345678901,"title":"Table 4","total":58}', id: '2024120512345678901' },
  { payload: '{"id":9007199254740993,"title":"One past 2^53"}', id: '9007199254740993' },
  { payload: `{"id":"${LONG_ID}","title":"Long"}`, id: /^text-/, warning: 'id: must be at most 128 characters, got 142' },
  { payload: '{"id":"N-1\\nN-2","title":"Two lines"}', id: /^text-/, warning: 'id: must not contain control, line-break or bidi-control characters' },
  { payload: '{"id":12.5,"title":"Float"}', id: /^text-/, warning: 'id: must be a whole number or a string, got 12.5' },
];

interface Kind {
  name: string;
  /** Starts a real server and a source of this kind on it; returns how to publish one payload. */
  connect(): Promise<{ source: Source; ready: (harness: Harness) => Promise<void>; publish: (payload: string) => Promise<void> }>;
}

const KINDS: Kind[] = [
  {
    name: 'mqtt (Mosquitto)',
    async connect() {
      const broker = await Mosquitto.start();
      return {
        source: new MqttSource({ label: 'broker', url: broker.url, topic: 'shop/orders', clientId: 'till' }),
        ready: (harness) => harness.waitForState('online'),
        async publish(payload) {
          const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
          await client.publishAsync('shop/orders', payload, { qos: 1 });
          await client.endAsync();
        },
      };
    },
  },
  {
    name: 'socketio (web-msg-sender)',
    async connect() {
      const server = await startWebMsgSender();
      return {
        source: new SocketIoSource({ label: 'web', url: server.url, uid: 'shop-1' }),
        ready: () => waitFor(() => server.online().includes('shop-1'), 5000, 'login'),
        publish: async (payload) => void expect(await server.publish(payload, 'shop-1')).toBe('ok'),
      };
    },
  },
  {
    name: 'socketio (an app emitting arrays)',
    async connect() {
      const server = await startWebMsgSender();
      return {
        source: new SocketIoSource({ label: 'app', url: server.url, uid: 'shop-1', events: ['new_order'] }),
        ready: () => waitFor(() => server.online().includes('shop-1'), 5000, 'login'),
        publish: async (payload) => server.emitJson(payload, 'shop-1', 'new_order'),
      };
    },
  },
  {
    name: 'text (a legacy PHP WebSocket server)',
    async connect() {
      const legacy = await LegacyTextServer.start();
      return {
        source: new TextSource({ label: 'legacy', url: legacy.url }),
        ready: () => waitFor(() => legacy.connections === 1, 5000, 'a connection'),
        publish: async (payload) => legacy.send(payload),
      };
    },
  },
  {
    name: 'sse',
    async connect() {
      const sse = await SseServer.start();
      return {
        source: new SseSource({ label: 'sse', url: sse.url }),
        ready: () => waitFor(() => sse.connections === 1, 5000, 'a stream'),
        publish: async (payload) => sse.publish(payload),
      };
    },
  },
  ...[false, true].map((inline) => ({
    name: `pusher (data ${inline ? 'inline in the frame' : 'a JSON string, as Pusher servers send it'})`,
    async connect() {
      const server = await PusherServer.start();
      return {
        source: new PusherSource({ label: 'pusher', url: server.url, key: server.key, channel: 'orders' }),
        ready: (harness: Harness) => harness.waitForState('online'),
        publish: async (payload: string) => server.triggerJson('orders', 'OrderPlaced', payload, inline),
      };
    },
  })),
  {
    name: 'centrifugo',
    async connect() {
      const server = await CentrifugoServer.start();
      return {
        source: new CentrifugoSource({ label: 'centrifugo', url: server.url, channel: 'shop:1' }),
        ready: (harness) => harness.waitForState('online'),
        publish: async (payload) => server.publishJson('shop:1', payload),
      };
    },
  },
];

describe('order ids from real servers', () => {
  it.each(KINDS)('$name: every payload rings, big numbers with every digit, unusable ids as text', async ({ connect }) => {
    const { source, ready, publish } = await connect();
    const harness = await runSources([source]);
    await ready(harness);
    for (const { payload } of PAYLOADS) await publish(payload);
    await harness.ordersCount(PAYLOADS.length);

    const orders = harness.orders.map(({ stored }) => stored.order);
    PAYLOADS.forEach(({ id }, index) => expect(orders[index]!.id).toMatch(typeof id === 'string' ? new RegExp(`^${id}$`) : id));
    expect(orders[0]).toMatchObject({ title: 'Table 4', total: 58 });
    for (const [index, { payload, warning }] of PAYLOADS.entries()) {
      if (!warning) continue;
      expect(orders[index]!.text).toBe(JSON.stringify(JSON.parse(payload)));
      expect(harness.warnings).toContain(`order ${orders[index]!.id} shown as text: ${warning}`);
    }
    expect(harness.warnings.filter((warning) => warning.startsWith('ignored'))).toEqual([]);
  });
});
