/**
 * A source whose client library is replaced, not resumed, after a refusal: the libraries
 * give up on some closes (a wrong key, an invalid token, an HTTP 401), where OrderBell must
 * keep trying, with backoff, and say why.
 *
 * The backoff forgets its failures only once a link has proven itself: it stayed online for
 * `stableAfterMs` or delivered an order. A server that accepts the connection and then drops
 * it (a refused subscription, a broken proxy) is otherwise redialled at the first delay forever.
 */
import { Backoff, type BackoffOptions } from '../link/backoff';
import type { MapOptions } from '../orders/mapping';
import { FirstCause } from '../link/first-cause';
import { describeFailure, Source, type SourceKind, type SourceStatus } from './source';

export interface RedialOptions extends BackoffOptions {
  /** How long a link must stay online before the backoff starts over. Default 30 s. */
  stableAfterMs?: number;
}

export abstract class RedialingSource extends Source {
  private retryTimer: NodeJS.Timeout | undefined;
  protected readonly backoff: Backoff;
  private readonly stableAfterMs: number;
  /** When the current link went online (undefined while it is not). */
  private onlineAt: number | undefined;
  /** Counts dials and drops: what an older connection reports after a redial no longer counts. */
  private generation = 0;
  private readonly causes = new FirstCause();

  constructor(
    kind: SourceKind,
    label: string,
    mapOptions: MapOptions,
    redial: RedialOptions | undefined,
    /** Whether orders sent while offline come again after a reconnect. */
    protected readonly recoverable: boolean,
  ) {
    super(kind, label, mapOptions);
    this.backoff = new Backoff(redial);
    this.stableAfterMs = redial?.stableAfterMs ?? 30_000;
  }

  /** Opens a new client (if there is none). */
  protected abstract open(): void;
  /** Drops the current client; whatever it reports afterwards no longer counts. */
  protected abstract close(): void;

  /**
   * Opens a connection in the background (a pull-based kind's connect, set-up and read loop):
   * `work` is given `current`, true until this connection is dropped or replaced. A failure
   * redials with backoff, in the words of `describe`, only while the connection is still current.
   */
  protected dial(work: (current: () => boolean) => Promise<void>, describe: (error: unknown) => string = describeFailure): void {
    const generation = ++this.generation;
    const current = () => generation === this.generation && this.status.state !== 'stopped';
    this.setStatus({ state: 'connecting', recoverable: this.recoverable });
    work(current).catch((error: unknown) => {
      if (current()) this.retryLater(describe(error));
    });
  }

  /** Drops the current connection: whatever it reports afterwards no longer counts. */
  private dropConnection(): void {
    this.generation++;
    this.close();
  }

  start(): void {
    if (this.status.state !== 'stopped') this.open();
  }

  async stop(): Promise<void> {
    this.setStatus({ state: 'stopped' });
    clearTimeout(this.retryTimer);
    this.dropConnection();
  }

  reconnectNow(): void {
    if (this.status.state === 'stopped') return;
    clearTimeout(this.retryTimer);
    this.backoff.reset();
    this.onlineAt = undefined;
    this.dropConnection();
    this.open();
  }

  /** Redials keep naming the first cause since the link was last up (link/first-cause.ts). */
  protected override setStatus(status: SourceStatus): void {
    super.setStatus(this.causes.shown(status));
  }

  /** The link is up and receiving: from now on it counts towards `stableAfterMs`. */
  protected online(): void {
    this.onlineAt ??= Date.now();
    this.setStatus({ state: 'online', recoverable: this.recoverable });
  }

  /** An order came through: the link works, whatever happens to it next. */
  protected delivered(): void {
    this.backoff.reset();
  }

  /** Its client library threw (see containment.ts): drop the connection, say why, and redial with backoff. */
  crashed(why: string): void {
    this.retryLater(why);
  }

  protected retryLater(lastError: string): void {
    if (this.status.state === 'stopped') return;
    this.dropConnection();
    clearTimeout(this.retryTimer);
    if (this.onlineAt !== undefined && Date.now() - this.onlineAt >= this.stableAfterMs) this.backoff.reset();
    this.onlineAt = undefined;
    const delay = this.backoff.next();
    this.setStatus({ state: 'offline', lastError, nextRetryAt: Date.now() + delay, recoverable: this.recoverable });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }
}
