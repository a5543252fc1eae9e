/**
 * How long each kind of source takes to say offline once its link is blackholed (bytes vanish
 * both ways, nobody is told: test/fault-proxy.ts), with default liveness settings. Servers that
 * run here without a test framework: the hub, a ws text server, socket.io@2, Mosquitto, and nginx
 * with Nchan. All kinds run at once; one measurement each, as the silence is the time itself.
 * `BENCH_ONLY=liveness npm run bench` runs this part alone.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import mqtt from 'mqtt';
import socketIo from 'socket.io';
import { WebSocketServer } from 'ws';
import { Hub } from '../main/core/hub/hub';
import { Journal } from '../main/core/journal/journal';
import { MqttSource } from '../main/core/sources/mqtt';
import { OrderbellSource } from '../main/core/sources/orderbell';
import { SocketIoSource } from '../main/core/sources/socketio';
import type { Source } from '../main/core/sources/source';
import { IDLE_S, SseSource } from '../main/core/sources/sse';
import { TextSource } from '../main/core/sources/text';
import { FaultProxy } from '../test/fault-proxy';
import { MosquittoProcess } from '../test/mosquitto-process';
import { NchanProcess } from '../test/nchan-process';
import { sized } from './mode';
import { tempData } from './processes';
import { f, type Row } from './report';

/** sse's idle limit: its default in a full run; a quick run shortens it, the one wait it cannot skip (Nchan pings every 5 s). */
const SSE_IDLE_S = sized(IDLE_S, 15);
/** The limit: 30 s for every kind, the idle limit plus 5 s for sse. */
const LIMIT_S: Record<string, number> = { sse: SSE_IDLE_S + 5 };
const DEFAULT_LIMIT_S = 30;

interface Kind {
  name: string;
  /** The server's port, a source dialling `port` instead, and how to stop the server. */
  start(dataDir: string): Promise<{ port: number; source: (port: number) => Source; stop: () => Promise<unknown> }>;
}

const kinds: Kind[] = [
  {
    name: 'orderbell',
    async start(dataDir) {
      const hub = new Hub({ port: 0, token: 'bench-token-0123456789', dataDir: join(dataDir, 'hub'), log: () => {} });
      const info = await hub.start();
      const journal = await Journal.open(join(dataDir, 'device.log'));
      return {
        port: info.port,
        source: (port) => new OrderbellSource({ label: 'hub', url: `ws://127.0.0.1:${port}/ws`, token: info.token, journal }),
        stop: async () => (await journal.close(), await hub.stop()),
      };
    },
  },
  {
    name: 'text',
    async start() {
      const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
      await new Promise((resolve) => server.once('listening', resolve));
      return {
        port: (server.address() as { port: number }).port,
        source: (port) => new TextSource({ label: 'text', url: `ws://127.0.0.1:${port}/` }),
        stop: () => new Promise((resolve) => (server.clients.forEach((client) => client.terminate()), server.close(resolve))),
      };
    },
  },
  {
    name: 'socketio',
    async start() {
      const http = createServer();
      const io = socketIo(http);
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      return {
        port: (http.address() as { port: number }).port,
        source: (port) => new SocketIoSource({ label: 'web', url: `http://127.0.0.1:${port}`, uid: 'shop' }),
        stop: () => new Promise<void>((resolve) => io.close(() => resolve())),
      };
    },
  },
  {
    name: 'mqtt',
    async start(dataDir) {
      const broker = await MosquittoProcess.start(dataDir);
      return {
        port: broker.port,
        source: (port) => new MqttSource({ label: 'mqtt', url: `mqtt://127.0.0.1:${port}`, topic: 'bench/orders', clientId: 'bench-liveness' }),
        stop: () => broker.stop(),
      };
    },
  },
  {
    name: 'sse',
    async start() {
      const nchan = await NchanProcess.start();
      return {
        port: nchan.port,
        source: (port) => new SseSource({ label: 'sse', url: `http://127.0.0.1:${port}/sub`, idleS: SSE_IDLE_S }),
        stop: () => nchan.stop(),
      };
    },
  },
];

/** Seconds from the blackhole to the source's first offline status. */
async function noticeTime(kind: Kind): Promise<number> {
  const dataDir = await tempData(`liveness-${kind.name}`);
  const server = await kind.start(dataDir);
  const proxy = await FaultProxy.listen(server.port);
  const source = server.source(proxy.port);
  try {
    await new Promise<void>((resolve) => {
      source.on('status', (status) => status.state === 'online' && resolve());
      source.start();
    });
    proxy.mode = 'blackhole';
    const silentAt = Date.now();
    await new Promise<void>((resolve) => source.on('status', (status) => status.state === 'offline' && resolve()));
    return (Date.now() - silentAt) / 1000;
  } finally {
    await source.stop();
    await proxy.stop();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function livenessRows(results: Record<string, unknown>): Promise<Row[]> {
  console.error(`liveness: blackholing ${kinds.map((kind) => kind.name).join(', ')} at once (sse takes ${SSE_IDLE_S} s)`);
  const seconds = await Promise.all(kinds.map((kind) => noticeTime(kind)));
  results.liveness = Object.fromEntries(kinds.map((kind, i) => [kind.name, seconds[i]]));
  return kinds.map((kind, i) => {
    const limit = LIMIT_S[kind.name] ?? DEFAULT_LIMIT_S;
    const name = kind.name === 'sse' ? `sse (idle limit ${SSE_IDLE_S} s)` : kind.name;
    return { metric: `${name}: a blackholed link noticed after (s)`, value: f(seconds[i]!, 1), baseline: '', ratio: '', target: `≤ ${limit} s`, met: seconds[i]! <= limit ? 'yes' : 'NO' };
  });
}
