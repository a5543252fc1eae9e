/**
 * One WebSocket connection that stays up: dials, detects dead links, redials with backoff.
 * It knows nothing of orders; OrderReceiver gives its frames meaning.
 */
import { EventEmitter } from 'node:events';
import WebSocket, { type ClientOptions } from 'ws';
import { Backoff, type BackoffOptions } from './backoff';
import { DeadLinkWatch, silentFor } from './dead-link';
import { FirstCause } from './first-cause';
import { HEARTBEAT_TIMEOUT_MS } from './protocol';
import { describeTlsFailure, NOT_TLS, watchedTlsDial } from './tls-failure';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'stopped';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why the last connection failed or ended, in words. */
  lastError?: string;
  /** With 'offline': when the next attempt starts, ms since the epoch. */
  nextRetryAt?: number;
  /** Once a link was up: when the server last said anything, ms since the epoch (the offline alarm's grace starts there). */
  lastHeardAt?: number;
}

export interface ConnectionOptions {
  url: string;
  headers?: Record<string, string>;
  /**
   * A link on which nothing arrived for this long is dead (half-open TCP), ms; after half of
   * it in silence a WebSocket ping asks the server for a sign of life. 0 turns this off.
   * Default: protocol v1's heartbeat timeout, 15,000.
   */
  deadAfterMs?: number;
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

/**
 * Dials still waiting for their handshake. A new dial never waits for a stuck one (a SYN or
 * an upgrade lost while the Wi-Fi was down): the first to open wins. Past this many, the
 * oldest is dropped.
 */
const MAX_DIALS_IN_FLIGHT = 4;
/** A dial under way gets at least this long before the next one starts beside it, ms. */
export const HANDSHAKE_GRACE_MS = 1000;
/**
 * Dialing again soon does not fix a refused token: after each refusal the wait doubles from
 * 4–8 s up to 30–60 s, so a wrong token does not hammer the server (and fill its log).
 */
/** How a status's lastError begins when the server refused the token sent. */
export const TOKEN_REFUSED = 'the server refused the token';
export const TOKEN_REFUSED_BACKOFF: BackoffOptions = { initialMs: 8000, maxMs: 60_000, random: () => 0.5 + Math.random() / 2 };

export class Connection extends EventEmitter<ConnectionEvents> {
  private socket: WebSocket | undefined;
  private readonly dials = new Set<WebSocket>();
  private retryTimer: NodeJS.Timeout | undefined;
  private nextRetryAt = 0;
  private readonly liveness: DeadLinkWatch;
  private openedAt = 0;
  private lastHeardAt: number | undefined;
  private lastError: string | undefined;
  private readonly causes = new FirstCause();
  private redialAtOnce = false;
  private current: ConnectionStatus = { state: 'offline' };
  private readonly backoff: Backoff;
  private readonly refusedBackoff = new Backoff(TOKEN_REFUSED_BACKOFF);
  private tokenRefused = false;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.backoff = new Backoff(options.backoff);
    this.liveness = new DeadLinkWatch({
      deadAfterMs: options.deadAfterMs ?? HEARTBEAT_TIMEOUT_MS,
      ping: () => this.socket?.ping(),
      dead: (silentMs) => {
        this.lastError = silentFor(silentMs);
        this.socket?.terminate();
      },
    });
  }

  /** A token in a header or in the address: a 401 then means a wrong one, not a missing one. */
  private sendsToken(): boolean {
    const headers = Object.keys(this.options.headers ?? {}).map((name) => name.toLowerCase());
    return headers.includes('authorization') || /[?&](token|auth|key)=/i.test(this.options.url);
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (this.socket || this.dials.size > 0 || this.retryTimer) return;
    this.dial();
  }

  /** Redial at once: the system woke up or the network changed, so the old socket and dials may be dead. */
  reconnectNow(): void {
    if (this.current.state === 'stopped') return;
    this.backoff.reset();
    this.refusedBackoff.reset();
    this.clearRetry();
    for (const dial of this.dials) this.abandon(dial);
    if (this.socket) {
      this.lastError = 'reconnecting on request';
      this.redialAtOnce = true;
      this.socket.terminate();
    } else {
      this.dial();
    }
  }

  /** New credentials (a token file was fixed): the next dial sends them, and it starts now. */
  useHeaders(headers: Record<string, string>): void {
    this.options.headers = headers;
    this.reconnectNow();
  }

  /** Ends the open connection (or the dials under way) for `reason`, shown as its status; the next dial follows the backoff. */
  drop(reason: string): void {
    if (this.current.state === 'stopped') return;
    this.lastError = reason;
    if (this.socket) return void this.socket.terminate();
    for (const dial of this.dials) this.abandon(dial);
    if (!this.retryTimer) this.scheduleRetry();
    this.reportOffline();
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
    this.clearRetry();
    for (const dial of this.dials) this.abandon(dial);
    const socket = this.socket;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000, 'client stopping');
      setTimeout(() => socket.terminate(), 1000).unref();
    });
  }

  /** Starts a dial, and schedules the next one now rather than when this one gives up. */
  private dial(): void {
    if (this.dials.size >= MAX_DIALS_IN_FLIGHT) this.abandon(this.dials.values().next().value!);
    if (this.current.state !== 'connecting') {
      this.setStatus({ state: 'connecting', ...(this.lastError ? { lastError: this.lastError } : {}) });
    }
    const tls = this.options.url.startsWith('wss:') ? watchedTlsDial() : undefined;
    const socket = new WebSocket(this.options.url, {
      // ws's types name net's createConnection; it calls this with its TLS options (as its own tlsConnect).
      ...(tls ? { createConnection: tls.connect as unknown as ClientOptions['createConnection'] } : {}),
      headers: this.options.headers,
      handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
      perMessageDeflate: false,
      maxPayload: this.options.maxPayload,
      skipUTF8Validation: this.options.rawText ?? false,
      followRedirects: false,
    });
    this.dials.add(socket);
    socket.on('upgrade', (response) => response.socket.setKeepAlive(true, this.options.keepAliveMs ?? 10_000));
    socket.on('open', () => this.onOpen(socket));
    socket.on('message', (data, isBinary) => {
      if (socket === this.socket) this.heard();
      this.emit('message', data as Buffer, isBinary);
    });
    socket.on('pong', () => socket === this.socket && this.heard());
    socket.on('ping', () => socket === this.socket && this.heard());
    socket.on('error', (error) => {
      this.tokenRefused = this.sendsToken() && refusedStatus(error) !== undefined;
      this.lastError = tls?.unanswered() && /handshake has timed out/.test(error.message) ? NOT_TLS : describeError(error, this.sendsToken());
    });
    socket.on('close', (code, reason) => this.onClose(socket, code, reason.toString()));
    this.scheduleRetry(HANDSHAKE_GRACE_MS);
  }

  private onOpen(socket: WebSocket): void {
    this.dials.delete(socket);
    for (const dial of this.dials) this.abandon(dial);
    this.clearRetry();
    this.socket = socket;
    this.openedAt = Date.now();
    this.lastHeardAt = this.openedAt;
    this.lastError = undefined;
    this.tokenRefused = false;
    this.refusedBackoff.reset();
    this.setStatus({ state: 'online' });
    this.liveness.start();
    this.emit('open');
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (this.dials.delete(socket)) return this.onDialFailed();
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.liveness.stop();
    if (Date.now() - this.openedAt >= (this.options.stableAfterMs ?? 10_000)) this.backoff.reset();
    if (!this.lastError) this.lastError = `server closed the connection (${code}${reason ? `: ${reason}` : ''})`;
    this.emit('close');
    if (this.current.state === 'stopped') return;
    if (this.redialAtOnce) {
      this.redialAtOnce = false;
      this.dial();
      return;
    }
    this.scheduleRetry();
    this.reportOffline();
  }

  /** A dial failed: say why, even while later dials are still under way. */
  private onDialFailed(): void {
    if (this.current.state === 'stopped' || this.socket) return;
    if (this.tokenRefused && this.dials.size === 0) this.nextRetryAt = Date.now() + this.refusedBackoff.next();
    // No dial left to wait for: the next one comes when the backoff says, without the grace.
    if (this.dials.size === 0) this.startRetryTimer(Math.max(0, this.nextRetryAt - Date.now()));
    this.reportOffline();
  }

  /** Drops a dial without hearing from it again. */
  private abandon(dial: WebSocket): void {
    this.dials.delete(dial);
    dial.removeAllListeners();
    dial.on('error', () => {});
    dial.terminate();
  }

  /** The next dial after the backoff's delay, or after `minMs` if that is longer. */
  private scheduleRetry(minMs = 0): void {
    const delay = this.backoff.next();
    this.nextRetryAt = Date.now() + delay;
    this.startRetryTimer(Math.max(delay, minMs));
  }

  private startRetryTimer(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.dial();
    }, delayMs);
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private heard(): void {
    this.lastHeardAt = Date.now();
    this.liveness.heard();
  }

  private reportOffline(): void {
    const heard = this.lastHeardAt === undefined ? {} : { lastHeardAt: this.lastHeardAt };
    this.setStatus({ state: 'offline', ...(this.lastError ? { lastError: this.lastError } : {}), nextRetryAt: this.nextRetryAt, ...heard });
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = this.causes.shown(status);
    this.emit('status', this.current);
  }
}

function describeError(error: Error & { code?: string }, sentToken: boolean): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
  if (error.code === 'ENOTFOUND') return 'host not found';
  if (error.code === 'ETIMEDOUT' || /timed out/i.test(error.message)) return 'connection timed out';
  const tls = describeTlsFailure(error);
  if (tls) return tls;
  const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
  const refused = refusedStatus(error);
  if (refused && !sentToken) return `the server asks for a token (HTTP ${refused}); none was sent`;
  if (refused) return `${TOKEN_REFUSED} (HTTP ${refused})`;
  if (status) return `not a WebSocket endpoint (HTTP ${status})`;
  return error.message;
}

/** 401 or 403 when the server turned the dial away for its credentials. */
function refusedStatus(error: Error): string | undefined {
  return /Unexpected server response: (40[13])\b/.exec(error.message)?.[1];
}
