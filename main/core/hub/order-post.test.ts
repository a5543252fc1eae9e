/**
 * POST /api/orders is routed before its URL is parsed, answered with a head made once, and a
 * kept-alive connection that proved the token is not asked to hash it again: none of it may
 * change what a backend is told, or let a wrong token through.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { rawRequest, startHub } from '../../../test/hub-harness';
import { defer, waitFor } from '../../../test/helpers';
import { TokenCheck } from './auth';
import { HttpError } from './http';

const request = (body: string, headers: Record<string, string>, path = '/api/orders') =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** One kept-alive connection, written to by hand; `answer()` waits for the next whole answer. */
async function keptAlive(port: number): Promise<{ socket: Socket; send(text: string | Buffer): Promise<string> }> {
  const socket = connect({ port, host: '127.0.0.1' });
  defer(() => socket.destroy());
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  return {
    socket,
    async send(text) {
      received = '';
      socket.write(text);
      await waitFor(() => /\r\n\r\n\{.*\}$/s.test(received) || socket.destroyed, 5000, 'an answer');
      return received;
    },
  };
}

describe('POST /api/orders, routed before its URL', () => {
  it('refuses a wrong token on a connection that proved the right one before, and stores nothing', async () => {
    const { info, get } = await startHub();
    const connection = await keptAlive(info.port);
    const json = { 'Content-Type': 'application/json' };
    expect(await connection.send(request('{"id":"p-1"}', { ...json, Authorization: `Bearer ${info.token}` }))).toMatch(/^HTTP\/1\.1 201 /);
    expect(await connection.send(request('{"id":"p-2"}', { ...json, Authorization: `Bearer ${info.token}` }))).toMatch(/^HTTP\/1\.1 201 /);
    const wrong = await connection.send(request('{"id":"p-3"}', { ...json, Authorization: `Bearer ${info.token.slice(0, -1)}x` }));
    expect(wrong).toMatch(/^HTTP\/1\.1 401 /);
    expect(wrong).toContain('"error":"wrong token"');
    const orders = (await get('/api/orders?since=0')).body.orders as { order: { id: string } }[];
    expect(orders.map((stored) => stored.order.id)).toEqual(['p-1', 'p-2']);
  });

  it('answers a stored order 201 with the same head as every answer: JSON, not cached, kept alive', async () => {
    const { info } = await startHub();
    const connection = await keptAlive(info.port);
    const answer = await connection.send(request('{"id":"h-1"}', { 'Content-Type': 'application/json', Authorization: `Bearer ${info.token}` }));
    expect(answer).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
    for (const line of ['Content-Type: application/json; charset=utf-8', 'Cache-Control: no-store', 'X-Content-Type-Options: nosniff', 'Keep-Alive: timeout=5', 'Connection: keep-alive', 'Content-Length: 20']) {
      expect(answer).toContain(`\r\n${line}\r\n`);
    }
    expect(answer.endsWith('\r\n\r\n{"id":"h-1","seq":1}')).toBe(true);
    // A repeat is answered with the same head too.
    const again = await connection.send(request('{"id":"h-1"}', { 'Content-Type': 'application/json', Authorization: `Bearer ${info.token}` }));
    expect(again).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(again).toContain('\r\nKeep-Alive: timeout=5\r\n');
  });

  it('gives each malformed POST its precise error, and closes the connection', async () => {
    const { info } = await startHub();
    const url = `${info.url}/api/orders`;
    const auth = { Authorization: `Bearer ${info.token}` };
    const post = (headers: Record<string, string>, body: string) => rawRequest(url, { method: 'POST', headers, body });
    const cases: [Awaited<ReturnType<typeof post>>, number, string][] = [
      [await post({ 'Content-Type': 'application/json' }, '{"id":"m-1"}'), 401, 'missing token: send "Authorization: Bearer <token>" or ?token=<token>'],
      [await post({ ...auth, 'Content-Type': 'application/json' }, '{"id":'), 400, 'body is not valid JSON'],
      [await post({ ...auth, 'Content-Type': 'application/json' }, '{"table":3}'), 400, 'invalid order: id'],
      [await post({ ...auth, 'Content-Type': 'application/xml' }, '<order/>'), 415, 'Content-Type "application/xml" is not accepted'],
      [await post({ ...auth, 'Content-Type': 'application/json', Host: 'evil.example' }, '{"id":"m-2"}'), 421, 'host "evil.example" is not one of this hub\'s names'],
    ];
    for (const [answer, status, error] of cases) {
      expect(answer.status, answer.body).toBe(status);
      if (status >= 400) {
        expect((JSON.parse(answer.body) as { error: string }).error).toContain(error);
        expect(answer.headers.connection).toBe('close');
        expect(answer.headers['keep-alive']).toBeUndefined();
      }
    }
  });

  it('refuses a body that is not UTF-8 with 400, and takes one that starts with a byte order mark', async () => {
    const { info, get } = await startHub();
    const raw = (body: Buffer) =>
      Buffer.concat([Buffer.from(`POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${info.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
    const withBom = await (await keptAlive(info.port)).send(raw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"bom-1"}')])));
    expect(withBom).toMatch(/^HTTP\/1\.1 201 /);
    const notUtf8 = await (await keptAlive(info.port)).send(raw(Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])));
    expect(notUtf8).toMatch(/^HTTP\/1\.1 400 /);
    expect(notUtf8).toContain('"error":"body is not valid UTF-8"');
    expect(((await get('/api/orders?since=0')).body.orders as { order: { id: string } }[]).map((stored) => stored.order.id)).toEqual(['bom-1']);
  });

  it('still takes the token in the query, on the general route', async () => {
    const { info, get } = await startHub();
    const answer = await rawRequest(`${info.url}/api/orders?token=${info.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id":"q-1"}' });
    expect(answer.status).toBe(201);
    expect((await get('/api/health')).body.lastSeq).toBe(1);
  });
});

describe('TokenCheck', () => {
  const requestOn = (socket: object, token: string) => ({ headers: { authorization: `Bearer ${token}` }, socket }) as never;

  it('forgets a connection that proved the token once the token changes: a new check has proven nothing', () => {
    const socket = {};
    new TokenCheck('old-token-0123456789').require(requestOn(socket, 'old-token-0123456789'), undefined);
    expect(() => new TokenCheck('new-token-0123456789').require(requestOn(socket, 'old-token-0123456789'), undefined)).toThrow(HttpError);
  });

  it('trusts no other connection for one that proved the token, from the same address or not', () => {
    const check = new TokenCheck('the-token-0123456789');
    check.require(requestOn({}, 'the-token-0123456789'), undefined);
    expect(() => check.require(requestOn({}, 'the-token-0123456780'), undefined)).toThrow('wrong token');
  });

  it('refuses a proven connection a token of another length or other bytes, then asks it to prove again', () => {
    const check = new TokenCheck('the-token-0123456789');
    const socket = {};
    check.require(requestOn(socket, 'the-token-0123456789'), undefined);
    check.require(requestOn(socket, 'the-token-0123456789'), undefined);
    expect(() => check.require(requestOn(socket, 'the-token-012345678'), undefined)).toThrow('wrong token');
    expect(() => check.require(requestOn(socket, 'the-token-0123456780'), undefined)).toThrow('wrong token');
    check.require(requestOn(socket, 'the-token-0123456789'), undefined);
  });
});
