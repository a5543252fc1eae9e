/**
 * A TCP proxy under test control, between a client and a server on loopback. It can pass
 * traffic, delay it, blackhole it (half-open: bytes vanish, nobody is told), and cut every
 * connection. Free of vitest, so `npm run bench` measures through it too.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Half-open: its bytes vanish from now on, and nobody is told. */
  dead: boolean;
  webSocket?: boolean;
}

export class FaultProxy {
  private currentMode: ProxyMode = 'pass';
  delayMs = 0;
  cuts = 0;
  /** Bytes passed on, both ways: all of them, and those of WebSocket connections (`GET /ws`). */
  bytes = 0;
  webSocketBytes = 0;
  private readonly pairs = new Set<Pair>();
  private server!: Server;

  protected constructor(private readonly targetPort: number) {}

  /** Listens on an ephemeral loopback port; the caller stops it. */
  static async listen(targetPort: number): Promise<FaultProxy> {
    const proxy = new FaultProxy(targetPort);
    proxy.server = createServer((client) => proxy.accept(client));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get mode(): ProxyMode {
    return this.currentMode;
  }

  /** In blackhole mode every open connection, and every new one, goes silently dead for good. */
  set mode(mode: ProxyMode) {
    this.currentMode = mode;
    if (mode === 'blackhole') for (const pair of this.pairs) pair.dead = true;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Drops every connection at once, as a Wi-Fi access point rebooting does. */
  cutAll(): void {
    this.cuts++;
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  stop(): Promise<void> {
    this.cutAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private count(pair: Pair, chunk: Buffer): void {
    pair.webSocket ??= chunk.subarray(0, 7).toString('latin1') === 'GET /ws';
    this.bytes += chunk.length;
    if (pair.webSocket) this.webSocketBytes += chunk.length;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, dead: this.currentMode === 'blackhole' };
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket) => {
      // A TCP stream never reorders: chunks wait in one queue and leave strictly in turn.
      const queue: { chunk: Buffer; at: number }[] = [];
      let timer: NodeJS.Timeout | undefined;
      const flush = (): void => {
        timer = undefined;
        while (queue.length > 0 && queue[0]!.at <= Date.now()) {
          const { chunk } = queue.shift()!;
          if (!pair.dead && to.writable) {
            to.write(chunk);
            this.count(pair, chunk);
          }
        }
        if (queue.length > 0) timer = setTimeout(flush, queue[0]!.at - Date.now());
      };
      from.on('data', (chunk: Buffer) => {
        if (pair.dead) return;
        queue.push({ chunk, at: Date.now() + this.delayMs });
        if (!timer) flush();
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    // A blackholed link never tells the client that the server closed: a server ending its HTTP
    // response's connection stays unknown to it, as behind a dead Wi-Fi. A client that gives up
    // on it still ends the server's side, standing in for the server's own keepalive, which
    // would find the connection gone only minutes later.
    const close = (from: Socket) => {
      from.destroy();
      if (!pair.dead || from === client) (from === client ? upstream : client).destroy();
      if (client.destroyed && upstream.destroyed) this.pairs.delete(pair);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', () => close(socket));
      socket.on('close', () => close(socket));
    }
  }
}
