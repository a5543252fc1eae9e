/** dialFailure against real loopback servers: what a bare library error ("xhr poll error") hid. */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { defer, listenOnLoopback } from '../../../test/helpers';
import { useTestCerts } from '../../../test/tls-certs';
import { NOT_TLS } from '../link/tls-failure';
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

describe('dialFailure against plain ports that are not HTTP', () => {
  it('a port that hangs up on a TLS hello (an MQTT broker) and one that waits for more (PHPSocket.IO): the server does not speak TLS', async () => {
    const hangsUp = await listenOnLoopback(createTcpServer((socket) => socket.once('data', () => socket.destroy())));
    expect(await dialFailure(`https://127.0.0.1:${hangsUp}/`)).toBe(NOT_TLS);
    const sockets: Socket[] = [];
    const silent = await listenOnLoopback(createTcpServer((socket: Socket) => sockets.push(socket)));
    defer(() => sockets.forEach((socket) => socket.destroy()));
    expect(await dialFailure(`wss://127.0.0.1:${silent}/`)).toBe(NOT_TLS);
    expect(await dialFailure(`ws://127.0.0.1:${silent}/`)).toBeUndefined();
  });
});
