/**
 * The `sse` kind: Mercure hubs and any `text/event-stream` endpoint, through eventsource@4
 * (v5 needs Node 22). The last event id whose order is durable is persisted and sent as
 * `Last-Event-ID` on every reconnect and after a restart, so a server that keeps history
 * (Mercure does) resends what was missed.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { EventSource, type EventSourceFetchInit } from 'eventsource';
import type { BackoffOptions } from '../link/backoff';
import { DeadLinkWatch, silentFor } from '../link/dead-link';
import type { OrderMapping } from '../orders/mapping-fields';
import { describeTlsFailure } from '../link/tls-failure';
import { dialFailure } from './dial-check';
import { SavedPosition, type SourcePositions } from './positions';
import { RedialingSource } from './redial';
import { describeFailure } from './source';

/** How long a redial waits for received events to be stored before it resumes anyway. */
const SETTLE_WAIT_MS = 5000;
/** A stream with no bytes at all (keep-alive comments count) for this long is dead. */
export const IDLE_S = 45;
/** A request whose answer's headers do not come within this long failed (a blackholed link would hang it forever). */
const CONNECT_TIMEOUT_MS = 10_000;

export interface SseSourceOptions {
  label: string;
  url: string;
  headers?: Record<string, string>;
  /** Event types that carry orders. Default: `message` (events without an `event:` line). */
  events?: string[];
  positions?: SourcePositions;
  mapping?: Partial<OrderMapping>;
  backoff?: BackoffOptions;
  /** Seconds without a byte (comments included) after which the stream is dead and resumed with Last-Event-ID; default 45. */
  idleS?: number;
}

export class SseSource extends RedialingSource {
  private events: EventSource | undefined;
  /** The id of the last event whose order is durable: where a reconnect resumes. */
  private lastEventId: string | undefined;
  /** Events handed to the pipeline and not yet settled, from this connection or one dropped since: a redial waits for them (see fetchResuming). */
  private readonly unsettled = new Set<symbol>();
  private whenSettled: (() => void)[] = [];
  /** Why the last request failed (an error, or a dial's words): eventsource passes on only its text, without a TLS error's code. */
  private fetchFailure: unknown;
  private readonly savedPosition: SavedPosition;
  /** SSE has no way to ask for a sign of life: only the server's own bytes (Nchan's and Mercure's keep-alive comments) count. */
  private readonly idle: DeadLinkWatch;

  constructor(private readonly options: SseSourceOptions) {
    super('sse', options.label, options.mapping ? { mapping: options.mapping } : {}, options.backoff, true);
    this.idle = new DeadLinkWatch({ deadAfterMs: (options.idleS ?? IDLE_S) * 1000, dead: (silentMs) => this.retryLater(`${silentFor(silentMs)} (not even a keep-alive comment)`) });
    this.savedPosition = new SavedPosition(options.positions, `sse ${options.url}`, (message) => this.emit('warning', message));
    const saved = this.savedPosition.read()?.lastEventId;
    if (typeof saved === 'string') this.lastEventId = saved;
  }

  protected open(): void {
    if (this.events) return;
    this.setStatus({ state: 'connecting', recoverable: true });
    const events = new EventSource(this.options.url, { fetch: (url, init) => this.fetchResuming(url, init) });
    this.events = events;
    events.addEventListener('open', () => {
      this.idle.start();
      this.backoff.reset();
      this.setStatus({ state: 'online', recoverable: true });
    });
    events.addEventListener('error', (error) => this.onError(events, error.message ?? 'the stream ended', error.code));
    for (const type of this.options.events ?? ['message']) {
      events.addEventListener(type, (event) => this.onEvent(event.data, event.lastEventId));
    }
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.savedPosition.settled();
  }

  protected close(): void {
    const events = this.events;
    this.events = undefined;
    this.idle.stop();
    events?.close();
    // What is still unsettled is still being stored: a dropped stream does not stop the pipeline's write.
  }

  /**
   * A redial waits (a few seconds at most) for the events already received to be stored, so
   * its Last-Event-ID is the latest one stored: resuming from an older one would be safe, but
   * with no id stored yet the server would start from now and skip what came in between
   * (a server that drops the stream while the first order is being written).
   */
  private async fetchResuming(url: string | URL, init: EventSourceFetchInit): Promise<Response> {
    if (this.unsettled.size > 0) {
      const settled = await Promise.race([new Promise<boolean>((resolve) => this.whenSettled.push(() => resolve(true))), delay(SETTLE_WAIT_MS, false, { ref: false })]);
      // One that never settles could not be stored (the pipeline redials for it): resume from the last one stored.
      if (!settled) this.unsettled.clear();
    }
    // eventsource's own retry after a network failure: the only sign of it is this request.
    if (this.status.state === 'offline') this.setStatus({ state: 'connecting', ...(this.status.lastError ? { lastError: this.status.lastError } : {}), recoverable: true });
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('connection timed out')), CONNECT_TIMEOUT_MS);
    try {
      const response = await fetch(url, this.requestInit(init, timeout.signal));
      this.fetchFailure = undefined;
      return this.watched(response);
    } catch (error) {
      // A TLS hello a plain port never answers ends in our timeout: a plain dial tells that from a slow server.
      const silentTls = timeout.signal.aborted && new URL(url).protocol === 'https:';
      this.fetchFailure = (silentTls && (await dialFailure(String(url)))) || error;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The same response, its every chunk a sign of life: eventsource hides comment lines. */
  private watched(response: Response): Response {
    if (!response.body) return response;
    const idle = this.idle;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          idle.heard();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  private releaseWaiters(): void {
    for (const resolve of this.whenSettled.splice(0)) resolve();
  }

  /** The resume position is ours, not the library's: only an id whose order is stored counts. */
  private requestInit(init: EventSourceFetchInit, timeout: AbortSignal): RequestInit {
    const headers: Record<string, string> = { ...this.options.headers, ...(init.headers as Record<string, string>) };
    delete headers['Last-Event-ID'];
    if (this.lastEventId !== undefined) headers['Last-Event-ID'] = this.lastEventId;
    const signal = init.signal ? AbortSignal.any([init.signal as AbortSignal, timeout]) : timeout;
    return { ...(init as RequestInit), headers, signal };
  }

  private onEvent(data: string, id: string): void {
    const event = Symbol(id);
    this.unsettled.add(event);
    this.emit('message', {
      payload: data,
      settled: () => {
        this.unsettled.delete(event);
        if (this.unsettled.size === 0) this.releaseWaiters();
        if (!id) return;
        this.lastEventId = id;
        this.savedPosition.save({ lastEventId: id });
      },
    });
  }

  /** Every failure redials with our backoff (eventsource's own retries would not say when the next try is); Last-Event-ID resumes. */
  private onError(events: EventSource, message: string, code: number | undefined): void {
    const failure = this.fetchFailure;
    const lastError = code ? describeHttp(code, message) : typeof failure === 'string' ? failure : (describeTlsFailure(failure) ?? describeFailure({ message }));
    if (events !== this.events) return;
    this.idle.stop();
    this.retryLater(lastError);
  }
}

function describeHttp(code: number, message: string): string {
  if (code === 401 || code === 403) return `the server refused the credentials (HTTP ${code})`;
  // eventsource's own words name the status already ("Non-200 status code (404)").
  if (/^Non-200 status code/.test(message)) return `the server answered HTTP ${code}${code === 404 ? ' (no event stream at this address)' : ''}`;
  return `${message} (HTTP ${code})`;
}
