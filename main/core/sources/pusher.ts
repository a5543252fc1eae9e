/**
 * The `pusher` kind: Laravel Reverb, Soketi and Pusher itself, through pusher-js (its Node
 * build). Public or private channels (private ones are authorised by the shop's auth
 * endpoint, e.g. Laravel's /broadcasting/auth). Pusher keeps no history: an optional catch-up
 * URL is fetched after every subscribe to fill the gap; without one this source says that
 * orders sent while it was offline cannot be recovered from it.
 */
import Pusher, { type Channel, type Options } from 'pusher-js';
import type { BackoffOptions } from '../link/backoff';
import { DEAD_AFTER_MS, DeadLinkWatch, silentFor } from '../link/dead-link';
import type { OrderMapping } from '../orders/mapping-fields';
import { pusherClusterUrl } from '../settings/source-config';
import { dialFailure } from './dial-check';
import { keepPusherDigits } from './pusher-exact';
import { RedialingSource } from './redial';
import { describeFailure } from './source';

export interface PusherSourceOptions {
  label: string;
  /** ws://host:port or wss://host:port (Reverb, Soketi); empty or absent: Pusher's wss://ws-<cluster>.pusher.com. */
  url?: string;
  key: string;
  /** Pusher's cluster (default mt1): names the host when there is no url. */
  cluster?: string;
  channel: string;
  /** Event names that carry orders; default: every event on the channel. */
  events?: string[];
  /** Private channels: where the subscription is authorised (POST socket_id, channel_name). */
  authEndpoint?: string;
  /** Sent to the auth endpoint and the catch-up URL. */
  headers?: Record<string, string>;
  /** GET after every subscribe: a JSON array of orders (or `{ "orders": [...] }`) sent recently. */
  catchUpUrl?: string;
  mapping?: Partial<OrderMapping>;
  backoff?: BackoffOptions;
  /** How long a connected client waits for the subscription's answer before it redials; default 10 s. */
  subscribeTimeoutMs?: number;
  /** Silence after which the link is dead and redialled, seconds; default 20 (pusher-js alone: the server's activity_timeout, up to 120 s, plus 30 s). */
  deadAfterS?: number;
}

/** A catch-up answer larger than this is refused: it is untrusted input held in memory at once. */
const CATCH_UP_MAX_CHARS = 8 * 1024 * 1024;

/** pusher-js states that mean "not connected, and not trying on its own". */
const GAVE_UP = new Set(['failed', 'disconnected']);

export class PusherSource extends RedialingSource {
  private client: Pusher | undefined;
  private lastError: string | undefined;
  private subscribed = false;
  /** Runs from connected until the subscription is answered: some refusals (pusher_internal:subscription_error) pusher-js drops unseen. */
  private subscribeTimer: NodeJS.Timeout | undefined;
  /** A `pusher:ping` after half the cap in silence; any message (its `pusher:pong` too) is a sign of life. */
  private readonly liveness: DeadLinkWatch;

  constructor(private readonly options: PusherSourceOptions) {
    super('pusher', options.label, options.mapping ? { mapping: options.mapping } : {}, options.backoff, options.catchUpUrl !== undefined);
    keepPusherDigits();
    this.liveness = new DeadLinkWatch({
      deadAfterMs: options.deadAfterS !== undefined ? options.deadAfterS * 1000 : DEAD_AFTER_MS,
      ping: () => this.client?.send_event('pusher:ping', {}),
      dead: (silentMs) => this.retryLater(silentFor(silentMs)),
    });
  }

  protected open(): void {
    if (this.client) return;
    this.setStatus({ state: 'connecting', recoverable: this.recoverable });
    const client = new Pusher(this.options.key, pusherClientOptions(this.options));
    this.client = client;
    this.subscribed = false;
    client.connection.bind('state_change', ({ current }: { current: string }) => client === this.client && this.onState(client, current));
    client.connection.bind('error', (error: unknown) => client === this.client && this.onError(error));
    client.connection.bind('message', () => client === this.client && this.liveness.heard());
    this.subscribe(client);
  }

  protected close(): void {
    const client = this.client;
    this.client = undefined;
    clearTimeout(this.subscribeTimer);
    this.liveness.stop();
    client?.disconnect();
  }

  private subscribe(client: Pusher): void {
    const channel: Channel = client.subscribe(this.options.channel);
    channel.bind('pusher:subscription_succeeded', () => {
      this.subscribed = true;
      clearTimeout(this.subscribeTimer);
      this.backoff.reset();
      this.lastError = undefined;
      this.setStatus({ state: 'online', recoverable: this.recoverable });
      if (this.options.catchUpUrl) void this.catchUp(this.options.catchUpUrl);
    });
    channel.bind('pusher:subscription_error', (error: { status?: number; error?: string }) => {
      const why = `the subscription to ${this.options.channel} was refused${error.status ? ` (HTTP ${error.status})` : ''}${error.error ? `: ${error.error}` : ''}`;
      this.retryLater(why);
    });
    channel.bind_global((event: string, data: unknown) => {
      if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) return;
      if (this.options.events && !this.options.events.includes(event)) return;
      this.emit('message', { payload: data });
    });
  }

  /**
   * Pusher refuses a bad signature with a connection-wide `pusher:error` (no code, or 4000–4099)
   * and leaves the socket open: without this the source would wait for the subscription forever.
   */
  private onError(error: unknown): void {
    this.lastError = describePusherError(error);
    const { type, data } = (error ?? {}) as { type?: string; data?: { code?: number | null } };
    const refusal = type === 'PusherError' && (data?.code == null || data.code < 4100);
    if (refusal && !this.subscribed && this.client?.connection.state === 'connected') this.retryLater(`the subscription to ${this.options.channel} was refused: ${this.lastError}`);
  }

  private onState(client: Pusher, state: string): void {
    clearTimeout(this.subscribeTimer);
    // pusher-js subscribes again on every connect.
    this.subscribed = false;
    if (state === 'connected') this.liveness.start();
    else this.liveness.stop();
    if (state === 'connected') this.awaitSubscription();
    else if (state === 'connecting') this.setStatus({ state: 'connecting', recoverable: this.recoverable, ...(this.lastError ? { lastError: this.lastError } : {}) });
    else if (state === 'unavailable') void this.unavailable(client);
    // pusher-js stops on 4000–4099 closes (a wrong key, an app over quota): redial with backoff anyway.
    else if (GAVE_UP.has(state)) this.retryLater(this.lastError ?? `connection ${state}`);
  }

  private awaitSubscription(): void {
    const timeoutMs = this.options.subscribeTimeoutMs ?? 10_000;
    this.subscribeTimer = setTimeout(() => this.retryLater(`the server did not answer the subscription to ${this.options.channel} within ${timeoutMs / 1000} s`), timeoutMs);
  }

  /**
   * Unreachable for pusher-js's unavailable timeout (10 s): a new client after our backoff, so the
   * status says when the next try is. pusher-js keeps a failed dial's reason (a refused port, an
   * untrusted certificate) to itself: a plain dial names it.
   */
  private async unavailable(client: Pusher): Promise<void> {
    const why = this.lastError ?? (await dialFailure(this.options.url || pusherClusterUrl(this.options.cluster ?? 'mt1'))) ?? 'the server is unavailable';
    if (client === this.client && client.connection.state === 'unavailable') this.retryLater(why);
  }

  private async catchUp(url: string): Promise<void> {
    try {
      const response = await fetch(url, { headers: this.options.headers ?? {}, signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      if (text.length > CATCH_UP_MAX_CHARS) throw new Error(`the answer is over ${CATCH_UP_MAX_CHARS} characters`);
      const body: unknown = JSON.parse(text);
      const orders = Array.isArray(body) ? body : (body as { orders?: unknown })?.orders;
      if (!Array.isArray(orders)) throw new Error('expected a JSON array of orders, or { "orders": [...] }');
      for (const payload of orders) this.emit('message', { payload, replayed: true });
    } catch (error) {
      this.emit('warning', `catch-up from ${url} failed, orders sent while offline may be missing: ${describeFailure(error)}`);
    }
  }
}

/** What pusher-js is given: the URL's host and port, or, without a URL, the cluster's host over TLS (pusher-js names it). */
export function pusherClientOptions(options: PusherSourceOptions): Options {
  const common: Options = {
    cluster: options.cluster ?? 'mt1',
    disableStats: true,
    ...(options.authEndpoint ? { channelAuthorization: { endpoint: options.authEndpoint, transport: 'ajax' as const, headers: options.headers ?? {} } } : {}),
  };
  // pusher-js's WebSocket transport is named 'ws' whether or not it uses TLS (forceTLS makes it dial wss://);
  // its 'wss' is only the fallback from ws:// to TLS: enabling 'wss' alone left forceTLS with no transport at all.
  if (!options.url) return { ...common, forceTLS: true, enabledTransports: ['ws'] };
  const url = new URL(options.url);
  const tls = url.protocol === 'wss:';
  const port = Number(url.port || (tls ? 443 : 80));
  return { ...common, wsHost: url.hostname, wsPort: port, wssPort: port, forceTLS: tls, enabledTransports: ['ws'] };
}

function describePusherError(error: unknown): string {
  const data = (error as { data?: { code?: number; message?: string }; error?: { data?: { code?: number; message?: string } } } | undefined);
  const inner = data?.data ?? data?.error?.data;
  if (inner?.message) return `${inner.message}${inner.code ? ` (${inner.code})` : ''}`;
  return describeFailure((error as { error?: unknown })?.error ?? error);
}
