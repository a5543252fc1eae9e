/**
 * A scripted protocol-v1 push server for receiver tests: a real ws server on loopback that
 * keeps its orders in memory, replays after hello, and can be told to misbehave.
 */
import WebSocket, { type WebSocketServer } from 'ws';
import type { Order } from '../main/core/orders/order';
import { wsServer, portOf, closeWsServer } from './helpers';
import type { TlsKeyPair } from './tls-certs';

export class PushServer {
  orders: { seq: number; order: Order }[] = [];
  acks: number[] = [];
  hellos: { epoch: string | null; lastSeq: number }[] = [];
  handles: string[] = [];
  private server!: WebSocketServer;
  private readonly live = new Set<WebSocket>();

  constructor(
    public epoch = 'epoch-1',
    /** Serve wss:// with this certificate. */
    private readonly tls?: TlsKeyPair,
  ) {}

  static async start(port = 0, tls?: TlsKeyPair): Promise<PushServer> {
    const push = new PushServer('epoch-1', tls);
    await push.listen(port);
    return push;
  }

  get port(): number {
    return portOf(this.server);
  }

  get url(): string {
    return `${this.tls ? 'wss' : 'ws'}://127.0.0.1:${this.port}/ws`;
  }

  get clients(): WebSocket[] {
    return [...this.server.clients].filter((client) => client.readyState === WebSocket.OPEN);
  }

  async listen(port = 0): Promise<void> {
    this.server = await wsServer(port, {}, this.tls);
    this.server.on('connection', (socket) => {
      socket.send(JSON.stringify({ type: 'welcome', epoch: this.epoch, lastSeq: this.lastSeq }));
      socket.on('message', (data) => this.onMessage(socket, JSON.parse(data.toString())));
      socket.on('close', () => this.live.delete(socket));
    });
  }

  get lastSeq(): number {
    return this.orders.at(-1)?.seq ?? 0;
  }

  /** Stores an order and sends it to every client that said hello (the others get it by replay). */
  push(order: Order): number {
    const seq = this.lastSeq + 1;
    this.orders.push({ seq, order });
    for (const client of this.live) this.sendOrder(client, seq, order);
    return seq;
  }

  /** Sends an already-sent order again to every live client, as a confused server might. */
  resend(seq: number): void {
    const entry = this.orders.find((candidate) => candidate.seq === seq);
    if (entry) for (const client of this.live) this.sendOrder(client, entry.seq, entry.order);
  }

  sendOrder(client: WebSocket, seq: number, order: Order): void {
    client.send(JSON.stringify({ type: 'order', seq, order }));
  }

  /** Sends a raw frame to every client: for bad-input tests. */
  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    for (const client of this.clients) client.send(data, { binary: options.binary ?? false });
  }

  dropAll(): void {
    for (const client of this.server.clients) client.terminate();
  }

  stop(): Promise<void> {
    return closeWsServer(this.server);
  }

  private onMessage(socket: WebSocket, message: { type: string; epoch?: string | null; lastSeq?: number; seq?: number; id?: string }): void {
    if (message.type === 'hello') {
      this.hellos.push({ epoch: message.epoch ?? null, lastSeq: message.lastSeq ?? 0 });
      const from = message.epoch === this.epoch ? (message.lastSeq ?? 0) : 0;
      for (const { seq, order } of this.orders) if (seq > from) this.sendOrder(socket, seq, order);
      this.live.add(socket);
    } else if (message.type === 'ack') {
      this.acks.push(message.seq!);
    } else if (message.type === 'handle') {
      this.handles.push(message.id!);
    }
  }
}
