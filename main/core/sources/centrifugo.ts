/**
 * The `centrifugo` kind, through centrifuge-js (given `ws` as its WebSocket). Recovery is the
 * client's own (offset + epoch); the position whose orders are durable is persisted beside
 * the journal and handed back as `since` after a restart, so the server resends what was
 * missed while OrderBell was off. A position the server cannot recover is reported.
 */
import { Centrifuge, type Subscription } from 'centrifuge';
import WebSocket from 'ws';
import type { BackoffOptions } from '../link/backoff';
import { DEAD_AFTER_MS, DeadLinkWatch, silentFor } from '../link/dead-link';
import { quoteBigIntegers } from '../orders/exact-json';
import type { OrderMapping } from '../orders/mapping-fields';
import { SavedPosition, type SourcePositions } from './positions';
import { RedialingSource } from './redial';
import { describeFailure } from './source';

export interface CentrifugoSourceOptions {
  label: string;
  /** ws://host:8000/connection/websocket */
  url: string;
  token?: string;
  channel: string;
  positions?: SourcePositions;
  mapping?: Partial<OrderMapping>;
  backoff?: BackoffOptions;
  /** Silence after which the link is dead and redialled, seconds; default 20 (centrifuge-js alone: the server's ping interval, 25 s, plus 10 s). */
  deadAfterS?: number;
}

interface StreamPosition {
  offset: number;
  epoch: string;
}

export class CentrifugoSource extends RedialingSource {
  private client: Centrifuge | undefined;
  /** Where the orders stored so far end: recovery starts after it. */
  private position: StreamPosition | undefined;
  /** The epoch of the stream the current subscription reads: its publications' offsets count in it. */
  private streamEpoch: string | undefined;
  private readonly savedPosition: SavedPosition;
  /** Why the last WebSocket failed: the client reports only "transport closed" (a TLS error, say, is lost). */
  private transportFailure: string | undefined;
  /**
   * Centrifugo pings every 25 s, longer than the cap: after half the cap in silence an RPC asks
   * for a sign of life (a server without RPC answers it with an error, which is one too).
   */
  private readonly liveness: DeadLinkWatch;

  constructor(private readonly options: CentrifugoSourceOptions) {
    super('centrifugo', options.label, options.mapping ? { mapping: options.mapping } : {}, options.backoff, true);
    this.liveness = new DeadLinkWatch({
      deadAfterMs: options.deadAfterS !== undefined ? options.deadAfterS * 1000 : DEAD_AFTER_MS,
      ping: () => void this.client?.rpc('orderbell.ping', {}).catch(() => {}),
      dead: (silentMs) => this.retryLater(silentFor(silentMs)),
    });
    this.savedPosition = new SavedPosition(options.positions, `centrifugo ${options.url} ${options.channel}`, (message) => this.emit('warning', message));
    const saved = this.savedPosition.read();
    if (typeof saved?.offset === 'number' && typeof saved.epoch === 'string') this.position = { offset: saved.offset, epoch: saved.epoch };
  }

  protected open(): void {
    if (this.client) return;
    this.setStatus({ state: 'connecting', recoverable: true });
    const { initialMs = 500, maxMs = 20_000 } = this.options.backoff ?? {};
    const client = new Centrifuge(this.options.url, {
      websocket: this.recordingWebSocket(() => client === this.client),
      minReconnectDelay: initialMs,
      maxReconnectDelay: maxMs,
      ...(this.options.token ? { token: this.options.token } : {}),
    });
    this.client = client;
    const current = () => client === this.client;
    client.on('connected', () => current() && this.liveness.start());
    client.on('connecting', () => {
      if (!current()) return;
      this.liveness.stop();
      this.setStatus({ state: 'connecting', recoverable: true });
    });
    // The client gives up on refusals (a bad token, an unknown channel): we retry with backoff.
    client.on('disconnected', (ctx) => current() && this.retryLater(`${ctx.reason} (${ctx.code})`));
    client.on('error', (ctx) => current() && this.onClientError(ctx.type, ctx.error.message));
    this.subscribe(client);
    client.connect();
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.savedPosition.settled();
  }

  /** Every new client recovers from the stored position: also what a failed store needs. */
  protected close(): void {
    const client = this.client;
    this.client = undefined;
    this.liveness.stop();
    client?.disconnect();
  }

  /**
   * A failed WebSocket is a "transport" error naming no cause ("transport closed"), and the client
   * redials by itself: offline, with the socket's own error, until its next socket is made (connecting).
   */
  private onClientError(type: string, message: string): void {
    const failure = type === 'transport' ? this.transportFailure : undefined;
    this.transportFailure = undefined;
    // A new client after our backoff (it recovers from the stored position), so the status says when the next try is.
    if (failure) this.retryLater(failure);
    else this.setStatus({ ...this.status, lastError: message });
  }

  /** ws, noting each socket's error for onClientError. */
  private recordingWebSocket(current: () => boolean) {
    const record = (failure: string | undefined) => current() && (this.transportFailure = failure);
    const heard = () => current() && this.liveness.heard();
    const redialing = () => current() && this.status.state === 'offline' && this.setStatus({ state: 'connecting', ...(this.status.lastError ? { lastError: this.status.lastError } : {}), recoverable: true });
    return class extends WebSocket {
      constructor(address: string, protocols?: string) {
        super(address, protocols);
        redialing();
        this.on('error', (error) => record(describeFailure(error)));
        this.on('open', () => record(undefined));
        this.on('message', heard);
      }

      /** centrifuge-js parses each frame with its own JSON.parse (no codec can be given): big integers are quoted first, so they keep every digit. */
      override emit(event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'message' && args[1] === false) args[0] = Buffer.from(quoteBigIntegers(String(args[0])));
        return super.emit(event, ...args);
      }
    };
  }

  private subscribe(client: Centrifuge): void {
    const subscription: Subscription = client.newSubscription(this.options.channel, {
      recoverable: true,
      ...(this.position ? { since: this.position } : {}),
    });
    subscription.on('subscribed', (ctx) => {
      this.backoff.reset();
      this.setStatus({ state: 'online', recoverable: ctx.recoverable });
      if (ctx.wasRecovering && !ctx.recovered) {
        this.emit('warning', `the server could not recover the orders sent since offset ${this.position?.offset ?? '?'} (epoch ${this.position?.epoch ?? '?'}): orders sent while offline may be missing`);
      }
      this.streamEpoch = ctx.streamPosition?.epoch;
    });
    subscription.on('error', (ctx) => this.emit('warning', `subscription to ${ctx.channel}: ${ctx.error.message}`));
    subscription.on('unsubscribed', (ctx) => client === this.client && this.retryLater(`unsubscribed from ${ctx.channel}: ${ctx.reason} (${ctx.code})`));
    subscription.on('publication', (ctx) => {
      const epoch = this.streamEpoch;
      this.emit('message', { payload: ctx.data, settled: () => this.stored(ctx.offset, epoch) });
    });
    subscription.subscribe();
  }

  private stored(offset: number | undefined, epoch: string | undefined): void {
    if (offset === undefined || epoch === undefined) return;
    if (this.position && this.position.epoch === epoch && this.position.offset >= offset) return;
    this.position = { offset, epoch };
    this.savedPosition.save({ ...this.position });
  }

}

