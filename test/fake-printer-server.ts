/**
 * A network receipt printer for tests (any runner: vitest, Playwright): a TCP listener on 127.0.0.1 that stores every byte it
 * reads and answers each ESC/POS status request as a real printer does: GS r 1 with one paper
 * status byte once it has processed everything before the request, DLE EOT 2 at once with why
 * it is offline.
 * It can be told to go down (refuse connections), stall (accept and never read), go mute (read
 * and print but never answer: a printer with no status support), run out of paper (answer GS r
 * with 0x0C, print nothing), run low on paper (print, answer 0x03), or have its cover open
 * (print nothing, leave GS r unanswered, answer DLE EOT 2 "cover open"); and to send its
 * automatic status (ASB) unasked on each connect, as printers with ASB switched on do.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { decodeEscPos } from './escpos-decode';

export type PrinterMode = 'ok' | 'stall' | 'mute' | 'paper-end' | 'near-end' | 'cover-open';

/** The GS r 1 answer each mode gives, if it answers at all. */
const PAPER_STATUS: Partial<Record<PrinterMode, number>> = { ok: 0x00, 'paper-end': 0x0c, 'near-end': 0x03 };
/** DLE EOT 2 answers: bits 1 and 4 fixed; bit 2 cover open, bit 5 stopped at paper end. */
const OFFLINE_CAUSE: Partial<Record<PrinterMode, number>> = { 'cover-open': 0x16, 'paper-end': 0x32 };
const ONLINE = 0x12;
/** Automatic status back: first byte bit 4 set; third byte bits 2-3 paper end; first byte bit 5 cover open. */
const ASB: Partial<Record<PrinterMode, number[]>> = { 'paper-end': [0x18, 0x00, 0x0c, 0x00], 'cover-open': [0x38, 0x00, 0x00, 0x00] };
const ASB_OK = [0x10, 0x00, 0x00, 0x00];
const PRINTS: PrinterMode[] = ['ok', 'mute', 'near-end'];

export class FakePrinterServer {
  /** Bytes read, one entry per connection, in connection order. */
  readonly connections: Buffer[] = [];
  /** Whether each connection's tickets came out on paper (not while out of paper or with the cover open). */
  private readonly onPaper: boolean[] = [];
  mode: PrinterMode = 'ok';
  /** Send the automatic status (4 bytes) as soon as a connection is accepted. */
  asbOnConnect = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

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

  /** Every ticket that came out on paper, as text lines, in the order it printed them. */
  tickets(): string[][] {
    return this.connections.flatMap((bytes, index) => (this.onPaper[index] ? decodeEscPos(bytes).tickets : []));
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
    if (this.asbOnConnect) socket.write(Buffer.from(ASB[this.mode] ?? ASB_OK));
    if (this.mode === 'stall') return void socket.pause();
    const index = this.connections.push(Buffer.alloc(0)) - 1;
    this.onPaper[index] = PRINTS.includes(this.mode);
    let answered = 0;
    let answeredRealtime = 0;
    socket.on('data', (chunk: Buffer) => {
      const bytes = (this.connections[index] = Buffer.concat([this.connections[index]!, chunk]));
      const { statusRequests, realtimeRequests } = decodeEscPos(bytes);
      if (this.mode === 'mute') return;
      for (; answeredRealtime < realtimeRequests.length; answeredRealtime++) socket.write(Buffer.from([OFFLINE_CAUSE[this.mode] ?? ONLINE]));
      const answer = PAPER_STATUS[this.mode];
      if (answer === undefined) return;
      for (; answered < statusRequests; answered++) socket.write(Buffer.from([answer]));
    });
  }
}
