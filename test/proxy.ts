/**
 * A TCP proxy under test control, between a client and a server on loopback. It can pass
 * traffic, delay it, blackhole it (half-open: bytes vanish, nobody is told), and cut every
 * connection.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { defer } from './helpers';

export type ProxyMode = 'pass' | 'blackhole';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Half-open: its bytes vanish from now on, and nobody is told. */
  dead: boolean;
}

export class FaultProxy {
  private currentMode: ProxyMode = 'pass';
  delayMs = 0;
  cuts = 0;
  private readonly pairs = new Set<Pair>();
  private server!: Server;

  private constructor(private readonly targetPort: number) {}

  static async start(targetPort: number): Promise<FaultProxy> {
    const proxy = new FaultProxy(targetPort);
    proxy.server = createServer((client) => proxy.accept(client));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    defer(() => proxy.stop());
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
          if (!pair.dead && to.writable) to.write(chunk);
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
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  }
}
