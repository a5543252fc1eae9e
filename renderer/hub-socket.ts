/**
 * The web view's WebSocket to the hub: it dials, reports its state, and redials with backoff
 * after a close. What travels over it (protocol v1) is the web bridge's business.
 */
import type { ConnectionView } from '../preload/api';
import { Backoff } from '../main/core/backoff';
import { t } from '../main/core/i18n';

/** A connection that lasted this long was stable: the backoff starts small again. */
const STABLE_AFTER_MS = 10_000;

export interface HubSocketEvents {
  /** Open: the time to say hello. */
  opened(): void;
  frame(data: string): void;
  connection(view: ConnectionView): void;
}

export class HubSocket {
  private socket: WebSocket | undefined;
  private readonly backoff = new Backoff();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private lastError: string | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly events: HubSocketEvents,
    private readonly now: () => number,
    private readonly openSocket: (url: string) => WebSocket,
  ) {}

  /** Dials now. Also after a close, which starts a new connection at once. */
  connect(): void {
    clearTimeout(this.retryTimer);
    this.events.connection({ state: 'connecting', ...(this.lastError ? { lastError: this.lastError } : {}) });
    const socket = this.openSocket(this.url);
    this.socket = socket;
    const openedAt = this.now();
    socket.onopen = () => {
      this.events.connection({ state: 'online' });
      this.events.opened();
    };
    socket.onmessage = (event) => this.events.frame(String(event.data));
    socket.onclose = (event) => {
      if (this.stopped) return;
      if (this.now() - openedAt > STABLE_AFTER_MS) this.backoff.reset();
      const delay = this.backoff.next();
      this.lastError = event.code === 1006 ? t('connectionLost') : t('connectionClosed', { detail: event.reason ? `${event.code}: ${event.reason}` : event.code });
      this.events.connection({ state: 'offline', lastError: this.lastError, nextRetryAt: this.now() + delay });
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  /** Drops the current connection, however it is doing, and dials again at once. */
  reconnectNow(): void {
    if (this.stopped) return;
    this.abandon('reconnecting');
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
    clearTimeout(this.retryTimer);
    this.abandon('page closing');
  }

  private abandon(reason: string): void {
    const old = this.socket;
    if (!old) return;
    old.onopen = null;
    old.onclose = null;
    old.onmessage = null;
    old.close(1000, reason);
  }
}
