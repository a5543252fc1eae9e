/**
 * Every kind against its server (real where one runs here: the hub, socket.io@2 as web-msg-sender,
 * Mosquitto, nats-server, redis-server; the protocol doubles for the legacy text server, Pusher, Centrifugo and SSE) through a
 * fault proxy that blackholes the link: bytes vanish and nobody is told, as when the Wi-Fi drops.
 * With default liveness settings each kind says offline within 30 s (sse: its idle limit, 45 s,
 * plus 5), and once the link is back every order pushed during and after the silence arrives
 * exactly once where the server keeps them, or the status says orders sent meanwhile are lost.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { CentrifugoServer } from '../../../test/centrifugo-server';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { startHub } from '../../../test/hub-harness';
import { LegacyTextServer } from '../../../test/legacy-text-server';
import { Mosquitto } from '../../../test/mosquitto';
import { FaultProxy } from '../../../test/proxy';
import { PusherServer } from '../../../test/pusher-server';
import { runSources } from '../../../test/source-harness';
import { SseServer } from '../../../test/sse-server';
import { natsBackend, redisBackend } from '../../../test/stream-backends';
import { startWebMsgSender } from '../../../test/web-msg-sender';
import { Journal } from '../journal/journal';
import { CentrifugoSource } from './centrifugo';
import { MqttSource } from './mqtt';
import { NatsSource } from './nats';
import { OrderbellSource } from './orderbell';
import { PusherSource } from './pusher';
import { RedisStreamSource } from './redis-streams';
import { SocketIoSource } from './socketio';
import type { Source } from './source';
import { SseSource } from './sse';
import { TextSource } from './text';

/** Only how soon a dead dial is retried: the liveness settings stay at their defaults. */
const backoff = { initialMs: 200, maxMs: 1000 };

interface Row {
  kind: string;
  /** How long the silence may last before the source must say offline, ms. */
  noticeWithinMs: number;
  /** Whether the server keeps what was pushed while the link was dead. */
  keeps: boolean;
  start(): Promise<{
    port: number;
    source: (port: number) => Source;
    push: (id: string) => Promise<unknown>;
    /** Whether the server can deliver to the source's `connection`th connection yet (web-msg-sender: once it logged in on it). */
    ready?: (connection: number) => boolean;
  }>;
}

const order = (id: string) => JSON.stringify({ id, title: 'Table 4' });

const rows: Row[] = [
  {
    kind: 'orderbell',
    noticeWithinMs: 30_000,
    keeps: true,
    async start() {
      const hub = await startHub();
      const dir = await tempDir();
      const journal = await Journal.open(join(dir, 'device.log'));
      defer(() => journal.close());
      return {
        port: hub.info.port,
        source: (port) => new OrderbellSource({ label: 'hub', url: `ws://127.0.0.1:${port}/ws`, token: hub.info.token, journal, connection: { backoff } }),
        push: (id) => hub.post({ id, title: 'Table 4' }),
      };
    },
  },
  {
    kind: 'text',
    noticeWithinMs: 30_000,
    keeps: false,
    async start() {
      const legacy = await LegacyTextServer.start();
      return {
        port: Number(new URL(legacy.url).port),
        source: (port) => new TextSource({ label: 'text', url: `ws://127.0.0.1:${port}/`, connection: { backoff } }),
        push: async (id) => legacy.send(order(id)),
      };
    },
  },
  {
    kind: 'socketio',
    noticeWithinMs: 30_000,
    keeps: false,
    async start() {
      const server = await startWebMsgSender();
      return {
        port: server.ioPort,
        source: (port) => new SocketIoSource({ label: 'web', url: `http://127.0.0.1:${port}`, uid: 'shop-1', backoff }),
        push: (id) => server.publish(order(id), 'shop-1'),
        // A link that has lived a while is a WebSocket: Engine.IO upgrades from polling first.
        ready: (connection) => server.logins.length >= connection && server.upgraded() >= connection,
      };
    },
  },
  {
    // Cut while Engine.IO still long-polls (before its upgrade to a WebSocket, or never, behind a
    // proxy that strips upgrades), with the server's ping settings short: Engine.IO's own ping
    // timeout, or a poll that fails once the server gave up, ends the silence, and is named so.
    kind: 'socketio before the upgrade',
    noticeWithinMs: 30_000,
    keeps: false,
    async start() {
      const server = await startWebMsgSender({ pollingOnly: true, ping: { intervalMs: 8000, timeoutMs: 4000 } });
      return {
        port: server.ioPort,
        source: (port) => new SocketIoSource({ label: 'web', url: `http://127.0.0.1:${port}`, uid: 'shop-1', backoff }),
        push: (id) => server.publish(order(id), 'shop-1'),
        ready: (connection) => server.logins.length >= connection,
      };
    },
  },
  {
    kind: 'pusher',
    noticeWithinMs: 30_000,
    keeps: false,
    async start() {
      const server = await PusherServer.start();
      return {
        port: server.port,
        source: (port) => new PusherSource({ label: 'pusher', url: `ws://127.0.0.1:${port}`, key: server.key, channel: 'orders', backoff }),
        push: async (id) => server.trigger('orders', 'OrderPlaced', { id, title: 'Table 4' }),
      };
    },
  },
  {
    kind: 'centrifugo',
    noticeWithinMs: 30_000,
    keeps: true,
    async start() {
      const server = await CentrifugoServer.start();
      defer(() => server.close());
      return {
        port: server.port,
        source: (port) => new CentrifugoSource({ label: 'centrifugo', url: `ws://127.0.0.1:${port}/connection/websocket`, channel: 'shop:1', backoff }),
        push: async (id) => server.publish('shop:1', { id, title: 'Table 4' }),
      };
    },
  },
  {
    kind: 'mqtt',
    noticeWithinMs: 30_000,
    keeps: true,
    async start() {
      const broker = await Mosquitto.start();
      const publisher = await mqtt.connectAsync(broker.url);
      defer(() => publisher.endAsync());
      return {
        port: broker.port,
        source: (port) => new MqttSource({ label: 'mqtt', url: `mqtt://127.0.0.1:${port}`, topic: 'shop/1/orders', clientId: 'liveness-till', backoff }),
        push: (id) => publisher.publishAsync('shop/1/orders', order(id), { qos: 1 }),
      };
    },
  },
  {
    kind: 'nats',
    noticeWithinMs: 30_000,
    keeps: true,
    async start() {
      const backend = await natsBackend();
      return {
        port: backend.port,
        source: (port) => new NatsSource({ label: 'nats', url: `nats://127.0.0.1:${port}`, stream: 'ORDERS', subject: 'orders.shop-1', durable: 'shop-1', backoff }),
        push: (id) => backend.publish(id, order(id)),
      };
    },
  },
  {
    kind: 'redis',
    noticeWithinMs: 30_000,
    keeps: true,
    async start() {
      const backend = await redisBackend();
      return {
        port: backend.port,
        source: (port) => new RedisStreamSource({ label: 'redis', url: `redis://127.0.0.1:${port}`, stream: 'orders:shop-1', group: 'shop-1', consumer: 'till', backoff }),
        push: (id) => backend.publish(id, order(id)),
      };
    },
  },
  {
    kind: 'sse',
    noticeWithinMs: 50_000,
    keeps: true,
    async start() {
      const server = await SseServer.start();
      return {
        port: server.port,
        source: (port) => new SseSource({ label: 'sse', url: server.url.replace(`:${server.port}/`, `:${port}/`), backoff }),
        push: async (id) => server.publish(order(id)),
      };
    },
  },
];

describe('every kind notices a blackholed link', () => {
  it.each(rows)('$kind: offline within its limit, and after the link returns the orders arrive once or are named lost', async (row) => {
    const { port, source, push, ready = () => true } = await row.start();
    const proxy = await FaultProxy.start(port);
    const harness = await runSources([source(proxy.port)]);
    await harness.waitForState('online');
    await waitFor(() => ready(1), 5000, 'the server to take orders for the source');
    await push('BEFORE');
    await harness.ordersCount(1);

    proxy.mode = 'blackhole';
    const silentAt = Date.now();
    const before = harness.statuses.length;
    await push('DURING');
    const offline = () => harness.statuses.slice(before).find((status) => status.state === 'offline');
    await waitFor(() => offline() !== undefined, row.noticeWithinMs, `${row.kind} to say offline`);
    const noticedMs = Date.now() - silentAt;
    expect(offline()?.lastError).toMatch(/no answer from the server for \d+\.\d s|Keepalive timeout/);

    proxy.mode = 'pass';
    await harness.waitForState('online', 15_000);
    await waitFor(() => ready(2), 10_000, 'the server to take orders for the source again');
    await push('AFTER');
    await waitFor(() => harness.announced('AFTER'), 10_000, 'the order pushed after the link returned');
    if (row.keeps) await waitFor(() => harness.announced('DURING'), 10_000, 'the order pushed during the silence');
    else expect(harness.statuses.filter((status) => status.state === 'offline').every((status) => status.recoverable === false)).toBe(true);

    const ids = harness.orders.map(({ stored }) => stored.order.id);
    expect(ids.filter((id) => id !== 'DURING')).toEqual(['BEFORE', 'AFTER']);
    expect(ids.filter((id) => id === 'DURING').length).toBe(row.keeps ? 1 : ids.includes('DURING') ? 1 : 0);
    console.log(`${row.kind}: noticed a blackholed link after ${(noticedMs / 1000).toFixed(1)} s`);
  }, 80_000);
});

describe('every kind keeps the first cause while it redials, and says when the next try is', () => {
  it.each(rows.filter(({ kind }) => kind !== 'socketio before the upgrade'))('$kind: the server gone, each failed try names the first cause and its next try', async (row) => {
    const { port, source } = await row.start();
    const proxy = await FaultProxy.start(port);
    const harness = await runSources([source(proxy.port)]);
    await harness.waitForState('online');
    const before = harness.statuses.length;
    const goneAt = Date.now();
    // The link drops, and every redial is refused: the proxy no longer listens.
    await proxy.stop();
    const offline = () => harness.statuses.slice(before).filter((status) => status.state === 'offline');
    // pusher-js gives up on a server only after its own 10 s: two tries take it 20 s.
    await waitFor(() => offline().length >= 2, 45_000, `${row.kind}: two failed tries`);
    const first = offline()[0]!.lastError;
    expect(first).toBeTruthy();
    const afterFirst = harness.statuses.slice(harness.statuses.indexOf(offline()[0]!));
    for (const status of afterFirst) expect(status.lastError?.startsWith(first!), `${status.state}: ${status.lastError}`).toBe(true);
    for (const status of offline()) expect(status.nextRetryAt).toBeGreaterThan(goneAt);
    console.log(`${row.kind}: ${[...new Set(afterFirst.map((status) => status.lastError))].join(' | ')}`);
  }, 80_000);
});
