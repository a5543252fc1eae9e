/**
 * A Pusher Channels double following the Pusher protocol (version 7) over a real ws server:
 * `pusher:connection_established` with `activity_timeout`, `pusher:ping`/`pusher:pong`,
 * subscriptions to public and private channels (a private one needs `auth` =
 * `<key>:<HMAC-SHA256(secret, "<socket_id>:<channel>") hex>`), `pusher:error` with 4xxx codes and
 * the matching close for a wrong app key. Beside it, an HTTP auth endpoint like Laravel's
 * /broadcasting/auth (POST socket_id, channel_name; a bearer token required) and a catch-up URL.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type WebSocket from 'ws';
import type { WebSocketServer } from 'ws';
import { closeWsServer, defer, portOf, wsServer } from './helpers';

export class PusherServer {
  readonly key = 'app-key';
  readonly secret = 'app-secret';
  pings = 0;
  authRequests = 0;
  /** Orders the catch-up URL returns. */
  recent: unknown[] = [];
  private server!: WebSocketServer;
  private http!: Server;
  private readonly channels = new Map<WebSocket, Set<string>>();
  port = 0;

  constructor(
    private readonly activityTimeoutS: number,
    readonly bearer: string,
  ) {}

  static async start({ activityTimeoutS = 120, bearer = 'staff-token' } = {}): Promise<PusherServer> {
    const pusher = new PusherServer(activityTimeoutS, bearer);
    await pusher.listen(0);
    pusher.http = createServer((request, response) => pusher.onHttp(request, response));
    await new Promise<void>((resolve) => pusher.http.listen(0, '127.0.0.1', resolve));
    defer(() => {
      pusher.http.closeAllConnections();
      return new Promise((resolve) => pusher.http.close(resolve));
    });
    return pusher;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as { port: number }).port}`;
  }

  get subscribers(): number {
    return [...this.channels.values()].filter((set) => set.size > 0).length;
  }

  async listen(port: number): Promise<void> {
    this.server = await wsServer(port);
    this.port = portOf(this.server);
    let sockets = 0;
    this.server.on('connection', (socket, request) => {
      const key = /^\/app\/([^/?]+)/.exec(request.url ?? '')?.[1];
      if (key !== this.key) {
        socket.send(JSON.stringify({ event: 'pusher:error', data: { code: 4001, message: `App key ${key} does not exist` } }));
        return void socket.close(4001, 'App key does not exist');
      }
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

  signature(socketId: string, channel: string): string {
    return `${this.key}:${createHmac('sha256', this.secret).update(`${socketId}:${channel}`).digest('hex')}`;
  }

  private onMessage(socket: WebSocket, socketId: string, text: string): void {
    const message = JSON.parse(text) as { event: string; data?: { channel?: string; auth?: string } };
    if (message.event === 'pusher:ping') {
      this.pings++;
      return void socket.send(JSON.stringify({ event: 'pusher:pong', data: {} }));
    }
    if (message.event !== 'pusher:subscribe') return;
    const channel = String(message.data?.channel);
    if (channel.startsWith('private-') && message.data?.auth !== this.signature(socketId, channel)) {
      return void socket.send(JSON.stringify({ event: 'pusher:error', data: { code: null, message: `Invalid signature: Expected HMAC SHA256 hex digest of ${socketId}:${channel}` } }));
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
      const auth = this.signature(form.get('socket_id') ?? '', form.get('channel_name') ?? '');
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ auth }));
    });
  }
}
