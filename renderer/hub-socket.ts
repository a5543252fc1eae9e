/**
 * The web view's WebSocket to the hub: it dials, reports its state, notices a dead link and
 * redials. What travels over it (protocol v1) is the web bridge's business; this side only
 * counts on the heartbeat the bridge asks for in its hello, so that a frame comes at least
 * every HEARTBEAT_INTERVAL_MS.
 */
import type { ConnectionView } from '../preload/api';
import { Backoff } from '../main/core/link/backoff';
import { HEARTBEAT_TIMEOUT_MS } from '../main/core/link/protocol';
import { t } from '../main/core/ui/i18n';

/** A connection that lasted this long was stable: the backoff starts small again. */
const STABLE_AFTER_MS = 10_000;
/** Browsers give a WebSocket no handshake timeout of their own. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Dials still waiting for their handshake; past this many the oldest is dropped. */
const MAX_DIALS_IN_FLIGHT = 4;
/** A dial under way gets at least this long before the next one starts beside it, ms. */
const HANDSHAKE_GRACE_MS = 1000;

export interface HubSocketEvents {
  /** Open: the time to say hello. */
  opened(): void;
  frame(data: string): void;
  connection(view: ConnectionView): void;
}

export interface HubSocketTimes {
  /** A link silent this long is dead (the heartbeat stopped), ms. */
  deadAfterMs: number;
  connectTimeoutMs: number;
}

export class HubSocket {
  private socket: WebSocket | undefined;
  private readonly dials = new Map<WebSocket, ReturnType<typeof setTimeout>>();
  private readonly backoff = new Backoff();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextRetryAt = 0;
  private livenessTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFrameAt = 0;
  private openedAt = 0;
  private lastError: string | undefined;
  private state: ConnectionView['state'] = 'offline';
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly events: HubSocketEvents,
    private readonly now: () => number,
    private readonly openSocket: (url: string) => WebSocket,
    private readonly times: HubSocketTimes = { deadAfterMs: HEARTBEAT_TIMEOUT_MS, connectTimeoutMs: CONNECT_TIMEOUT_MS },
  ) {}

  /**
   * Dials now, and schedules the next dial at once rather than when this one gives up: a dial
   * lost while the Wi-Fi was down never delays the first one that can get through.
   */
  connect(): void {
    if (this.stopped) return;
    if (this.dials.size >= MAX_DIALS_IN_FLIGHT) this.abandon(this.dials.keys().next().value!, 'superseded');
    if (this.state !== 'connecting') this.report({ state: 'connecting', ...(this.lastError ? { lastError: this.lastError } : {}) });
    const socket = this.openSocket(this.url);
    this.dials.set(socket, setTimeout(() => this.dialTimedOut(socket), this.times.connectTimeoutMs));
    socket.onopen = () => this.onOpen(socket);
    socket.onclose = (event) => this.onDialClosed(socket, event);
    this.scheduleRetry(HANDSHAKE_GRACE_MS);
  }

  /** Drops the current connection and every dial, however they are doing, and dials again at once. */
  reconnectNow(): void {
    if (this.stopped) return;
    this.dropAll('reconnecting');
    this.backoff.reset();
    this.connect();
  }

  /** False when there is no open connection to send on. */
  send(text: string): boolean {
    if (this.socket?.readyState !== 1 /* OPEN */) return false;
    this.socket.send(text);
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.dropAll('page closing');
  }

  private onOpen(socket: WebSocket): void {
    clearTimeout(this.dials.get(socket));
    this.dials.delete(socket);
    for (const dial of [...this.dials.keys()]) this.abandon(dial, 'superseded');
    clearTimeout(this.retryTimer);
    this.socket = socket;
    this.openedAt = this.lastFrameAt = this.now();
    this.lastError = undefined;
    socket.onmessage = (event) => {
      this.lastFrameAt = this.now();
      this.events.frame(String(event.data));
    };
    socket.onclose = (event) => this.lost(event.code === 1006 ? t('connectionLost') : t('connectionClosed', { detail: event.reason ? `${event.code}: ${event.reason}` : event.code }));
    this.watchLiveness(this.times.deadAfterMs);
    this.report({ state: 'online' });
    this.events.opened();
  }

  /** One timer per connection: when it fires it checks how long the link has been silent. */
  private watchLiveness(delayMs: number): void {
    this.livenessTimer = setTimeout(() => {
      const silentMs = this.now() - this.lastFrameAt;
      if (silentMs < this.times.deadAfterMs) return this.watchLiveness(this.times.deadAfterMs - silentMs);
      const socket = this.socket!;
      this.lost(t('connectionSilent', { s: (silentMs / 1000).toFixed(1) }));
      this.abandon(socket, 'no heartbeat');
      this.connect();
    }, delayMs);
  }

  /** The open connection ended: report offline and redial after the backoff. */
  private lost(reason: string): void {
    clearTimeout(this.livenessTimer);
    this.socket = undefined;
    if (this.now() - this.openedAt > STABLE_AFTER_MS) this.backoff.reset();
    this.lastError = reason;
    this.scheduleRetry();
    this.reportOffline();
  }

  private onDialClosed(socket: WebSocket, event: CloseEvent): void {
    clearTimeout(this.dials.get(socket));
    this.dials.delete(socket);
    this.lastError = event.code === 1006 ? t('connectionLost') : t('connectionClosed', { detail: event.reason ? `${event.code}: ${event.reason}` : event.code });
    if (this.socket) return;
    // No dial left to wait for: the next one comes when the backoff says, without the grace.
    if (this.dials.size === 0) this.startRetryTimer(Math.max(0, this.nextRetryAt - this.now()));
    this.reportOffline();
  }

  private dialTimedOut(socket: WebSocket): void {
    this.abandon(socket, 'timed out');
    this.lastError = t('connectionTimedOut', { s: (this.times.connectTimeoutMs / 1000).toFixed(1) });
    if (!this.socket) this.reportOffline();
  }

  /** The next dial after the backoff's delay, or after `minMs` if that is longer. */
  private scheduleRetry(minMs = 0): void {
    const delay = this.backoff.next();
    this.nextRetryAt = this.now() + delay;
    this.startRetryTimer(Math.max(delay, minMs));
  }

  private startRetryTimer(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  private dropAll(reason: string): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.livenessTimer);
    for (const dial of [...this.dials.keys()]) this.abandon(dial, reason);
    if (this.socket) this.abandon(this.socket, reason);
    this.socket = undefined;
  }

  private abandon(socket: WebSocket, reason: string): void {
    clearTimeout(this.dials.get(socket));
    this.dials.delete(socket);
    socket.onopen = null;
    socket.onclose = null;
    socket.onmessage = null;
    socket.close(1000, reason);
  }

  private reportOffline(): void {
    this.report({ state: 'offline', ...(this.lastError ? { lastError: this.lastError } : {}), nextRetryAt: this.nextRetryAt });
  }

  private report(view: ConnectionView): void {
    this.state = view.state;
    this.events.connection(view);
  }
}
