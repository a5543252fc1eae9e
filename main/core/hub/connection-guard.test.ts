import { createServer, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../../test/hub-harness';
import { defer, waitFor } from '../../../test/helpers';
import { ConnectionGuard, connectionBudget } from './connection-guard';

/** A raw connection to the hub from `from` (another loopback address stands for another device). */
async function open(port: number, from = '127.0.0.1'): Promise<{ socket: Socket; received: () => string; closed: () => boolean }> {
  const socket = connect({ port, host: '127.0.0.1', localAddress: from });
  socket.on('error', () => {});
  defer(() => socket.destroy());
  let received = '';
  let closed = false;
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('close', () => (closed = true));
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, received: () => received, closed: () => closed };
}

/** Writes one byte every `everyMs` until the connection closes or the test ends. */
function trickle(socket: Socket, everyMs: number): void {
  const timer = setInterval(() => (socket.writable ? socket.write('x') : clearInterval(timer)), everyMs);
  defer(() => clearInterval(timer));
}

describe('connections without a token', () => {
  it('shares the descriptors: a quarter for anonymous connections, the rest for devices and the process', () => {
    expect(connectionBudget(500, 1024)).toEqual({ untrusted: 240, perAddress: 32, devices: 500, total: 960 });
    expect(connectionBudget(500, 256)).toEqual({ untrusted: 48, perAddress: 24, devices: 144, total: 192 });
  });

  it('does not cap the hub\'s own machine per address, only in total: a POS beside it may burst', async () => {
    const { info } = await startHub({ fdLimit: 128 });
    const burst: Awaited<ReturnType<typeof open>>[] = [];
    for (let i = 0; i < 12; i++) burst.push(await open(info.port));
    // Once the last one is answered, the hub has seen all twelve arrive.
    burst[11]!.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor(() => burst[11]!.received().startsWith('HTTP/1.1 200 OK'), 5000, 'the last one to be answered');
    expect(burst.filter((c) => c.closed())).toEqual([]);
  });

  it('closes the connection once its answer is an error, even while the client still trickles a huge body', async () => {
    const { info } = await startHub();
    const client = await open(info.port);
    client.socket.write('POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{');
    trickle(client.socket, 200);
    await waitFor(client.closed, 4000, 'the hub to close the connection');
    expect(client.received()).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n[\s\S]*Connection: close\r\n/);
  });

  it('keeps a healthy keep-alive connection, but closes one whose unwanted body still trickles after the answer', async () => {
    const { info } = await startHub();
    const healthy = await open(info.port);
    healthy.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor(() => healthy.received().includes('"ok":true'));
    healthy.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor(() => healthy.received().split('"ok":true').length === 3, 5000, 'a second answer on the same connection');
    const slow = await open(info.port);
    slow.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n');
    trickle(slow.socket, 200);
    await waitFor(slow.closed, 4000, 'the hub to close the connection');
    expect(slow.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(healthy.closed()).toBe(false);
  });

  it('closes a connection whose headers do not arrive in time, answering 408', async () => {
    const { info, logs } = await startHub({ headersTimeoutMs: 1000 });
    const client = await open(info.port);
    client.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    trickle(client.socket, 200);
    await waitFor(client.closed, 5000, 'the hub to close the connection');
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(logs).toContainEqual('refused a request: 408 headers or body too slow (ERR_HTTP_REQUEST_TIMEOUT) from 127.0.0.1');
  });

  it('cuts a request whose body, behind a good token, trickles past the request timeout', async () => {
    const { info, logs } = await startHub({ headersTimeoutMs: 500, requestTimeoutMs: 1500 });
    const client = await open(info.port);
    client.socket.write(`POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${info.token}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{`);
    trickle(client.socket, 200);
    await waitFor(client.closed, 6000, 'the hub to close the connection');
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(logs).toEqual(['refused a request: 408 headers or body too slow (ERR_HTTP_REQUEST_TIMEOUT) from 127.0.0.1']);
  });

  it('refuses connections beyond the total the descriptors allow, with a log line, even for token holders', async () => {
    // A 128-descriptor budget: 64 connections in all.
    const { info, logs } = await startHub({ fdLimit: 128 });
    const holders: Awaited<ReturnType<typeof open>>[] = [];
    for (let i = 0; i < 64; i++) {
      const client = await open(info.port);
      client.socket.write(`GET /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${info.token}\r\n\r\n`);
      await waitFor(() => client.received().includes('"orders"'), 5000, `answer ${i}`);
      holders.push(client);
    }
    const over = await open(info.port);
    await waitFor(over.closed, 5000, 'the connection over the total to be closed');
    expect(holders.filter((c) => c.closed())).toEqual([]);
    expect(logs).toContainEqual('refused a connection: the hub already holds 64 from 127.0.0.1');
  });

  it('at the total cap closes a connection of the address holding the most, not a quiet client\'s older one', async () => {
    // A 128-descriptor budget: 16 anonymous connections in all, 8 from one address.
    const { info } = await startHub({ fdLimit: 128 });
    const quiet = await open(info.port);
    const flood: Awaited<ReturnType<typeof open>>[] = [];
    for (let i = 0; i < 8; i++) flood.push(await open(info.port, '127.0.0.2'));
    for (let i = 0; i < 10; i++) flood.push(await open(info.port, '127.0.0.3'));
    await waitFor(() => flood.filter((c) => c.closed()).length === 3, 5000, 'three of the flood to be closed');
    // Answered last, so the hub has seen every connection before.
    quiet.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor(() => quiet.received().startsWith('HTTP/1.1 200 OK'), 5000, 'the quiet client to be answered');
    expect(quiet.closed()).toBe(false);
  });

  it('keeps at most its share per address and in total, closing the idlest; others are served meanwhile', async () => {
    // A 128-descriptor budget: 16 anonymous connections in all, 8 from one address.
    const { info, post, logs } = await startHub({ fdLimit: 128 });
    const flood: Awaited<ReturnType<typeof open>>[] = [];
    for (let i = 0; i < 12; i++) flood.push(await open(info.port, '127.0.0.2'));
    await waitFor(() => flood.filter((c) => c.closed()).length === 4, 5000, 'the oldest four to be closed');
    expect(flood.slice(0, 4).every((c) => c.closed())).toBe(true);
    for (let i = 0; i < 24; i++) flood.push(await open(info.port, `127.0.0.${3 + (i % 4)}`));
    await waitFor(() => flood.filter((c) => !c.closed()).length === 16, 5000, '16 anonymous connections left');
    expect(await post({ id: 'during-the-flood' })).toMatchObject({ status: 201 });
    expect((await fetch(`${info.url}/api/health`)).status).toBe(200);
    expect(logs).toContainEqual('refused a connection: 8 connections without a token from this address; closed the idlest from 127.0.0.2');
    expect(logs).toContainEqual(expect.stringMatching(/^refused a connection: 16 connections without a token in total; closed the idlest from 127\.0\.0\.\d$/));
  });

  it('under a flood of answered, idle connections closes the idlest, not a newcomer still sending its head', async () => {
    // A 128-descriptor budget: 16 anonymous connections in all (the hub's own machine has no per-address cap).
    const { info } = await startHub({ fdLimit: 128 });
    const flood: Awaited<ReturnType<typeof open>>[] = [];
    for (let i = 0; i < 16; i++) {
      const client = await open(info.port);
      client.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await waitFor(() => client.received().includes('"ok":true'), 5000, `answer ${i}`);
      flood.push(client);
    }
    const probe = await open(info.port);
    probe.socket.write('GET /api/health HTTP/1.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 3; i++) flood.push(await open(info.port));
    await waitFor(() => flood.filter((c) => c.closed()).length === 4, 5000, 'four of the flood to be closed');
    expect(flood.slice(0, 4).every((c) => c.closed())).toBe(true);
    probe.socket.write('Host: 127.0.0.1\r\n\r\n');
    await waitFor(() => probe.received().startsWith('HTTP/1.1 200 OK'), 5000, 'the probe to be answered');
  });
});

describe('ConnectionGuard', () => {
  it('never closes a connection whose request is being answered, however long it has been silent', async () => {
    const answers: ServerResponse[] = [];
    const server = createServer((_req, res) => answers.push(res));
    const refused: string[] = [];
    new ConnectionGuard(server, { untrusted: 4, perAddress: 4, devices: 1, total: 100 }, (_address, line) => refused.push(line));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as { port: number }).port;
    const slow = await open(port);
    slow.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => answers.length === 1);
    const others: Awaited<ReturnType<typeof open>>[] = [];
    // Each newcomer past four closes the idlest; after eight, the slow request has been silent longest.
    for (let i = 0; i < 8; i++) {
      others.push(await open(port));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(() => refused.length === 5, 5000, 'five connections to be closed');
    expect(slow.closed()).toBe(false);
    expect(others.filter((c) => c.closed())).toEqual(others.slice(0, 5));
    answers[0]!.end('done');
    await waitFor(() => slow.received().includes('done'), 5000, 'the slow answer to arrive');
  });
});
