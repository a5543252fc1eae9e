/**
 * The `socketio` kind: web-msg-sender (PHPSocket.IO) and other Socket.IO 2 servers. They speak
 * Engine.IO 3, which only socket.io-client@2 still talks. web-msg-sender puts each device in a
 * room named after the uid it sends in `login`, so `login` goes out on every (re)connect, and
 * it runs htmlspecialchars on what it pushes, so entities are unescaped before mapping.
 * Socket.IO keeps no history: orders pushed while offline are not recoverable from it.
 */
import io, { type ClientSocket } from 'socket.io-client';
import { Backoff } from '../link/backoff';
import type { OrderMapping } from '../orders/mapping-fields';
import { dialFailure } from './dial-check';
import { exactParser } from './socketio-parser';
import { describeFailure, Source } from './source';

export interface SocketIoSourceOptions {
  label: string;
  url: string;
  /** Sent with `login` on every connect; empty sends no login. */
  uid?: string;
  /** The events that carry orders. Default: `new_msg`. */
  events?: string[];
  loginEvent?: string;
  /** Added to the handshake URL: where a server's middleware expects credentials. */
  query?: Record<string, string>;
  mapping?: Partial<OrderMapping>;
  backoff?: { initialMs?: number; maxMs?: number };
}

export class SocketIoSource extends Source {
  private socket: ClientSocket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  /** Counts connection attempts: a late diagnosis of an earlier one is not reported. */
  private attempt = 0;

  constructor(private readonly options: SocketIoSourceOptions) {
    super('socketio', options.label, { unescapeHtml: true, ...(options.mapping ? { mapping: options.mapping } : {}) });
    this.backoff = new Backoff(options.backoff);
  }

  start(): void {
    if (this.socket) return;
    this.setStatus({ state: 'connecting', recoverable: false });
    const initialMs = this.options.backoff?.initialMs ?? 500;
    const socket = io(this.options.url, {
      forceNew: true,
      reconnectionDelay: initialMs,
      reconnectionDelayMax: this.options.backoff?.maxMs ?? 20_000,
      timeout: 10_000,
      parser: exactParser,
      ...(this.options.query ? { query: this.options.query } : {}),
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.attempt++;
      this.onConnect();
    });
    socket.on('disconnect', (reason: string) => this.offline(`disconnected: ${reason}`));
    socket.on('connect_error', (error: Error) => void this.connectFailed(error));
    socket.on('connect_timeout', () => this.offline('connection timed out'));
    socket.on('reconnect_attempt', () => {
      this.attempt++;
      this.setStatus({ state: 'connecting', recoverable: false });
    });
    // A namespace refused by the server's middleware (wrong credentials): Socket.IO 2 does not retry that.
    socket.on('error', (error: unknown) => this.refused(typeof error === 'string' ? error : describeFailure(error)));
    for (const event of this.options.events ?? ['new_msg']) {
      socket.on(event, (payload: unknown) => this.emit('message', { payload }));
    }
  }

  async stop(): Promise<void> {
    this.setStatus({ state: 'stopped' });
    clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = undefined;
  }

  reconnectNow(): void {
    if (this.status.state === 'stopped' || !this.socket) return;
    clearTimeout(this.retryTimer);
    this.backoff.reset();
    this.socket.close();
    this.socket.open();
  }

  private onConnect(): void {
    this.backoff.reset();
    if (this.options.uid) this.socket?.emit(this.options.loginEvent ?? 'login', this.options.uid);
    this.setStatus({ state: 'online', recoverable: false });
  }

  /** Polling fails with a bare "xhr poll error" (status 0) whatever the cause: a plain dial names it. */
  private async connectFailed(error: Error & { type?: string; description?: unknown }): Promise<void> {
    const attempt = this.attempt;
    const bare = error.type === 'TransportError' && (error.description === 0 || error.description === undefined);
    const why = (bare && (await dialFailure(this.options.url))) || describeFailure(error);
    if (attempt === this.attempt) this.offline(why);
  }

  private offline(lastError: string): void {
    this.setStatus({ state: 'offline', lastError, recoverable: false });
  }

  private refused(reason: string): void {
    const delay = this.backoff.next();
    this.setStatus({ state: 'offline', lastError: `the server refused: ${reason}`, nextRetryAt: Date.now() + delay, recoverable: false });
    this.socket?.close();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.socket?.open(), delay);
  }
}
