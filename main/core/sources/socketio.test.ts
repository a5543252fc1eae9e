/**
 * The socketio source against a real socket.io@2 server that behaves like web-msg-sender's
 * start_io.php (test/web-msg-sender.ts). Not proven here: PHPSocket.IO itself (its Engine.IO 3
 * framing is what socket.io@2 speaks too, but no PHP server runs in these tests).
 */
import { createServer } from 'node:http';
import { Server as SocketIoV4 } from 'socket.io-v4';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { defer, listenOnLoopback, waitFor } from '../../../test/helpers';
import { runSources } from '../../../test/source-harness';
import { startWebMsgSender } from '../../../test/web-msg-sender';
import { MAX_MESSAGE_BYTES } from '../link/protocol';
import { SocketIoSource } from './socketio';

const fast = { initialMs: 50, maxMs: 200 };

describe('socketio source (web-msg-sender)', () => {
  it('logs in with its uid, takes new_msg as orders with HTML entities undone, and labels them', async () => {
    const server = await startWebMsgSender();
    const harness = await runSources([new SocketIoSource({ label: 'Shop web', url: server.url, uid: 'shop-7', backoff: fast })]);
    await waitFor(() => server.online().includes('shop-7'), 5000, 'login');

    expect(await server.publish(JSON.stringify({ order_sn: 'SN-1', title: 'Fish & Chips <large>', total: 12.5 }), 'shop-7')).toBe('ok');
    expect(await server.publish("Table 4: Tom's \"special\"", 'shop-7')).toBe('ok');
    expect(await server.publish('not for us', 'other-shop')).toBe('offline');
    await harness.ordersCount(2);

    const [structured, text] = harness.orders.map(({ stored }) => stored.order);
    expect(structured).toMatchObject({ id: 'SN-1', title: 'Fish & Chips <large>', total: 12.5, source: 'Shop web' });
    expect(text).toMatchObject({ text: 'Table 4: Tom\'s "special"', source: 'Shop web' });
    expect(harness.orders.map(({ arrival }) => arrival.source)).toEqual(['Shop web', 'Shop web']);
    expect(harness.journal.get('SN-1')).toBeDefined();
  });

  it('logs in again after the server restarts mid-stream and goes on receiving; names why it cannot connect meanwhile', async () => {
    const ioPort = await freePort();
    const first = await startWebMsgSender({ ioPort });
    const harness = await runSources([new SocketIoSource({ label: 'web', url: first.url, uid: 'u1', backoff: fast })]);
    await waitFor(() => first.online().includes('u1'), 5000, 'login');
    await first.publish('{"id":"A-1"}', 'u1');
    await harness.ordersCount(1);

    await first.close();
    await harness.waitForState('offline');
    // The first cause (the server closed the link), then each redial's: polling's own words would be "xhr poll error", whatever the cause.
    await waitFor(() => /^disconnected: transport (close|error); now: connection refused \(is the server running\?\)$/.test(harness.lastOffline()?.lastError ?? ''), 5000, 'the refusal named');
    const second = await startWebMsgSender({ ioPort });
    await waitFor(() => second.online().includes('u1'), 10_000, 'login after the restart');
    await second.publish('{"id":"A-2"}', 'u1');
    await harness.ordersCount(2);
    expect(harness.orders.map(({ stored }) => stored.order.id)).toEqual(['A-1', 'A-2']);
    expect(harness.statuses.at(-1)?.state).toBe('online');
  });

  it('rings once for a repeated id, once for a text repeated within 10 s, and survives garbage and oversized payloads', async () => {
    const server = await startWebMsgSender();
    const harness = await runSources([new SocketIoSource({ label: 'web', url: server.url, uid: 'u1', backoff: fast })]);
    await waitFor(() => server.online().includes('u1'), 5000, 'login');
    for (const content of ['{"id":"D-1"}', '{"id":"D-1"}', 'new order', 'new order', '', '{"id":{"nested":true}}', 'x'.repeat(MAX_MESSAGE_BYTES + 1)]) {
      await server.publish(content, 'u1');
    }
    await server.publish('{"id":"LAST"}', 'u1');
    await waitFor(() => harness.announced('LAST'), 5000, 'the last order');
    expect(harness.orders.map(({ stored }) => stored.order.id)).toEqual(['D-1', expect.stringMatching(/^text-/), expect.stringMatching(/^text-/), 'LAST']);
    expect(harness.orders[2]!.stored.order.text).toBe('{"id":{"nested":true}}');
    expect(harness.warnings).toEqual(expect.arrayContaining(['ignored a message: text: empty message', expect.stringMatching(/^ignored a message of \d+ bytes: the limit is 65536$/)]));
  });

  it('says the server refused it, retries with backoff, and connects once the credentials are right', async () => {
    const server = await startWebMsgSender({ token: 'right' });
    const wrong = new SocketIoSource({ label: 'web', url: server.url, uid: 'u1', query: { token: 'wrong' }, backoff: fast });
    const harness = await runSources([wrong]);
    await waitFor(() => harness.statuses.filter((status) => /refused: not authorized/.test(status.lastError ?? '')).length >= 2, 10_000, 'two refusals');
    expect(harness.statuses.at(-1)?.state).not.toBe('online');
    expect(server.online()).toEqual([]);

    const right = await runSources([new SocketIoSource({ label: 'web', url: server.url, uid: 'u2', query: { token: 'right' }, backoff: fast })]);
    await right.waitForState('online');
    await waitFor(() => server.online().includes('u2'), 5000, 'login');
  });

  it('reconnectNow (the system woke up) dials again at once and logs in again', async () => {
    const server = await startWebMsgSender();
    const source = new SocketIoSource({ label: 'web', url: server.url, uid: 'u1', backoff: fast });
    const harness = await runSources([source]);
    await waitFor(() => server.logins.length === 1, 5000, 'login');
    source.reconnectNow();
    await waitFor(() => server.logins.length === 2 && server.online().includes('u1'), 5000, 'a second login');
    await server.publish('{"id":"N-1"}', 'u1');
    await harness.ordersCount(1);
  });

  it('names a Socket.IO 4 server and its allowEIO3 option, says when the next try is, and connects once the server allows Socket.IO 2 clients', async () => {
    const start = async (allowEIO3: boolean) => {
      const http = createServer();
      const io = new SocketIoV4(http, { allowEIO3 });
      io.on('connection', (socket) => socket.on('login', (uid: string) => void socket.join(uid)));
      const port = await listenOnLoopback(http);
      defer(() => io.close());
      return { io, url: `http://127.0.0.1:${port}` };
    };
    const strict = await start(false);
    const harness = await runSources([new SocketIoSource({ label: 'v4', url: strict.url, uid: 'u1', backoff: fast })]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline').length >= 2, 10_000, 'two failed tries');
    const offline = harness.lastOffline()!;
    expect(offline.lastError).toBe(
      'the server speaks Socket.IO 3 or 4 and refused Socket.IO 2 ("Unsupported protocol version"): this kind is for Socket.IO 2 servers such as web-msg-sender (PHPSocket.IO); a Socket.IO 3/4 server must be started with allowEIO3: true',
    );
    expect(harness.statuses.some((status) => status.state === 'offline' && status.nextRetryAt !== undefined)).toBe(true);
    // Redials after the first diagnosis keep naming it (a redial due before the diagnosis's probe came back cannot).
    const redialsAfterDiagnosis = () => harness.statuses.slice(harness.statuses.findIndex((status) => status.state === 'offline')).filter((status) => status.state === 'connecting');
    await waitFor(() => redialsAfterDiagnosis().length > 0, 10_000, 'a redial after the first diagnosis');
    const redials = redialsAfterDiagnosis();
    expect(redials.every((status) => status.lastError === offline.lastError)).toBe(true);

    const allowing = await start(true);
    const ok = await runSources([new SocketIoSource({ label: 'v4', url: allowing.url, uid: 'u2', backoff: fast })]);
    await ok.waitForState('online');
    await waitFor(() => allowing.io.sockets.adapter.rooms.has('u2'), 5000, 'login');
    allowing.io.to('u2').emit('new_msg', '{"id":"V4-1"}');
    await ok.ordersCount(1);
  });
});
