/**
 * A client library's exception ends that source's connection, never the process: each kind runs
 * as `orderbell listen`, a real child process. A hook (test/throw-in-client.mjs) makes the socket
 * callback that receives one order throw, as a library choking on what a server sent would; the
 * status names it, and the source redials and takes the next order. And the real case of issue
 * #22: centrifuge-js meeting a server of an older protocol rejects a promise no one handles.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CentrifugoServer } from '../../../test/centrifugo-server';
import { runCli } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { LegacyTextServer } from '../../../test/legacy-text-server';
import { Mosquitto } from '../../../test/mosquitto';
import { PusherServer } from '../../../test/pusher-server';
import { SseServer } from '../../../test/sse-server';
import { natsBackend, redisBackend } from '../../../test/stream-backends';
import { startWebMsgSender } from '../../../test/web-msg-sender';
import mqtt from 'mqtt';

const HOOK = ['--import', join(import.meta.dirname, '..', '..', '..', 'test', 'throw-in-client.mjs')];
const order = (id: string) => JSON.stringify({ id, title: 'Table 4' });

interface Row {
  kind: string;
  start(): Promise<{ args: string[]; push: (id: string) => Promise<unknown>; ready?: () => boolean }>;
}

const rows: Row[] = [
  {
    kind: 'text',
    async start() {
      const legacy = await LegacyTextServer.start();
      return { args: ['--source', 'text', '--url', legacy.url], push: async (id) => legacy.send(order(id)), ready: () => legacy.connections > 0 };
    },
  },
  {
    kind: 'socketio',
    async start() {
      const server = await startWebMsgSender();
      return { args: ['--source', 'socketio', '--url', server.url, '--uid', 'u1'], push: (id) => server.publish(order(id), 'u1'), ready: () => server.online().includes('u1') };
    },
  },
  {
    kind: 'pusher',
    async start() {
      const server = await PusherServer.start();
      return { args: ['--source', 'pusher', '--url', server.url, '--key', server.key, '--channel', 'orders'], push: async (id) => server.trigger('orders', 'OrderPlaced', { id }), ready: () => server.subscribers > 0 };
    },
  },
  {
    kind: 'centrifugo',
    async start() {
      const server = await CentrifugoServer.start();
      defer(() => server.close());
      return { args: ['--source', 'centrifugo', '--url', server.url, '--channel', 'shop:1'], push: async (id) => server.publish('shop:1', { id }), ready: () => server.subscribes.length > 0 };
    },
  },
  {
    kind: 'mqtt',
    async start() {
      const broker = await Mosquitto.start();
      const publisher = await mqtt.connectAsync(broker.url);
      defer(() => publisher.endAsync());
      return { args: ['--source', 'mqtt', '--url', broker.url, '--topic', 'shop/1/orders', '--client-id', 'contained'], push: (id) => publisher.publishAsync('shop/1/orders', order(id), { qos: 1 }) };
    },
  },
  {
    kind: 'nats',
    async start() {
      const backend = await natsBackend();
      return { args: ['--source', 'nats', '--url', backend.url, '--stream', 'ORDERS', '--subject', 'orders.shop-1', '--durable', 'shop-1'], push: (id) => backend.publish(id, order(id)) };
    },
  },
  {
    kind: 'redis',
    async start() {
      const backend = await redisBackend();
      return { args: ['--source', 'redis', '--url', backend.url, '--stream', 'orders:shop-1', '--group', 'shop-1', '--consumer', 'till'], push: (id) => backend.publish(id, order(id)) };
    },
  },
  {
    kind: 'sse',
    async start() {
      const server = await SseServer.start();
      return { args: ['--source', 'sse', '--url', server.url], push: async (id) => server.publish(order(id)), ready: () => server.connections > 0 };
    },
  },
];

describe('a client library that throws', () => {
  it.each(rows)('$kind: ends the connection with a clear status, not the process, and the source redials', async (row) => {
    const { args, push, ready = () => true } = await row.start();
    const listen = runCli(['listen', ...args, '--data', await tempDir()], { node: HOOK, env: { ORDERBELL_THROW_ON: 'THROW-HERE' } });
    await listen.waitForStderr(/^online/m);
    await waitFor(ready, 10_000, 'the server to take orders');
    await push('BEFORE');
    await listen.waitForStdout(/"BEFORE"/);
    await push('THROW-HERE');
    await listen.waitForStderr(/the client library failed on what the server sent \(TypeError: injected: a client library failed on THROW-HERE\)/, 15_000);
    await listen.waitForStderr(/online[\s\S]*failed on what the server sent[\s\S]*\nonline/, 15_000);
    await waitFor(ready, 10_000, 'the server to take orders again');
    await push('AFTER');
    await listen.waitForStdout(/"AFTER"/, 15_000);
    expect(listen.child.exitCode).toBeNull();
    listen.child.kill('SIGINT');
    expect((await listen.exited).code).toBe(0);
  });

  it('centrifugo: a server of an older protocol is named, the process lives on, and the source connects once the server speaks its protocol', async () => {
    const server = await CentrifugoServer.start();
    defer(() => server.close());
    server.oldProtocol = true;
    const listen = runCli(['listen', '--source', 'centrifugo', '--url', server.url, '--channel', 'shop:1', '--data', await tempDir()]);
    await listen.waitForStderr(/the server may speak a protocol version this client does not[\s\S]*the server may speak a protocol version this client does not/, 20_000);
    expect(listen.child.exitCode).toBeNull();
    server.oldProtocol = false;
    await listen.waitForStderr(/^online/m, 20_000);
    server.publish('shop:1', { id: 'C-1' });
    await listen.waitForStdout(/"C-1"/);
    listen.child.kill('SIGINT');
    expect((await listen.exited).code).toBe(0);
  });

  it('an exception no source owns still ends the process, printed, with code 1', async () => {
    const legacy = await LegacyTextServer.start();
    const listen = runCli(['listen', '--source', 'text', '--url', legacy.url, '--data', await tempDir()], { node: HOOK, env: { ORDERBELL_THROW_UNOWNED_MS: '1500' } });
    await listen.waitForStderr(/^online/m);
    expect(await listen.exited).toEqual({ code: 1, signal: null });
    expect(listen.stderr()).toMatch(/Uncaught exception: Error: injected: nobody owns this/);
  });

  it('two sources in one process: one library\'s exception ends only its own connection, the other takes orders meanwhile', async () => {
    const legacy = await LegacyTextServer.start();
    const sse = await SseServer.start();
    const out = await tempDir();
    await build({ entryPoints: [join(import.meta.dirname, '..', '..', '..', 'test', 'two-sources.ts')], outfile: join(out, 'two-sources.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['bufferutil', 'utf-8-validate'], logLevel: 'error', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
    const child = spawn(process.execPath, [...HOOK, join(out, 'two-sources.mjs')], { env: { ...process.env, DATA: out, TEXT_URL: legacy.url, SSE_URL: sse.url, ORDERBELL_THROW_ON: 'THROW-HERE' }, stdio: ['ignore', 'pipe', 'pipe'] });
    defer(() => child.exitCode === null && child.kill('SIGKILL'));
    const lines: Record<string, unknown>[] = [];
    child.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean).map((text) => JSON.parse(text) as Record<string, unknown>)));
    const online = (source: string) => lines.filter((entry) => entry.source === source && entry.state === 'online').length;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(() => online('text') === 1 && online('sse') === 1, 10_000, 'both online').catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(lines)} ${stderr}`);
    });

    legacy.send(order('THROW-HERE'));
    await waitFor(() => lines.some((entry) => entry.source === 'text' && /the client library failed on what the server sent/.test(String(entry.lastError))), 10_000, 'the text source down, saying why');
    sse.publish(order('SSE-1'));
    await waitFor(() => lines.some((entry) => entry.order === 'SSE-1'), 10_000, 'the sse order while the text source redials');
    await waitFor(() => online('text') === 2, 10_000, 'the text source back');
    legacy.send(order('TEXT-1'));
    await waitFor(() => lines.some((entry) => entry.order === 'TEXT-1'), 10_000, 'the next text order');
    expect(child.exitCode).toBeNull();
    expect(online('sse')).toBe(1);
  });
});
