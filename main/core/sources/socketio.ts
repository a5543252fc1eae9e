/**
 * The `socketio` kind: web-msg-sender (PHPSocket.IO) and other Socket.IO 2 servers. They speak
 * Engine.IO 3, which only socket.io-client@2 still talks. web-msg-sender puts each device in a
 * room named after the uid it sends in `login`, so `login` goes out on every (re)connect, and
 * it runs htmlspecialchars on what it pushes, so entities are unescaped before mapping.
 * Socket.IO keeps no history: orders pushed while offline are not recoverable from it.
 * The server's ping settings (PHPSocket.IO: 25 s + 60 s) do not decide when a silent link is
 * dead: OrderBell's own cap sends an Engine.IO ping after half of deadAfterS in silence.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import io, { type ClientManager, type ClientSocket } from 'socket.io-client';
import { Backoff } from '../link/backoff';
import { DEAD_AFTER_MS, DeadLinkWatch, silentFor } from '../link/dead-link';
import { FirstCause } from '../link/first-cause';
import type { OrderMapping } from '../orders/mapping-fields';
import { dialFailure, socketIoVersionRefusal } from './dial-check';
import { exactParser } from './socketio-parser';
import { describeFailure, Source, type SourceStatus } from './source';

export interface SocketIoSourceOptions {
  label: string;
  url: string;
  /** Sent with `login` on every connect; empty sends no login. */
  uid?: string;
  /** The events that carry orders. Default: `new_msg`. */
  events?: string[];
  loginEvent?: string;
  /** The event each state change of an order is emitted as; the server acknowledges it (a callback). */
  replyTo?: string;
  /** Added to the handshake URL: where a server's middleware expects credentials. */
  query?: Record<string, string>;
  mapping?: Partial<OrderMapping>;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Silence after which the link is dead and redialled, seconds; default 20. */
  deadAfterS?: number;
}

export class SocketIoSource extends Source {
  private socket: ClientSocket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  /** Counts connection attempts: a late diagnosis of an earlier one is not reported. */
  private attempt = 0;
  /** Why the link went down first: redials keep saying it rather than their own bare errors. */
  private readonly causes = new FirstCause();
  private nextRetryAt: number | undefined;
  /** The current Engine.IO socket's watch: a link that drops while a ping is unanswered went silent first. */
  private liveness: DeadLinkWatch | undefined;
  /** This source's own connections: stopping ends every one, even a dial stuck in its handshake. */
  private agent: HttpAgent | undefined;

  constructor(private readonly options: SocketIoSourceOptions) {
    super('socketio', options.label, { unescapeHtml: true, ...(options.mapping ? { mapping: options.mapping } : {}) });
    this.backoff = new Backoff(options.backoff);
  }

  start(): void {
    if (this.socket) return;
    this.setStatus({ state: 'connecting', recoverable: false });
    const initialMs = this.options.backoff?.initialMs ?? 500;
    this.agent = /^(https|wss):/.test(this.options.url) ? new HttpsAgent() : new HttpAgent();
    const socket = io(this.options.url, {
      forceNew: true,
      reconnectionDelay: initialMs,
      reconnectionDelayMax: this.options.backoff?.maxMs ?? 20_000,
      timeout: 10_000,
      parser: exactParser,
      agent: this.agent,
      ...(this.options.query ? { query: this.options.query } : {}),
    });
    this.socket = socket;
    this.watchLiveness(socket.io);
    this.noteRetries(socket.io);
    socket.on('connect', () => {
      this.attempt++;
      this.onConnect();
    });
    socket.on('disconnect', (reason: string) => {
      const why = this.silence(reason) ?? `disconnected: ${reason}`;
      // The manager schedules its redial right after this event: then the next try is known.
      queueMicrotask(() => this.offline(why));
    });
    socket.on('connect_error', (error: Error) => void this.connectFailed(error));
    socket.on('connect_timeout', () => this.offline('connection timed out'));
    socket.on('reconnect_attempt', () => {
      this.attempt++;
      this.setStatus({ state: 'connecting', recoverable: false });
    });
    // A namespace refused by the server's middleware (wrong credentials): Socket.IO 2 does not retry that.
    // A transport's failure ("xhr poll error") comes here too, but is no refusal: the disconnect that follows says it.
    socket.on('error', (error: unknown) => (error as { type?: string } | undefined)?.type !== 'TransportError' && this.refused(typeof error === 'string' ? error : describeFailure(error)));
    for (const event of this.options.events ?? ['new_msg']) {
      socket.on(event, (payload: unknown) => this.emit('message', { payload }));
    }
  }

  /** Resolves when the server calls the event's acknowledgement callback. */
  override publishReply(payload: string): Promise<void> {
    const { socket } = this;
    const event = this.options.replyTo;
    if (!event) return Promise.reject(new Error('no reply event is set'));
    if (!socket?.connected) return Promise.reject(new Error('not connected to the Socket.IO server'));
    return new Promise((resolve) => socket.emit(event, JSON.parse(payload), () => resolve()));
  }

  async stop(): Promise<void> {
    this.setStatus({ state: 'stopped' });
    clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = undefined;
    // Engine.IO 3's polling defers its close until it is open: a request stuck in a handshake (a TLS
    // hello a plain port never answers) would stay, and keep `orderbell listen` from ending on SIGTERM.
    this.agent?.destroy();
  }

  reconnectNow(): void {
    if (this.status.state === 'stopped' || !this.socket) return;
    clearTimeout(this.retryTimer);
    this.backoff.reset();
    this.socket.close();
    this.socket.open();
  }

  /** One watch per Engine.IO socket: every packet in counts, and an Engine.IO ping asks for one. */
  private watchLiveness(manager: ClientManager): void {
    const deadAfterMs = this.options.deadAfterS !== undefined ? this.options.deadAfterS * 1000 : DEAD_AFTER_MS;
    manager.on('open', () => {
      const engine = manager.engine;
      const watch = new DeadLinkWatch({ deadAfterMs, ping: () => engine.ping(), dead: (silentMs) => engine.onClose(silentFor(silentMs)) });
      this.liveness = watch;
      engine.on('packet', () => watch.heard());
      // Engine.IO's own ping (every pingInterval of the server) is as good a question as ours.
      engine.on('ping', () => watch.asked());
      engine.on('close', () => watch.stop());
      watch.start();
    });
  }

  /** socket.io-client schedules its redials unseen: its backoff's next delay is when the next try is. */
  private noteRetries(manager: ClientManager): void {
    const duration = manager.backoff.duration.bind(manager.backoff);
    manager.backoff.duration = () => {
      const delay = duration();
      this.nextRetryAt = Date.now() + delay;
      if (this.status.state === 'offline') this.setStatus({ ...this.status, nextRetryAt: this.nextRetryAt });
      return delay;
    };
  }

  /**
   * A link that drops while a ping is out unanswered went silent first: Engine.IO's own ping
   * timeout, or a long poll that fails once the server gave up on its side. That silence is the
   * cause, whatever the transport's words.
   */
  private silence(reason: string): string | undefined {
    const silentMs = this.liveness?.unansweredFor();
    return silentMs !== undefined && !reason.startsWith('no answer') ? silentFor(silentMs) : undefined;
  }

  protected override setStatus(status: SourceStatus): void {
    super.setStatus(this.causes.shown(status));
  }

  private onConnect(): void {
    this.backoff.reset();
    if (this.options.uid) this.socket?.emit(this.options.loginEvent ?? 'login', this.options.uid);
    this.setStatus({ state: 'online', recoverable: false });
  }

  /**
   * Polling fails with a bare "xhr poll error" (status 0) or "timeout" whatever the cause: a plain
   * dial names it (a TLS hello to a plain PHPSocket.IO port is never answered: a timeout). A dial
   * that took longer than the next try still says why, unless a connection came meanwhile.
   */
  private async connectFailed(error: Error & { type?: string; description?: unknown }): Promise<void> {
    const attempt = this.attempt;
    const transport = error.type === 'TransportError';
    // The Manager's own handshake timeout comes as the bare string 'timeout'.
    const bare = (transport && (error.description === 0 || error.description === undefined)) || String(error) === 'timeout';
    const refusedVersion = transport && error.description === 400 ? await socketIoVersionRefusal(this.options.url) : undefined;
    const why = refusedVersion ?? ((bare && (await dialFailure(this.options.url))) || describeFailure(error));
    if (attempt === this.attempt || this.status.state !== 'online') this.offline(why);
  }

  private offline(lastError: string): void {
    const nextRetryAt = this.nextRetryAt !== undefined && this.nextRetryAt > Date.now() ? { nextRetryAt: this.nextRetryAt } : {};
    this.setStatus({ state: 'offline', lastError, ...nextRetryAt, recoverable: false });
  }

  crashed(why: string): void {
    this.retryLater(why);
  }

  private refused(reason: string): void {
    this.retryLater(`the server refused: ${reason}`);
  }

  /** Drops the socket and opens it again after our backoff: socket.io-client does not retry a refusal, nor a socket closed under it. */
  private retryLater(lastError: string): void {
    if (this.status.state === 'stopped') return;
    const delay = this.backoff.next();
    this.setStatus({ state: 'offline', lastError, nextRetryAt: Date.now() + delay, recoverable: false });
    this.socket?.close();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.socket?.open(), delay);
  }
}
