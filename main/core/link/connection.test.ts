import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionOptions, type ConnectionStatus } from './connection';
import { NOT_TLS } from './tls-failure';
import { defer, portOf, sleep, waitFor, wsServer } from '../../../test/helpers';
import { FaultProxy } from '../../../test/proxy';

const fast = { initialMs: 20, maxMs: 100 };

function connect(options: ConnectionOptions) {
  const connection = new Connection({ backoff: fast, ...options });
  const statuses: ConnectionStatus[] = [];
  connection.on('status', (status) => statuses.push(status));
  defer(() => connection.stop());
  connection.start();
  return { connection, statuses };
}

function lastError(statuses: ConnectionStatus[]): string | undefined {
  return statuses.filter((s) => s.state === 'offline').at(-1)?.lastError;
}

async function listening(server: ReturnType<typeof createHttpServer> | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

/** A server that answers every WebSocket upgrade 401, as a hub does a wrong token. */
async function refusingEveryToken(): Promise<number> {
  const http = createHttpServer();
  http.on('upgrade', (_req, socket) => {
    // The client may reset its side first (it redials): an upgrade socket has no error handler of its own.
    socket.on('error', () => {});
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
  });
  return listening(http);
}

describe('Connection', () => {
  it('reports connecting, then online', async () => {
    const server = await wsServer();
    const { connection, statuses } = connect({ url: `ws://127.0.0.1:${portOf(server)}` });
    await waitFor(() => connection.status.state === 'online');
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'online']);
  });

  it('redials after the server restarts on the same port', async () => {
    let server = await wsServer();
    const port = portOf(server);
    const { connection, statuses } = connect({ url: `ws://127.0.0.1:${port}` });
    await waitFor(() => connection.status.state === 'online');
    await new Promise<void>((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    });
    await waitFor(() => connection.status.state === 'offline');
    expect(connection.status.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    await sleep(150);
    server = await wsServer(port);
    await waitFor(() => connection.status.state === 'online', 5000, 'reconnect');
    expect(statuses.some((s) => s.state === 'offline' && /connection refused/.test(s.lastError ?? ''))).toBe(true);
  });

  it('drops a half-open link whose server stopped answering, and redials', async () => {
    const server = await wsServer();
    let connections = 0;
    server.on('connection', (socket) => {
      connections++;
      // The first server-side socket stops reading: pings go unanswered, as on a dead Wi-Fi link.
      if (connections === 1) (socket as unknown as { _socket: Socket })._socket.pause();
    });
    const { statuses } = connect({ url: `ws://127.0.0.1:${portOf(server)}`, deadAfterMs: 80 });
    await waitFor(() => connections === 2, 5000, 'a second connection');
    expect(lastError(statuses)).toMatch(/^no answer from the server for 0\.\d s, connection presumed dead$/);
  });

  it('on a quiet link asks for a sign of life before giving up, and stays up when the server answers', async () => {
    const server = await wsServer();
    let pings = 0;
    server.on('connection', (socket) => socket.on('ping', () => pings++));
    const { connection, statuses } = connect({ url: `ws://127.0.0.1:${portOf(server)}`, deadAfterMs: 400 });
    await waitFor(() => pings >= 5, 5000, 'five pings on a quiet link');
    expect(connection.status.state).toBe('online');
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'online']);
  });

  it('sends no ping while the server keeps the link busy (its heartbeat is enough)', async () => {
    const server = await wsServer();
    let pings = 0;
    let frames = 0;
    server.on('connection', (socket) => {
      socket.on('ping', () => pings++);
      const beat = setInterval(() => socket.send('{"type":"ping"}'), 10);
      socket.on('close', () => clearInterval(beat));
    });
    // A ping goes after half of deadAfterMs in silence: 1 s here, so that a loaded machine's
    // scheduling stalls are not taken for silence; 400 beats span about four ping delays.
    const { connection } = connect({ url: `ws://127.0.0.1:${portOf(server)}`, deadAfterMs: 2000 });
    connection.on('message', () => frames++);
    await waitFor(() => frames >= 400, 20_000, 'heartbeats for about four times the ping delay');
    expect(pings).toBe(0);
  });

  it('does not wait out a dial lost while the link was down: once the link is back, the next dial gets through', async () => {
    const server = await wsServer();
    const proxy = await FaultProxy.start(portOf(server));
    proxy.mode = 'blackhole';
    const { connection } = connect({ url: `ws://127.0.0.1:${proxy.port}`, connectTimeoutMs: 600_000, backoff: { initialMs: 100, maxMs: 400 } });
    await sleep(100); // the first dial is under way, and lost
    proxy.mode = 'pass';
    await waitFor(() => connection.status.state === 'online', 10_000, 'a later dial to open, long before the first one could time out');
  });

  it('stays up on a quiet link when pings are off (legacy servers)', async () => {
    const server = await wsServer(0, { autoPong: false });
    const { connection } = connect({ url: `ws://127.0.0.1:${portOf(server)}`, deadAfterMs: 0 });
    await waitFor(() => connection.status.state === 'online');
    await sleep(200);
    expect(connection.status.state).toBe('online');
  });

  it('reports a refused connection and keeps retrying with growing delays', async () => {
    const server = createTcpServer();
    const port = await listening(server);
    await new Promise((resolve) => server.close(resolve));
    const { statuses } = connect({ url: `ws://127.0.0.1:${port}`, backoff: { initialMs: 10, maxMs: 40, random: () => 1 } });
    await waitFor(() => statuses.filter((s) => s.state === 'offline').length >= 4);
    const offline = statuses.filter((s) => s.state === 'offline');
    expect(offline[0]!.lastError).toBe('connection refused (is the server running?)');
  });

  it('names a plain HTTP answer as not a WebSocket endpoint', async () => {
    const port = await listening(createHttpServer((_req, res) => res.end('hello')));
    const { statuses } = connect({ url: `ws://127.0.0.1:${port}/ws` });
    await waitFor(() => statuses.some((s) => s.state === 'offline'));
    expect(lastError(statuses)).toBe('not a WebSocket endpoint (HTTP 200)');
  });

  it('names a rejected token, and a token asked for when none was sent', async () => {
    const port = await refusingEveryToken();
    const withToken = connect({ url: `ws://127.0.0.1:${port}/ws`, headers: { Authorization: 'Bearer wrong' } });
    await waitFor(() => withToken.statuses.some((s) => s.state === 'offline'));
    expect(lastError(withToken.statuses)).toBe('the server refused the token (HTTP 401)');
    const inAddress = connect({ url: `ws://127.0.0.1:${port}/ws?token=wrong` });
    await waitFor(() => inAddress.statuses.some((s) => s.state === 'offline'));
    expect(lastError(inAddress.statuses)).toBe('the server refused the token (HTTP 401)');
    const without = connect({ url: `ws://127.0.0.1:${port}/ws` });
    await waitFor(() => without.statuses.some((s) => s.state === 'offline'));
    expect(lastError(without.statuses)).toBe('the server asks for a token (HTTP 401); none was sent');
  });

  it('waits longer after a refused token than the normal backoff allows, and a token none was sent is not that', async () => {
    const port = await refusingEveryToken();
    const refused = connect({ url: `ws://127.0.0.1:${port}/ws`, headers: { Authorization: 'Bearer wrong' } });
    await waitFor(() => refused.statuses.some((s) => s.state === 'offline'));
    const offline = refused.statuses.find((s) => s.state === 'offline')!;
    // The normal backoff here is at most 100 ms; a refused token waits 4-8 s.
    expect(offline.nextRetryAt! - Date.now()).toBeGreaterThan(3000);
    const none = connect({ url: `ws://127.0.0.1:${port}/ws` });
    await waitFor(() => none.statuses.filter((s) => s.state === 'offline').length >= 3, 5000, 'three quick redials');
  });

  it('says when the server last spoke on the offline status of a link that was up', async () => {
    const server = await wsServer();
    const { connection, statuses } = connect({ url: `ws://127.0.0.1:${portOf(server)}` });
    await waitFor(() => connection.status.state === 'online');
    const openedBy = Date.now();
    for (const client of server.clients) client.terminate();
    await waitFor(() => statuses.some((s) => s.state === 'offline'));
    const heard = statuses.find((s) => s.state === 'offline')!.lastHeardAt;
    expect(heard).toBeLessThanOrEqual(openedBy);
    expect(heard).toBeGreaterThan(openedBy - 10_000);
  });

  it('gives up on a dial that gets no handshake answer', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    const port = await listening(silent);
    defer(() => sockets.forEach((socket) => socket.destroy()));
    const { statuses } = connect({ url: `ws://127.0.0.1:${port}/ws`, connectTimeoutMs: 100 });
    await waitFor(() => statuses.some((s) => s.state === 'offline'), 3000);
    expect(lastError(statuses)).toBe('connection timed out');
  });

  it('reconnectNow redials at once, bypassing the backoff', async () => {
    const server = await wsServer();
    let connections = 0;
    server.on('connection', () => connections++);
    const { connection } = connect({ url: `ws://127.0.0.1:${portOf(server)}`, backoff: { initialMs: 60_000, random: () => 1 } });
    await waitFor(() => connections === 1);
    connection.reconnectNow();
    await waitFor(() => connections === 2, 2000, 'an immediate redial');
  });

  it('stop closes cleanly and never redials', async () => {
    const server = await wsServer();
    let connections = 0;
    server.on('connection', () => connections++);
    const { connection } = connect({ url: `ws://127.0.0.1:${portOf(server)}` });
    await waitFor(() => connection.status.state === 'online');
    await connection.stop();
    await sleep(200);
    expect(connection.status.state).toBe('stopped');
    expect(connections).toBe(1);
  });

  it('wss:// to a plain port that never answers the TLS hello (Workerman, PHPSocket.IO): the server does not speak TLS', async () => {
    const sockets: Socket[] = [];
    const port = await listening(createTcpServer((socket) => sockets.push(socket)));
    defer(() => sockets.forEach((socket) => socket.destroy()));
    const { statuses } = connect({ url: `wss://127.0.0.1:${port}/`, connectTimeoutMs: 300 });
    await waitFor(() => lastError(statuses) !== undefined, 5000, 'the failure');
    expect(lastError(statuses)).toBe(NOT_TLS);
  });
});
