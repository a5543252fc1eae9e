/** The little of socket.io@2's server API the tests use (version 2 ships no types). */
declare module 'socket.io' {
  import type { Server as HttpServer } from 'node:http';
  interface ServerSocket {
    id: string;
    handshake: { query: Record<string, string> };
    on(event: string, listener: (...args: never[]) => void): this;
    emit(event: string, ...args: unknown[]): boolean;
    join(room: string): this;
    disconnect(close?: boolean): this;
    /** The Engine.IO connection beneath: `send` writes one Socket.IO packet as text. */
    client: { conn: { send(data: string): void } };
    /** The same Engine.IO connection: 'upgrade' once it moved from polling to a WebSocket. */
    conn: { once(event: 'upgrade', listener: () => void): void };
  }
  interface Server {
    on(event: 'connection', listener: (socket: ServerSocket) => void): this;
    use(middleware: (socket: ServerSocket, next: (error?: Error) => void) => void): this;
    to(room: string): { emit(event: string, ...args: unknown[]): void };
    emit(event: string, ...args: unknown[]): void;
    close(callback?: () => void): void;
    sockets: { adapter: { rooms: Record<string, unknown> }; connected: Record<string, ServerSocket> };
  }
  function createServer(http: HttpServer, options?: Record<string, unknown>): Server;
  export default createServer;
  export type { Server, ServerSocket };
}
