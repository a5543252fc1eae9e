/**
 * A legacy WebSocket text server in the style of the classic PHP socket_select tutorial:
 * it reads the handshake with one 1024-byte recv, never answers pings, and splits long
 * messages into unmasked text frames of exactly 125 bytes, cutting UTF-8 characters.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { defer } from './helpers';
import type { TlsKeyPair } from './tls-certs';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export class LegacyTextServer {
  /** Text messages the clients sent (their hello/bind lines). */
  received: string[] = [];
  /** Opcodes of every frame clients sent. */
  opcodes: number[] = [];
  handshakeBytes: number[] = [];
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  private secure = false;

  /** With `tls`, a wss:// server (the PHP server behind a TLS terminator, or Workerman's own `ssl` context). */
  static async start(tls?: TlsKeyPair): Promise<LegacyTextServer> {
    const legacy = new LegacyTextServer();
    const accept = (socket: Socket) => legacy.accept(socket);
    legacy.server = tls ? createTlsServer(tls, accept) : createServer(accept);
    legacy.secure = tls !== undefined;
    await new Promise<void>((resolve) => legacy.server.listen(0, '127.0.0.1', resolve));
    defer(() => legacy.stop());
    return legacy;
  }

  get url(): string {
    return `${this.secure ? 'wss' : 'ws'}://127.0.0.1:${(this.server.address() as { port: number }).port}/`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Sends `text` to every client the way the tutorial server's mask() does for long messages. */
  send(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    for (const socket of this.sockets) {
      for (let i = 0; i < bytes.length; i += 125) {
        const chunk = bytes.subarray(i, i + 125);
        socket.write(Buffer.concat([Buffer.from([0x81, chunk.length]), chunk]));
      }
    }
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.once('data', (request) => {
      this.handshakeBytes.push(request.length);
      const key = /Sec-WebSocket-Key: (.*)\r\n/.exec(request.toString('latin1'))?.[1];
      if (!key || request.length > 1024) return void socket.destroy();
      const accept = createHash('sha1').update(key + GUID).digest('base64');
      socket.write(
        `HTTP/1.1 101 Web Socket Protocol Handshake\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `WebSocket-Origin: localhost\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.sockets.add(socket);
      socket.on('data', (data) => this.onFrames(data));
    });
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
  }

  /** Unmasks client frames (small ones only, as the tutorial does). */
  private onFrames(data: Buffer): void {
    let offset = 0;
    while (offset + 6 <= data.length) {
      const opcode = data[offset]! & 0x0f;
      const length = data[offset + 1]! & 0x7f;
      const mask = data.subarray(offset + 2, offset + 6);
      const payload = Buffer.from(data.subarray(offset + 6, offset + 6 + length));
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      this.opcodes.push(opcode);
      if (opcode === 1) this.received.push(payload.toString('utf8'));
      offset += 6 + length;
    }
  }
}
