/**
 * A source whose client library is replaced, not resumed, after a refusal: the libraries
 * give up on some closes (a wrong key, an invalid token, an HTTP 401), where OrderBell must
 * keep trying, with backoff, and say why.
 */
import { Backoff, type BackoffOptions } from '../link/backoff';
import type { MapOptions } from '../orders/mapping';
import { Source, type SourceKind } from './source';

export abstract class RedialingSource extends Source {
  private retryTimer: NodeJS.Timeout | undefined;
  protected readonly backoff: Backoff;

  constructor(
    kind: SourceKind,
    label: string,
    mapOptions: MapOptions,
    backoff: BackoffOptions | undefined,
    /** Whether orders sent while offline come again after a reconnect. */
    protected readonly recoverable: boolean,
  ) {
    super(kind, label, mapOptions);
    this.backoff = new Backoff(backoff);
  }

  /** Opens a new client (if there is none). */
  protected abstract open(): void;
  /** Drops the current client; whatever it reports afterwards no longer counts. */
  protected abstract close(): void;

  start(): void {
    if (this.status.state !== 'stopped') this.open();
  }

  async stop(): Promise<void> {
    this.setStatus({ state: 'stopped' });
    clearTimeout(this.retryTimer);
    this.close();
  }

  reconnectNow(): void {
    if (this.status.state === 'stopped') return;
    clearTimeout(this.retryTimer);
    this.backoff.reset();
    this.close();
    this.open();
  }

  crashed(why: string): void {
    this.retryLater(why);
  }

  protected retryLater(lastError: string): void {
    if (this.status.state === 'stopped') return;
    this.close();
    clearTimeout(this.retryTimer);
    const delay = this.backoff.next();
    this.setStatus({ state: 'offline', lastError, nextRetryAt: Date.now() + delay, recoverable: this.recoverable });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }
}
