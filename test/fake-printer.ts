/**
 * A network receipt printer for tests: a TCP listener on 127.0.0.1 that stores every byte it
 * reads and answers each ESC/POS status request (GS r, DLE EOT) with one status byte, as a
 * real printer does once it has processed everything before the request.
 * It can be told to go down (refuse connections), stall (accept and never read), or go mute
 * (read and never answer).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { defer } from './helpers';
import { decodeEscPos } from './escpos-decode';

export type PrinterMode = 'ok' | 'stall' | 'mute';

const STATUS_OK = 0x00;

export class FakePrinter {
  /** Bytes read, one entry per connection, in connection order. */
  readonly connections: Buffer[] = [];
  mode: PrinterMode = 'ok';
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  static async start(): Promise<FakePrinter> {
    const printer = new FakePrinter();
    await printer.up();
    defer(() => printer.down());
    return printer;
  }

  get url(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  get portNumber(): number {
    return this.port;
  }

  /** Connections still open: 0 once the printer has read everything a killed sender had sent. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Every ticket the printer has processed, as text lines, in the order it printed them. */
  tickets(): string[][] {
    return this.connections.flatMap((bytes) => decodeEscPos(bytes).tickets);
  }

  /** Listens (again, on the same port after `down`). */
  async up(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Stops listening and drops every connection: new connections are refused. */
  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    if (this.mode === 'stall') return void socket.pause();
    const index = this.connections.push(Buffer.alloc(0)) - 1;
    let answered = 0;
    socket.on('data', (chunk: Buffer) => {
      const bytes = (this.connections[index] = Buffer.concat([this.connections[index]!, chunk]));
      if (this.mode === 'mute') return;
      const { statusRequests } = decodeEscPos(bytes);
      for (; answered < statusRequests; answered++) socket.write(Buffer.from([STATUS_OK]));
    });
  }
}
