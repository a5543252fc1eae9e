/** dialFailure against real loopback servers: what a bare library error ("xhr poll error") hid. */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { listenOnLoopback } from '../../../test/helpers';
import { useTestCerts } from '../../../test/tls-certs';
import { dialFailure } from './dial-check';

const certs = useTestCerts();

describe('dialFailure', () => {
  it('names a closed port, an untrusted certificate, and says nothing of a server that accepts', async () => {
    expect(await dialFailure(`http://127.0.0.1:${await freePort()}/`)).toBe('connection refused (is the server running?)');
    const tls = await listenOnLoopback(createHttpsServer(certs()));
    expect(await dialFailure(`wss://127.0.0.1:${tls}/app/key`)).toMatch(/^the server's TLS certificate is not trusted \(unable to verify the first certificate\)/);
    const plain = await listenOnLoopback(createHttpServer((_request, response) => response.end()));
    expect(await dialFailure(`http://127.0.0.1:${plain}/socket.io/`)).toBeUndefined();
    expect(await dialFailure(`https://127.0.0.1:${plain}/`)).toBe('the server does not speak TLS on this port (a plain ws://, http:// or mqtt:// port?)');
  });
});
