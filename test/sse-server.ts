/**
 * An SSE endpoint that follows the HTML Living Standard's event-stream format: `id:` and
 * `data:` lines, history kept in memory, and a reconnect's `Last-Event-ID` answered with
 * every later event (as Mercure does). It can be restarted on its port and require a header.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { defer } from './helpers';
import type { TlsKeyPair } from './tls-certs';

export class SseServer {
  readonly history: { id: string; data: string; event?: string }[] = [];
  /** The Last-Event-ID each connection sent ('' for none). */
  readonly resumes: string[] = [];
  private readonly streams = new Set<ServerResponse>();
  private server: Server | undefined;
  port = 0;

  constructor(
    private readonly requiredHeader?: [string, string],
    /** Serve https:// with this certificate. */
    private readonly tls?: TlsKeyPair,
  ) {}

  static async start(requiredHeader?: [string, string], tls?: TlsKeyPair): Promise<SseServer> {
    const sse = new SseServer(requiredHeader, tls);
    await sse.listen(0);
    defer(() => sse.close());
    return sse;
  }

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}/.well-known/mercure?topic=orders`;
  }

  get connections(): number {
    return this.streams.size;
  }

  async listen(port: number): Promise<void> {
    const onRequest = (request: IncomingMessage, response: ServerResponse) => {
      if (!request.url?.startsWith('/.well-known/mercure')) return void response.writeHead(404).end('Not Found');
      const [name, value] = this.requiredHeader ?? [];
      if (name && request.headers[name.toLowerCase()] !== value) return void response.writeHead(401).end('unauthorized');
      const lastId = String(request.headers['last-event-id'] ?? '');
      this.resumes.push(lastId);
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      response.write(': hello\nretry: 50\n\n');
      const from = lastId ? this.history.findIndex((event) => event.id === lastId) + 1 : this.history.length;
      for (const event of this.history.slice(from)) response.write(frame(event));
      this.streams.add(response);
      response.on('close', () => this.streams.delete(response));
    };
    const server = this.tls ? createHttpsServer(this.tls, onRequest) : createServer(onRequest);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  publish(data: string, id = String(this.history.length + 1), event?: string): void {
    const entry = { id, data, ...(event ? { event } : {}) };
    this.history.push(entry);
    for (const stream of this.streams) stream.write(frame(entry));
  }

  /** Sends raw bytes to every stream (for malformed input). */
  writeRaw(text: string): void {
    for (const stream of this.streams) stream.write(text);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const stream of this.streams) stream.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  async restart(): Promise<void> {
    await this.close();
    await this.listen(this.port);
  }
}

function frame(event: { id: string; data: string; event?: string }): string {
  const lines = event.data.split('\n').map((line) => `data: ${line}`);
  return `id: ${event.id}\n${event.event ? `event: ${event.event}\n` : ''}${lines.join('\n')}\n\n`;
}
