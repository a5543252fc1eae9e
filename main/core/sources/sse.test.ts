/**
 * The sse source against an event-stream double (test/sse-server.ts) that follows the SSE
 * format and Mercure's Last-Event-ID resume. Not proven here: a real Mercure hub (its JWT
 * subscriber auth, its history size), and HTTP/2 or proxies that buffer the stream.
 */
import { createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defer, listenOnLoopback, sleep, tempDir, waitFor } from '../../../test/helpers';
import { runSources, stopHarness } from '../../../test/source-harness';
import { SseServer } from '../../../test/sse-server';
import { MAX_MESSAGE_BYTES } from '../link/protocol';
import { NOT_TLS } from '../link/tls-failure';
import { SourcePositions } from './positions';
import { SseSource } from './sse';

const backoff = { initialMs: 50, maxMs: 200 };
const ids = (harness: { orders: { stored: { order: { id: string } } }[] }) => harness.orders.map(({ stored }) => stored.order.id);

describe('sse source', () => {
  it('resumes with the last stored event id after the server restarts and after OrderBell restarts', async () => {
    const server = await SseServer.start();
    const dataDir = await tempDir();
    const positions = await SourcePositions.open(join(dataDir, 'positions.json'));
    const first = await runSources([new SseSource({ label: 'Mercure', url: server.url, positions, backoff })], dataDir);
    await first.waitForState('online');
    server.publish('{"id":"E-1"}');
    await first.ordersCount(1);

    await server.close();
    server.publish('{"id":"E-2"}'); // kept in the history while the server is down
    await server.restart();
    await first.ordersCount(2);
    expect(server.resumes.at(-1)).toBe('1');
    await stopHarness(first);

    server.publish('{"id":"E-3"}');
    server.publish('{"id":"E-4"}');
    const reopened = await SourcePositions.open(join(dataDir, 'positions.json'));
    const second = await runSources([new SseSource({ label: 'Mercure', url: server.url, positions: reopened, backoff })], dataDir);
    await second.ordersCount(2);
    expect(server.resumes.at(-1)).toBe('2');
    expect(ids(first)).toEqual(['E-1', 'E-2']);
    expect(ids(second)).toEqual(['E-3', 'E-4']);
    expect(second.orders[0]!.stored.order.source).toBe('Mercure');
  });

  it('resumes from the first order when the server drops the stream while that order is still being written, and misses none sent meanwhile', async () => {
    const server = await SseServer.start();
    const harness = await runSources([new SseSource({ label: 'Mercure', url: server.url, backoff })]);
    await harness.waitForState('online');
    // A disk slow to sync: the order is written and shown, its fdatasync not yet done, when the server goes away.
    let synced!: () => void;
    const slowSync = new Promise<void>((resolve) => (synced = resolve));
    const append = harness.journal.append.bind(harness.journal);
    harness.journal.append = async (...args) => {
      const result = await append(...args);
      await slowSync;
      return result;
    };
    server.publish('{"id":"E-1"}');
    await harness.ordersCount(1);
    await server.close();
    server.publish('{"id":"E-2"}');
    await server.restart();
    await sleep(500); // room for a few redials: the backoff is 200 ms at most
    synced();
    await harness.ordersCount(2);
    expect(ids(harness)).toEqual(['E-1', 'E-2']);
    // Never resumed without an id (the server would have started from now, after E-2).
    expect(server.resumes).toEqual(['', '1']);
  });

  it('sends its headers, takes only the configured event types, drops duplicates, garbage and oversized data', async () => {
    const server = await SseServer.start(['Authorization', 'Bearer sub-jwt']);
    const harness = await runSources([new SseSource({ label: 's', url: server.url, headers: { Authorization: 'Bearer sub-jwt' }, events: ['order'], backoff })]);
    await harness.waitForState('online');
    server.publish('{"id":"S-1"}', 'a', 'order');
    server.publish('{"id":"S-1"}', 'b', 'order');
    server.publish('{"id":"IGNORED"}', 'c', 'ping');
    server.publish('z'.repeat(MAX_MESSAGE_BYTES + 1), 'd', 'order');
    server.writeRaw('garbage without a blank line\nretry: nope\n\n');
    server.publish('{"id":"S-2"}', 'e', 'order');
    await waitFor(() => harness.announced('S-2'), 5000, 'S-2');
    expect(ids(harness)).toEqual(['S-1', 'S-2']);
    expect(harness.warnings).toEqual([`ignored a message of ${MAX_MESSAGE_BYTES + 1} bytes: the limit is ${MAX_MESSAGE_BYTES}`]);
  });

  it('says the server refused the credentials and retries with backoff', async () => {
    const server = await SseServer.start(['Authorization', 'Bearer right']);
    const harness = await runSources([new SseSource({ label: 's', url: server.url, headers: { Authorization: 'Bearer wrong' }, backoff })]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline').length >= 2, 5000, 'two refusals');
    expect(harness.lastOffline()?.lastError).toBe('the server refused the credentials (HTTP 401)');
    expect(server.connections).toBe(0);
  });

  it('names a wrong address once: the server answered HTTP 404', async () => {
    const server = await SseServer.start();
    const harness = await runSources([new SseSource({ label: 's', url: server.url.replace('/.well-known/mercure', '/nowhere'), backoff })]);
    await waitFor(() => harness.lastOffline() !== undefined, 5000, 'the refusal');
    expect(harness.lastOffline()?.lastError).toBe('the server answered HTTP 404 (no event stream at this address)');
  });

  it('https:// to a plain port that never answers the TLS hello: the server does not speak TLS on this port', async () => {
    const sockets: Socket[] = [];
    const port = await listenOnLoopback(createTcpServer((socket) => sockets.push(socket)));
    defer(() => sockets.forEach((socket) => socket.destroy()));
    const harness = await runSources([new SseSource({ label: 's', url: `https://127.0.0.1:${port}/sub`, backoff })]);
    await waitFor(() => harness.lastOffline() !== undefined, 20_000, 'the failure');
    expect(harness.lastOffline()?.lastError).toBe(NOT_TLS);
  });
});
