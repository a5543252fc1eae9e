/** Real TLS failures (a loopback TLS server, certificates from a throw-away CA) put into words. */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { connect, type ConnectionOptions } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../../test/helpers';
import { useTestCerts } from '../../../test/tls-certs';
import { describeTlsFailure } from './tls-failure';

const certs = useTestCerts();

/** The error a TLS dial to `port` fails with. */
function dialError(port: number, options: ConnectionOptions = {}): Promise<Error> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ...options }, () => reject(new Error('the handshake succeeded')));
    socket.on('error', (error) => {
      socket.destroy();
      resolve(error);
    });
  });
}

describe('describeTlsFailure', () => {
  it('an untrusted certificate: says so, and how to trust a private CA', async () => {
    const port = await listenOnLoopback(createHttpsServer(certs()));
    const error = await dialError(port);
    expect(describeTlsFailure(error)).toBe(
      'the server\'s TLS certificate is not trusted (unable to verify the first certificate): a self-signed or private-CA certificate must be trusted first (see "TLS and private certificates" in docs/sources.md)',
    );
  });

  it('finds the TLS error inside fetch\'s "fetch failed" and inside a wrapper\'s `error`', async () => {
    const port = await listenOnLoopback(createHttpsServer(certs()));
    const failed = await fetch(`https://127.0.0.1:${port}/`).catch((error: unknown) => error);
    expect((failed as Error).message).toBe('fetch failed');
    expect(describeTlsFailure(failed)).toMatch(/^the server's TLS certificate is not trusted \(unable to verify the first certificate\)/);
    expect(describeTlsFailure({ type: 'WebSocketError', error: await dialError(port) })).toMatch(/^the server's TLS certificate is not trusted/);
  });

  it('a certificate for another name, and a port without TLS', async () => {
    const tlsPort = await listenOnLoopback(createHttpsServer(certs()));
    const ca = readFileSync(certs().caFile);
    expect(describeTlsFailure(await dialError(tlsPort, { ca, servername: 'shop.example' }))).toMatch(
      /^the server's TLS certificate is not for this address \(Hostname\/IP does not match certificate's altnames: Host: shop\.example\. is not in the cert's altnames: IP Address:127\.0\.0\.1, DNS:localhost\)$/,
    );
    const plainPort = await listenOnLoopback(createHttpServer((_request, response) => response.end()));
    expect(describeTlsFailure(await dialError(plainPort, { ca }))).toBe('the server does not speak TLS on this port (a plain ws://, http:// or mqtt:// port?)');
  });

  it('a plain port that closes or resets the handshake (MQTT brokers): the server does not speak TLS on this port', async () => {
    const closing = await listenOnLoopback(createNetServer((socket) => socket.once('data', () => socket.end())));
    expect(describeTlsFailure(await dialError(closing))).toBe('the server does not speak TLS on this port (a plain ws://, http:// or mqtt:// port?)');
    const resetting = await listenOnLoopback(createNetServer((socket) => socket.once('data', () => socket.resetAndDestroy())));
    const reset = await dialError(resetting);
    expect(reset.message).toBe('read ECONNRESET');
    // A reset says nothing about TLS by itself; only the caller knows the handshake had not finished.
    expect(describeTlsFailure(reset)).toBeUndefined();
    expect(describeTlsFailure(reset, { handshaking: true })).toBe('the server does not speak TLS on this port (a plain ws://, http:// or mqtt:// port?)');
  });

  it('is not a TLS failure: undefined, for the caller\'s own words', () => {
    expect(describeTlsFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(describeTlsFailure('xhr poll error')).toBeUndefined();
    expect(describeTlsFailure(undefined)).toBeUndefined();
  });
});
