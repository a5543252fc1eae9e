/**
 * A real socket.io@2 server behaving like web-msg-sender's start_io.php: a device joins the
 * room named by the uid it sends in `login`; `new_msg` carries htmlspecialchars'd text; an
 * HTTP endpoint takes `type=publish&to=<uid>&content=<text>` (GET or POST form) and answers
 * `ok`, `offline` (no device logged in as `to`) or `fail`.
 */
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import socketIo, { type Server } from 'socket.io';
import { defer } from './helpers';
import type { TlsKeyPair } from './tls-certs';

/** PHP 8's htmlspecialchars with its default flags (ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401). */
export function htmlspecialchars(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

export interface WebMsgSender {
  ioPort: number;
  url: string;
  /** `event`: what the server emits (web-msg-sender: always new_msg; other PHPSocket.IO apps name their own). */
  publish(content: string, to?: string, event?: string): Promise<string>;
  /**
   * Emits `json` to the devices logged in as `to` exactly as written, as PHPSocket.IO sends
   * `$io->to($uid)->emit($event, $array)`: PHP's json_encode writes a BIGINT as a bare number.
   */
  emitJson(json: string, to: string, event: string): void;
  /** Uids logged in now. */
  online(): string[];
  /** Connections that have upgraded from Engine.IO's polling to a WebSocket. */
  upgraded(): number;
  logins: string[];
  close(): Promise<void>;
}

export interface WebMsgSenderOptions {
  ioPort?: number;
  /** Refuse devices whose handshake query lacks this token (a server with auth middleware). */
  token?: string;
  /** Serve the Socket.IO port over https:// with this certificate (its `ssl` context in start_io.php). */
  tls?: TlsKeyPair;
  /** Offer no upgrade from Engine.IO's long polling to a WebSocket (as behind a proxy that strips upgrades). */
  pollingOnly?: boolean;
  /** The server's Engine.IO ping settings (socket.io 2: 25 s and 5 s): it closes a link whose client stopped pinging. */
  ping?: { intervalMs: number; timeoutMs: number };
}

export async function startWebMsgSender(options: WebMsgSenderOptions = {}): Promise<WebMsgSender> {
  const ioHttp = options.tls ? createHttpsServer(options.tls) : createServer();
  const io: Server = socketIo(ioHttp, {
    ...(options.pollingOnly ? { transports: ['polling'] } : {}),
    ...(options.ping ? { pingInterval: options.ping.intervalMs, pingTimeout: options.ping.timeoutMs } : {}),
  });
  const uids = new Map<string, string>();
  const logins: string[] = [];
  if (options.token) {
    io.use((socket, next) => next(socket.handshake.query.token === options.token ? undefined : new Error('not authorized')));
  }
  let upgraded = 0;
  io.on('connection', (socket) => {
    socket.conn.once('upgrade', () => upgraded++);
    socket.on('login', (uid: unknown) => {
      if (uids.has(socket.id)) return;
      uids.set(socket.id, String(uid));
      logins.push(String(uid));
      socket.join(String(uid));
    });
    socket.on('disconnect', () => uids.delete(socket.id));
  });
  const publishHttp = createServer(async (request, response) => {
    const form = await formOf(request);
    if (form.get('type') !== 'publish') return void response.end('fail');
    const to = form.get('to') ?? '';
    const content = htmlspecialchars(form.get('content') ?? '');
    const event = form.get('event') ?? 'new_msg';
    if (to) io.to(to).emit(event, content);
    else io.emit(event, content);
    response.end(to && ![...uids.values()].includes(to) ? 'offline' : 'ok');
  });
  await listen(ioHttp, options.ioPort ?? 0);
  await listen(publishHttp, 0);
  const ioPort = portOf(ioHttp);
  const publishUrl = `http://127.0.0.1:${portOf(publishHttp)}/`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await new Promise<void>((resolve) => io.close(() => resolve()));
    publishHttp.closeAllConnections();
    await new Promise((resolve) => publishHttp.close(resolve));
  };
  defer(close);
  return {
    ioPort,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${ioPort}`,
    logins,
    online: () => [...uids.values()],
    upgraded: () => upgraded,
    emitJson(json, to, event) {
      for (const [id, uid] of uids) if (uid === to) io.sockets.connected[id]?.client.conn.send(`2[${JSON.stringify(event)},${json}]`);
    },
    async publish(content, to = '', event = 'new_msg') {
      const body = new URLSearchParams({ type: 'publish', to, content, event });
      const response = await fetch(publishUrl, { method: 'POST', body });
      return response.text();
    },
    close,
  };
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return new URLSearchParams(body || new URL(request.url ?? '/', 'http://x').search);
}

function listen(server: HttpServer, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function portOf(server: HttpServer): number {
  return (server.address() as { port: number }).port;
}
