/**
 * One WebSocket connection that stays up: dials, detects dead links, redials with backoff.
 * It knows nothing of orders; OrderReceiver gives its frames meaning.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { Backoff, type BackoffOptions } from './backoff';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'stopped';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why the last connection failed or ended, in words. */
  lastError?: string;
  /** With 'offline': when the next attempt starts, ms since the epoch. */
  nextRetryAt?: number;
}

export interface ConnectionOptions {
  url: string;
  headers?: Record<string, string>;
  /** Send a WebSocket ping this often, ms; 0 turns pings off (legacy servers never answer). Default 15,000. */
  pingIntervalMs?: number;
  /** Give up on a dial after this long, ms. Default 10,000. */
  connectTimeoutMs?: number;
  /** A connection that lasted this long resets the backoff, ms. Default 10,000. */
  stableAfterMs?: number;
  /** TCP keep-alive probe delay, ms. Default 10,000. */
  keepAliveMs?: number;
  maxPayload?: number;
  /** Let frames through as raw bytes even when they are not valid UTF-8 (legacy servers cut characters). */
  rawText?: boolean;
  backoff?: BackoffOptions;
}

interface ConnectionEvents {
  status: [ConnectionStatus];
  open: [];
  message: [data: Buffer, isBinary: boolean];
  close: [];
}

export class Connection extends EventEmitter<ConnectionEvents> {
  private socket: WebSocket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private lastFrameAt = 0;
  private openedAt = 0;
  private lastError: string | undefined;
  private redialAtOnce = false;
  private current: ConnectionStatus = { state: 'offline' };
  private readonly backoff: Backoff;
  private readonly pingIntervalMs: number;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.backoff = new Backoff(options.backoff);
    this.pingIntervalMs = options.pingIntervalMs ?? 15_000;
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (this.socket || this.retryTimer) return;
    this.dial();
  }

  /** Redial at once: the system woke up or the network changed, so the old socket may be dead. */
  reconnectNow(): void {
    if (this.current.state === 'stopped') return;
    this.backoff.reset();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.socket) {
      this.lastError = 'reconnecting on request';
      this.redialAtOnce = true;
      this.socket.terminate();
    } else {
      this.dial();
    }
  }

  /** Sends a text frame; false if there is no open connection to send it on. */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    this.socket!.send(text);
    return true;
  }

  /** Closes for good: no more redials. Resolves once the socket is gone. */
  async stop(): Promise<void> {
    this.setStatus({ state: 'stopped' });
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000, 'client stopping');
      setTimeout(() => socket.terminate(), 1000).unref();
    });
  }

  private dial(): void {
    this.retryTimer = undefined;
    this.setStatus({ state: 'connecting', ...(this.lastError ? { lastError: this.lastError } : {}) });
    const socket = new WebSocket(this.options.url, {
      headers: this.options.headers,
      handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
      perMessageDeflate: false,
      maxPayload: this.options.maxPayload,
      skipUTF8Validation: this.options.rawText ?? false,
      followRedirects: false,
    });
    this.socket = socket;
    socket.on('upgrade', (response) => response.socket.setKeepAlive(true, this.options.keepAliveMs ?? 10_000));
    socket.on('open', () => this.onOpen());
    socket.on('message', (data, isBinary) => {
      this.lastFrameAt = Date.now();
      this.emit('message', data as Buffer, isBinary);
    });
    socket.on('pong', () => (this.lastFrameAt = Date.now()));
    socket.on('ping', () => (this.lastFrameAt = Date.now()));
    socket.on('error', (error) => (this.lastError = describeError(error)));
    socket.on('close', (code, reason) => this.onClose(socket, code, reason.toString()));
  }

  private onOpen(): void {
    this.openedAt = this.lastFrameAt = Date.now();
    this.lastError = undefined;
    this.setStatus({ state: 'online' });
    if (this.pingIntervalMs > 0) {
      this.pingTimer = setInterval(() => this.checkLiveness(), this.pingIntervalMs);
    }
    this.emit('open');
  }

  /** A link that has been silent for two ping intervals is dead (half-open TCP): drop it. */
  private checkLiveness(): void {
    const silentMs = Date.now() - this.lastFrameAt;
    if (silentMs >= 2 * this.pingIntervalMs) {
      this.lastError = `no answer from the server for ${(silentMs / 1000).toFixed(1)} s, connection presumed dead`;
      this.socket?.terminate();
      return;
    }
    this.socket?.ping();
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    clearInterval(this.pingTimer);
    const wasOpen = this.openedAt > 0;
    if (wasOpen && Date.now() - this.openedAt >= (this.options.stableAfterMs ?? 10_000)) this.backoff.reset();
    this.openedAt = 0;
    if (wasOpen && !this.lastError) {
      this.lastError = `server closed the connection (${code}${reason ? `: ${reason}` : ''})`;
    }
    if (wasOpen) this.emit('close');
    if (this.current.state === 'stopped') return;
    if (this.redialAtOnce) {
      this.redialAtOnce = false;
      this.dial();
      return;
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = this.backoff.next();
    this.setStatus({
      state: 'offline',
      ...(this.lastError ? { lastError: this.lastError } : {}),
      nextRetryAt: Date.now() + delay,
    });
    this.retryTimer = setTimeout(() => this.dial(), delay);
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status;
    this.emit('status', status);
  }
}

function describeError(error: Error & { code?: string }): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
  if (error.code === 'ENOTFOUND') return 'host not found';
  if (error.code === 'ETIMEDOUT' || /timed out/i.test(error.message)) return 'connection timed out';
  const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
  if (status === '401' || status === '403') return `the server refused the token (HTTP ${status})`;
  if (status) return `not a WebSocket endpoint (HTTP ${status})`;
  return error.message;
}
