/**
 * A shop backend on a kept-alive connection (PHP's curl, Node's agent) reuses it for its next
 * POST. The hub tells it how long it may (`Keep-Alive: timeout=N`) and must never reset a
 * connection a client reuses within that time: the POST would be lost on the wire.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../../test/hub-harness';
import { defer, sleep, waitFor } from '../../../test/helpers';

const post = (id: string, token: string) => {
  const body = JSON.stringify({ id, text: 'table 4: two noodle soups' });
  return `POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

/** How far past the advertised timeout the stalled client sends. */
const STALL_S = 3;

describe('kept-alive connections', () => {
  it('serves a POST sent on an idle connection past the advertised keep-alive timeout, as a stalled client sends it', async () => {
    const { info, get } = await startHub();
    const socket = connect({ port: info.port, host: '127.0.0.1' });
    defer(() => socket.destroy());
    let received = '';
    let error: Error | undefined;
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', (e) => (error = e));
    await new Promise((resolve) => socket.once('connect', resolve));

    socket.write(post('ka-1', info.token));
    await waitFor(() => received.includes('"seq":'), 5000, 'the first answer');
    const advertised = /\r\nKeep-Alive: timeout=(\d+)\r\n/i.exec(received);
    expect(advertised, received).not.toBeNull();
    expect(received).toMatch(/\r\nConnection: keep-alive\r\n/i);

    // Node's agent drops a pooled connection 1 s before the advertised timeout, by a timer; a
    // till whose event loop stalled sends its next POST on it seconds late, when the timer had no
    // chance to run. Node's own server would have closed it 1 s after the advertised timeout.
    await sleep((Number(advertised![1]) + STALL_S) * 1000);
    received = '';
    socket.write(post('ka-2', info.token));
    await waitFor(() => received.includes('"seq":') || error !== undefined || socket.destroyed, 5000, 'the second answer');
    expect(error).toBeUndefined();
    expect(received).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
    expect((await get('/api/health')).body.lastSeq).toBe(2);
  });

  it('promises no keep-alive to a client it refuses: that connection closes', async () => {
    const { info } = await startHub();
    const answer = await fetch(`${info.url}/api/orders`, { method: 'POST', headers: { Authorization: 'Bearer wrong' }, body: '{}' });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('connection')).toBe('close');
    expect(answer.headers.get('keep-alive')).toBeNull();
  });
});
