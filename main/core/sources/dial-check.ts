/**
 * Names why a server cannot be reached when its client library does not: socket.io-client@2's
 * polling says only "xhr poll error" whether the port is closed or the certificate untrusted.
 * One plain dial (TLS for https:// and wss://, with this process's trust) to the same address.
 */
import { connect as dialTcp, isIP, type Socket } from 'node:net';
import { connect as dialTls } from 'node:tls';
import { NOT_TLS } from '../link/tls-failure';
import { describeFailure } from './source';

const DIAL_TIMEOUT_MS = 5000;

/** Why `url`'s host and port refuse a connection (or its TLS handshake), or undefined when they accept it. */
export function dialFailure(url: string): Promise<string | undefined> {
  const { protocol, hostname, port } = new URL(url);
  const secure = protocol === 'https:' || protocol === 'wss:';
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  const options = { host, port: Number(port || (secure ? 443 : 80)) };
  return new Promise((resolve) => {
    const socket: Socket = secure
      ? dialTls({ ...options, ...(isIP(host) ? {} : { servername: host }) }, () => done(undefined))
      : dialTcp(options, () => done(undefined));
    const done = (failure: string | undefined) => {
      socket.destroy();
      resolve(failure);
    };
    // A diagnosis never keeps the process alive (one SIGTERM must end `orderbell listen`).
    socket.unref();
    let connected = false;
    socket.once('connect', () => (connected = true));
    // Connected, yet no answer to the TLS hello: a plain server waiting for the rest of a request.
    socket.setTimeout(DIAL_TIMEOUT_MS, () => done(secure && connected ? NOT_TLS : 'connection timed out'));
    socket.on('error', (error) => done(describeFailure(error)));
  });
}

/**
 * Socket.IO 3 and 4 servers refuse Engine.IO 3 (what socket.io-client@2 speaks) with HTTP 400
 * "Unsupported protocol version", which the client reports as a bare "xhr poll error". One
 * polling request in Engine.IO 3 tells that refusal apart; anything else is undefined.
 */
export async function socketIoVersionRefusal(url: string): Promise<string | undefined> {
  const address = new URL('/socket.io/?EIO=3&transport=polling', url.replace(/^ws/, 'http'));
  try {
    const response = await fetch(address, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) });
    const body = await response.text();
    if (response.status !== 400 || !/Unsupported protocol version/i.test(body)) return undefined;
  } catch {
    return undefined;
  }
  return 'the server speaks Socket.IO 3 or 4 and refused Socket.IO 2 ("Unsupported protocol version"): this kind is for Socket.IO 2 servers such as web-msg-sender (PHPSocket.IO); a Socket.IO 3/4 server must be started with allowEIO3: true';
}
