/** The little of socket.io-client@2's API that OrderBell uses (version 2 ships no types). */
declare module 'socket.io-client' {
  interface ClientSocket {
    connected: boolean;
    on(event: string, listener: (...args: never[]) => void): this;
    emit(event: string, ...args: unknown[]): this;
    open(): this;
    close(): this;
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
  }
  function io(url: string, options?: ConnectOptions): ClientSocket;
  export default io;
  export type { ClientSocket, ConnectOptions };
}
