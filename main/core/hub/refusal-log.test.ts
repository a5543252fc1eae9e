import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHub, upgradeRefusal } from '../../../test/hub-harness';
import { waitFor } from '../../../test/helpers';
import { RefusalLog } from './refusal-log';

describe('refusal log lines', () => {
  it('logs a few lines per address and per minute, then sums up what it left out', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new RefusalLog((line) => lines.push(line), { perAddressPerMinute: 2, totalPerMinute: 3, now: () => now });
    for (let i = 0; i < 100; i++) log.refused('10.0.0.9', `POST /api/orders: 401 wrong token`);
    log.refused('10.0.0.7', 'GET /: 421 host');
    log.refused('10.0.0.8', 'GET /: 421 host');
    expect(lines).toEqual([
      'refused POST /api/orders: 401 wrong token from 10.0.0.9',
      'refused POST /api/orders: 401 wrong token from 10.0.0.9',
      'refused GET /: 421 host from 10.0.0.7',
    ]);
    log.summarise();
    expect(lines.at(-1)).toBe('99 more refusals not logged (too many): 10.0.0.9 ×98, 10.0.0.8 ×1');
    now += 60_000;
    log.refused('10.0.0.9', 'x');
    expect(lines.at(-1)).toBe('refused x from 10.0.0.9');
    log.summarise();
    expect(lines).toHaveLength(5);
  });
});

describe('the hub logs each refusal with its reason and the peer, never a token', () => {
  it('401, 415 and refused upgrades (5 lines, the limit for one address per minute); the query (which may hold a token) is left out', async () => {
    const { info, post, logs, wsUrl } = await startHub();
    await post({ id: 'x' }, { token: 'not-the-token-S3CRET' });
    await post('<order/>', { contentType: 'application/xml' });
    await fetch(`${info.url}/api/orders?token=S3CRET-in-query`);
    expect((await fetch(`${info.url}/favicon.ico`)).status).toBe(404); // a browser's habit, not logged
    await upgradeRefusal(`${wsUrl}?token=S3CRET-in-ws-query`);
    await upgradeRefusal(wsUrl, { Authorization: `Bearer ${info.token}`, Origin: 'http://evil.example' });
    expect(logs.filter((line) => line.startsWith('refused '))).toEqual([
      'refused POST /api/orders: 401 wrong token from 127.0.0.1',
      'refused POST /api/orders: 415 Content-Type "application/xml" is not accepted; send application/json or text/plain from 127.0.0.1',
      'refused GET /api/orders: 401 wrong token from 127.0.0.1',
      'refused WebSocket /ws: 401 wrong token from 127.0.0.1',
      'refused WebSocket /ws: 403 origin http://evil.example is not allowed; add it with --allow-origin from 127.0.0.1',
    ]);
    expect(logs.join('\n')).not.toMatch(/S3CRET|test-token/);
  });

  it('logs a client that aborts mid-body as one refusal line, without a stack', async () => {
    const { info, logs } = await startHub();
    const socket = connect(info.port, '127.0.0.1');
    socket.on('error', () => {});
    // Expect: 100-continue makes the hub say when it has read the headers and awaits the body.
    const continued = new Promise((resolve) => socket.once('data', resolve));
    socket.write(`POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${info.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n`);
    expect(String(await continued)).toMatch(/^HTTP\/1\.1 100 Continue/);
    socket.end('{"id":"half');
    await waitFor(() => logs.some((line) => line.includes('closed the connection')));
    expect(logs.filter((line) => !line.startsWith('device'))).toEqual([
      expect.stringMatching(/^refused POST \/api\/orders: 400 the client closed the connection after \d+ bytes of the body from 127\.0\.0\.1$/),
    ]);
  });

  it('logs a request too garbled to parse', async () => {
    const { info, logs } = await startHub();
    const socket = connect(info.port, '127.0.0.1');
    socket.on('error', () => {});
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    socket.write('BREW /pot HTCPCP/1.0\x1b[2J\r\n\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Connection: close[\s\S]*\{"error":"not valid HTTP \(HPE_/);
    expect(logs).toContainEqual(expect.stringMatching(/^refused a request: 400 not valid HTTP \(HPE_\w+\) from 127\.0\.0\.1$/));
  });
});
