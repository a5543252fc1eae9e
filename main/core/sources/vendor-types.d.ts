/** The little of socket.io-client@2's API that OrderBell uses (version 2 ships no types). */
declare module 'socket.io-client' {
  interface ClientSocket {
    connected: boolean;
    on(event: string, listener: (...args: never[]) => void): this;
    emit(event: string, ...args: unknown[]): this;
    open(): this;
    close(): this;
    /** The Manager: one Engine.IO socket at a time, and the reconnection backoff. */
    io: ClientManager;
  }
  interface ClientManager {
    on(event: 'open', listener: () => void): this;
    engine: EngineSocket;
    backoff: { duration(): number };
  }
  /** engine.io-client@3's socket: `packet` for every packet in, `ping` for each ping it sends itself; `ping()` and `onClose()` are its own (undocumented) methods. */
  interface EngineSocket {
    on(event: 'packet' | 'ping' | 'close', listener: () => void): this;
    ping(): void;
    onClose(reason: string): void;
  }
  interface ConnectOptions {
    forceNew?: boolean;
    reconnection?: boolean;
    reconnectionDelay?: number;
    reconnectionDelayMax?: number;
    randomizationFactor?: number;
    timeout?: number;
    transports?: string[];
    query?: Record<string, string>;
    extraHeaders?: Record<string, string>;
    /** A packet parser with socket.io-parser's Encoder and Decoder. */
    parser?: object;
    /** Passed to every request and WebSocket of the engine. */
    agent?: unknown;
  }
  function io(url: string, options?: ConnectOptions): ClientSocket;
  export default io;
  export type { ClientManager, ClientSocket, ConnectOptions };
}
