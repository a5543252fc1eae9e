/**
 * A Pusher Channels double following the Pusher protocol (version 7) over a real ws server:
 * `pusher:connection_established` with `activity_timeout`, `pusher:ping`/`pusher:pong`,
 * subscriptions to public and private channels (a private one needs `auth` =
 * `<key>:<HMAC-SHA256(secret, "<socket_id>:<channel>") hex>`; a bad one is refused with
 * `pusher:subscription_error` on the channel, as Soketi does, or with Pusher's connection-wide
 * `pusher:error`), `pusher:error` with 4xxx codes and the matching close for a wrong app key or
 * when dropped (4100–4199: reconnect later, 4200–4299: at once), and its own `pusher:ping`. Beside it, an HTTP auth endpoint like Laravel's
 * /broadcasting/auth (POST socket_id, channel_name; a bearer token required) and a catch-up URL.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type WebSocket from 'ws';
import type { WebSocketServer } from 'ws';
import { closeWsServer, defer, portOf, wsServer } from './helpers';
import type { TlsKeyPair } from './tls-certs';

export class PusherServer {
  readonly key = 'app-key';
  readonly secret = 'app-secret';
  pings = 0;
  /** `pusher:pong`s the clients sent in answer to the server's pings. */
  pongs = 0;
  authRequests = 0;
  /** Connections accepted with the right key, over the server's life. */
  connections = 0;
  /** What the auth endpoint signs with: another secret makes signatures this server refuses. */
  authSecret = this.secret;
  /** How a bad signature is refused. */
  refusal: 'subscription_error' | 'error' | 'internal' = 'subscription_error';
  /** Orders the catch-up URL returns. */
  recent: unknown[] = [];
  private server!: WebSocketServer;
  private http!: Server;
  private readonly channels = new Map<WebSocket, Set<string>>();
  port = 0;

  constructor(
    private readonly activityTimeoutS: number,
    readonly bearer: string,
    /** Serve wss:// (and the auth endpoint over https://) with this certificate. */
    private readonly tls?: TlsKeyPair,
  ) {}

  static async start({ activityTimeoutS = 120, bearer = 'staff-token', tls }: { activityTimeoutS?: number; bearer?: string; tls?: TlsKeyPair } = {}): Promise<PusherServer> {
    const pusher = new PusherServer(activityTimeoutS, bearer, tls);
    await pusher.listen(0);
    const onHttp = pusher.onHttp.bind(pusher);
    pusher.http = tls ? createHttpsServer(tls, onHttp) : createServer(onHttp);
    await new Promise<void>((resolve) => pusher.http.listen(0, '127.0.0.1', resolve));
    defer(() => {
      pusher.http.closeAllConnections();
      return new Promise((resolve) => pusher.http.close(resolve));
    });
    return pusher;
  }

  get url(): string {
    return `${this.tls ? 'wss' : 'ws'}://127.0.0.1:${this.port}`;
  }

  get httpUrl(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${(this.http.address() as { port: number }).port}`;
  }

  get subscribers(): number {
    return [...this.channels.values()].filter((set) => set.size > 0).length;
  }

  async listen(port: number): Promise<void> {
    this.server = await wsServer(port, {}, this.tls);
    this.port = portOf(this.server);
    let sockets = 0;
    this.server.on('connection', (socket, request) => {
      const key = /^\/app\/([^/?]+)/.exec(request.url ?? '')?.[1];
      if (key !== this.key) {
        socket.send(JSON.stringify({ event: 'pusher:error', data: { code: 4001, message: `App key ${key} does not exist` } }));
        return void socket.close(4001, 'App key does not exist');
      }
      this.connections++;
      const socketId = `${++sockets}.${Math.floor(Math.random() * 1e6)}`;
      this.channels.set(socket, new Set());
      socket.on('close', () => this.channels.delete(socket));
      socket.on('message', (data) => this.onMessage(socket, socketId, String(data)));
      socket.send(JSON.stringify({ event: 'pusher:connection_established', data: JSON.stringify({ socket_id: socketId, activity_timeout: this.activityTimeoutS }) }));
    });
  }

  close(): Promise<void> {
    return closeWsServer(this.server);
  }

  async restart(): Promise<void> {
    await this.close();
    await this.listen(this.port);
  }

  /** What a backend's `broadcast()` makes the server send: data is a JSON string. */
  trigger(channel: string, event: string, data: unknown): void {
    for (const [socket, channels] of this.channels) {
      if (channels.has(channel)) socket.send(JSON.stringify({ event, channel, data: JSON.stringify(data) }));
    }
  }

  /** The same with the data's JSON text as given (a PHP backend's json_encode: big integers as bare digits); `inline` puts it in the frame unquoted. */
  triggerJson(channel: string, event: string, json: string, inline = false): void {
    const frame = `{"event":${JSON.stringify(event)},"channel":${JSON.stringify(channel)},"data":${inline ? json : JSON.stringify(json)}}`;
    for (const [socket, channels] of this.channels) if (channels.has(channel)) socket.send(frame);
  }

  signature(socketId: string, channel: string, secret = this.secret): string {
    return `${this.key}:${createHmac('sha256', secret).update(`${socketId}:${channel}`).digest('hex')}`;
  }

  /** Closes every connection as a Pusher server does: `pusher:error` with the code, then the close. */
  drop(code: number, message: string): void {
    for (const socket of this.channels.keys()) {
      socket.send(JSON.stringify({ event: 'pusher:error', data: { code, message } }));
      socket.close(code, message);
    }
  }

  ping(): void {
    for (const socket of this.channels.keys()) socket.send(JSON.stringify({ event: 'pusher:ping', data: {} }));
  }

  private onMessage(socket: WebSocket, socketId: string, text: string): void {
    const message = JSON.parse(text) as { event: string; data?: { channel?: string; auth?: string } };
    if (message.event === 'pusher:ping') {
      this.pings++;
      return void socket.send(JSON.stringify({ event: 'pusher:pong', data: {} }));
    }
    if (message.event === 'pusher:pong') return void this.pongs++;
    if (message.event !== 'pusher:subscribe') return;
    const channel = String(message.data?.channel);
    if (channel.startsWith('private-') && message.data?.auth !== this.signature(socketId, channel)) {
      const why = `Invalid signature: Expected HMAC SHA256 hex digest of ${socketId}:${channel}`;
      if (this.refusal === 'error') return void socket.send(JSON.stringify({ event: 'pusher:error', data: { code: null, message: why } }));
      const event = this.refusal === 'internal' ? 'pusher_internal:subscription_error' : 'pusher:subscription_error';
      return void socket.send(JSON.stringify({ event, channel, data: JSON.stringify({ type: 'AuthError', error: why, status: 401 }) }));
    }
    this.channels.get(socket)?.add(channel);
    socket.send(JSON.stringify({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' }));
  }

  private onHttp(request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse): void {
    if (request.headers.authorization !== `Bearer ${this.bearer}`) return void response.writeHead(403).end('{"message":"This action is unauthorized."}');
    if (request.url === '/catch-up') return void response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(this.recent));
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      this.authRequests++;
      const form = new URLSearchParams(body);
      const auth = this.signature(form.get('socket_id') ?? '', form.get('channel_name') ?? '', this.authSecret);
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ auth }));
    });
  }
}
