/**
 * A Centrifugo double speaking its client protocol (JSON, protocol v2) over a real ws server:
 * newline-separated commands and replies; `connect` with an optional token (a wrong one closes
 * with 3500 "invalid token", as Centrifugo does); `subscribe` with recovery from offset + epoch
 * out of a bounded history (`recovered: false` when the position is too old or of another
 * epoch); publications pushed with their offsets; an `rpc` answered as a Centrifugo without an RPC
 * proxy does (error 108, "not available").
 */
import WebSocket, { type WebSocketServer } from 'ws';
import { closeWsServer, portOf, wsServer } from './helpers';
import type { TlsKeyPair } from './tls-certs';

interface Publication {
  data: unknown;
  offset: number;
}

/** A publication's data as a backend's JSON text (PHP's json_encode: big integers as bare digits), sent as it is. */
class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify, with each RawJson's text in its place (Node 20 has no JSON.rawJSON). */
function encode(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof RawJson ? `@@raw:${raws.push(item.text) - 1}@@` : item));
  return text.replace(/"@@raw:(\d+)@@"/g, (_match, index: string) => raws[Number(index)]!);
}

interface CentrifugoServerOptions {
  token?: string;
  historySize?: number;
  /** Serve wss:// with this certificate. */
  tls?: TlsKeyPair;
}

export class CentrifugoServer {
  readonly history: Publication[] = [];
  /** Every subscribe request, as sent. */
  readonly subscribes: Record<string, unknown>[] = [];
  /** RPC commands received (OrderBell's liveness checks). */
  rpcs = 0;
  /** Answer `connect` as Centrifugo 2 did (protocol v1: the reply's `result`), which centrifuge-js 5 cannot read. */
  oldProtocol = false;
  private server!: WebSocketServer;
  private readonly subscribed = new Map<WebSocket, Set<string>>();
  port = 0;

  constructor(
    public epoch: string,
    private readonly options: CentrifugoServerOptions = {},
  ) {}

  static async start(options: CentrifugoServerOptions = {}): Promise<CentrifugoServer> {
    const server = new CentrifugoServer('epoch-a', options);
    await server.listen(0);
    return server;
  }

  get url(): string {
    return `${this.options.tls ? 'wss' : 'ws'}://127.0.0.1:${this.port}/connection/websocket`;
  }

  get top(): number {
    return this.history.at(-1)?.offset ?? 0;
  }

  async listen(port: number): Promise<void> {
    this.server = await wsServer(port, {}, this.options.tls);
    this.port = portOf(this.server);
    this.server.on('connection', (socket) => {
      this.subscribed.set(socket, new Set());
      socket.on('message', (data) => this.onFrame(socket, data.toString()));
      socket.on('close', () => this.subscribed.delete(socket));
    });
  }

  close(): Promise<void> {
    return closeWsServer(this.server);
  }

  async restart(): Promise<void> {
    await this.close();
    await this.listen(this.port);
  }

  /** Publishes `json` as its text: a bare 19-digit number reaches the client as those digits. */
  publishJson(channel: string, json: string): void {
    this.publish(channel, new RawJson(json));
  }

  publish(channel: string, data: unknown): void {
    const pub = { data, offset: this.top + 1 };
    this.history.push(pub);
    const keep = this.options.historySize ?? 100;
    if (this.history.length > keep) this.history.splice(0, this.history.length - keep);
    for (const [socket, channels] of this.subscribed) {
      if (channels.has(channel)) socket.send(encode({ push: { channel, pub } }));
    }
  }

  private onFrame(socket: WebSocket, frame: string): void {
    const replies: unknown[] = [];
    for (const line of frame.split('\n').filter((text) => text.trim() !== '')) {
      const command = JSON.parse(line) as { id?: number; connect?: { token?: string }; subscribe?: Record<string, unknown>; rpc?: unknown };
      if (command.connect) {
        if (this.options.token !== undefined && command.connect.token !== this.options.token) return void socket.close(3500, 'invalid token');
        const client = `c-${Math.random().toString(36).slice(2)}`;
        if (this.oldProtocol) replies.push({ id: command.id, result: { client, version: '2.8.6' } });
        else replies.push({ id: command.id, connect: { client, version: '6.0.0', ping: 25, pong: true } });
      } else if (command.subscribe) {
        replies.push({ id: command.id, subscribe: this.subscribe(socket, command.subscribe) });
      } else if (command.rpc) {
        this.rpcs++;
        replies.push({ id: command.id, error: { code: 108, message: 'not available' } });
      }
    }
    if (replies.length) socket.send(replies.map((reply) => encode(reply)).join('\n'));
  }

  private subscribe(socket: WebSocket, request: Record<string, unknown>): Record<string, unknown> {
    this.subscribes.push(request);
    this.subscribed.get(socket)!.add(String(request.channel));
    const base = { recoverable: true, positioned: true, epoch: this.epoch };
    if (!request.recover) return { ...base, offset: this.top };
    const offset = Number(request.offset ?? 0);
    const oldest = this.history[0]?.offset ?? this.top + 1;
    const recoverable = request.epoch === this.epoch && offset >= oldest - 1 && offset <= this.top;
    if (!recoverable) return { ...base, offset: this.top, was_recovering: true, recovered: false };
    const publications = this.history.filter((pub) => pub.offset > offset);
    return { ...base, offset, was_recovering: true, recovered: true, publications };
  }
}
