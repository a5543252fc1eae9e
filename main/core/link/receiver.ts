/**
 * Protocol v1's receive path: turns a push server's frames into stored orders, exactly once.
 * Every order is written to the journal before it is announced, and acked after that;
 * duplicates (replays, resends, retries) are recognised by seq and by id, across restarts.
 */
import { EventEmitter } from 'node:events';
import { Connection, type ConnectionOptions, type ConnectionStatus } from './connection';
import { Journal, type StoredOrder } from '../journal/journal';
import { validateOrder, type HandledState, type Order } from '../orders/order';
import { deviceName } from '../orders/device-name';
import type { AnswerRequest, StateChange } from '../orders/order-life';
import type { OrderBumps } from '../orders/bumps';
import type { Station } from '../orders/stations';
import { decodeServerMessage, encode, MAX_MESSAGE_BYTES, type ClientMessage, type ServerMessage } from './protocol';

/** How far back orders handled on this device are announced again after a connect. */
const RESEND_HANDLES_MS = 24 * 3600 * 1000;

export interface ReceiverOptions {
  url: string;
  token?: string;
  /** Name this device reports as the one that handled an order. */
  device?: string;
  journal: Journal;
  connection?: Omit<ConnectionOptions, 'url' | 'headers' | 'rawText'>;
}

export interface HandledEvent {
  id: string;
  by: string;
  at: string;
}

/** How an order reached this device. */
export interface Arrival {
  /**
   * Sent in the catch-up after a connect (its seq was at or below the server's lastSeq in
   * welcome): it was missed while away. Judged by the stream, not by clocks, so a server
   * clock that runs behind never makes a live order look late.
   */
  replayed: boolean;
}

interface ReceiverEvents {
  status: [ConnectionStatus];
  order: [StoredOrder, Arrival];
  handled: [HandledEvent];
  /** v1.1: an order's state changed (stored here first). */
  state: [StateChange];
  /** Something the server sent was wrong; the connection goes on. */
  warning: [string];
  /** The kitchen display's stations and an order's bumps, as the hub sends them (docs/stations.md). */
  stations: [Station[]];
  bumps: [string, OrderBumps];
}

export class OrderReceiver extends EventEmitter<ReceiverEvents> {
  readonly connection: Connection;
  private readonly journal: Journal;
  private readonly device: string;
  private streamEpoch: string | null = null;
  /** The server's lastSeq when this connection was welcomed: orders up to it are catch-up. */
  private catchUpToSeq = 0;
  /** Journal failures seen when this connection opened: a change means a store failed on it. */
  private failuresAtOpen = 0;
  private reconnectingAfterFailure = false;
  /** Why the server refused this device's hello: it is offline, whatever the socket says, until the server sends it something. */
  private refusal: string | undefined;

  constructor(options: ReceiverOptions) {
    super();
    this.journal = options.journal;
    this.device = deviceName(options.device) || 'orderbell';
    this.connection = new Connection({
      ...options.connection,
      url: options.url,
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
      maxPayload: MAX_MESSAGE_BYTES,
    });
    this.connection.on('status', (status) => this.emit('status', this.refusal && status.state === 'online' ? { state: 'offline', lastError: this.refusal } : status));
    this.connection.on('open', () => this.onOpen());
    this.connection.on('message', (data, isBinary) => this.onFrame(data, isBinary));
  }

  start(): void {
    this.connection.start();
  }

  stop(): Promise<void> {
    return this.connection.stop();
  }

  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  /** Marks an order handled here and tells the server, now or as soon as it is reachable. */
  async handle(id: string): Promise<boolean> {
    const handled = await this.journal.markHandled(id, this.device, new Date().toISOString());
    if (handled) this.announceHandled(id);
    return handled;
  }

  /** v1.1: answers an order at the server; the change comes back as a `state` message, a refusal as an error. */
  answer(id: string, request: AnswerRequest): void {
    this.sendMessage({ type: 'answer', id, ...request });
  }

  /** Tells the server this device handled an order the journal already marks handled. */
  announceHandled(id: string): void {
    this.sendMessage({ type: 'handle', id });
  }

  private onOpen(): void {
    this.failuresAtOpen = this.journal.failureCount;
    this.reconnectingAfterFailure = false;
    this.streamEpoch = this.journal.epoch;
    const { lastSeq, lastSeqId } = this.journal;
    // The order held at lastSeq lets the server check that it still has the same history.
    const lastId = lastSeqId === null ? {} : { lastId: lastSeqId };
    this.sendMessage({ type: 'hello', epoch: this.streamEpoch, lastSeq, ...lastId, device: this.device, heartbeat: true, states: true });
    this.resendRecentHandles();
  }

  /**
   * Orders handled here recently are announced again on every connect: a `handle` made
   * offline, or just before a restart, still reaches the server. The server ignores repeats.
   */
  private resendRecentHandles(): void {
    const since = new Date(Date.now() - RESEND_HANDLES_MS).toISOString();
    for (const stored of this.journal.all()) {
      if (stored.handled?.by === this.device && stored.handled.at >= since) this.sendMessage({ type: 'handle', id: stored.id });
    }
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.emit('warning', 'ignored a binary frame: protocol v1 uses text frames');
      return;
    }
    const decoded = decodeServerMessage(data.toString('utf8'));
    if (!decoded.ok) {
      this.emit('warning', `ignored a message from the server: ${decoded.error}`);
      return;
    }
    this.onMessage(decoded.value);
  }

  private onMessage(message: ServerMessage): void {
    if (message.type === 'order' || message.type === 'handled' || message.type === 'ping') this.accepted();
    switch (message.type) {
      case 'welcome':
        return this.onWelcome(message.epoch, message.lastSeq);
      case 'order':
        return this.onOrder(message.seq, message.order, message.handled);
      case 'handled':
        return void this.onHandled(message);
      case 'state':
        return void this.onState(message.change);
      case 'ping':
        // Any frame already proved the link alive; the answer tells the server the same.
        return this.sendMessage({ type: 'pong' });
      case 'mismatch':
        return this.onMismatch(message.seq);
      case 'stations':
        return void this.emit('stations', message.stations);
      case 'bumps':
        return void this.emit('bumps', message.id, message.bumps);
      case 'error':
        if (message.code === 'hello-refused') return this.refused(message.message);
        this.emit('warning', `server error ${message.code}: ${message.message}`);
    }
  }

  private refused(why: string): void {
    this.refusal = `the server refused this device (${why})`;
    this.emit('status', { state: 'offline', lastError: this.refusal });
  }

  /** The server sent what only a device it took gets: a refusal before is over. */
  private accepted(): void {
    if (this.refusal === undefined) return;
    this.refusal = undefined;
    this.emit('status', this.connection.status);
  }

  private onWelcome(epoch: string, lastSeq: number): void {
    this.catchUpToSeq = lastSeq;
    if (epoch !== this.streamEpoch) {
      // The server's history was reset: its seqs start again. Ids still catch any repeats.
      this.streamEpoch = epoch;
      this.journal.resetEpoch(epoch).catch((error: Error) => this.storageFailed(error));
      return;
    }
    if (lastSeq >= this.journal.lastSeq) return;
    // Same epoch, yet behind what this device stored: the server went back in its history
    // without saying so (restored from a backup, a counter that restarted). Resuming after our
    // lastSeq would skip its new orders, so ask for everything again; ids drop what is known.
    this.emit('warning', `the server is at seq ${lastSeq} but this device has seen seq ${this.journal.lastSeq} in the same epoch; fetching the server's whole history again`);
    this.journal.resetEpoch(epoch, 0).then(
      () => this.connection.reconnectNow(),
      (error: Error) => this.storageFailed(error),
    );
  }

  /**
   * The server does not hold this device's order at its lastSeq: its history is another one
   * (restored from an older copy, or another server's) and may have issued seqs this device
   * passed. It now sends all it holds; what was stored here so far counts as another history,
   * so a known id is a repeat whatever seq it comes with.
   */
  private onMismatch(seq: number): void {
    if (this.streamEpoch === null) return;
    this.emit('warning', `the server's history does not hold this device's order at seq ${seq} (its files were restored or replaced); fetching its whole history again, known orders dropped by id`);
    this.journal.resetEpoch(this.streamEpoch, 0).catch((error: Error) => this.storageFailed(error));
  }

  /**
   * Ids, not seqs, decide what is new: a server that resends out of order still loses nothing.
   * The order is announced once it is in the file (a crash can no longer lose it) and acked
   * once it is fsync'ed.
   */
  private onOrder(seq: number, order: Order, handled?: HandledState): void {
    // After a failed store, take nothing more from this connection: a gap could be acked over.
    if (this.journal.failureCount !== this.failuresAtOpen) return this.storageFailed();
    this.journal
      .append(order, seq, { ...(handled ? { handled } : {}), written: (stored) => this.emit('order', stored, { replayed: seq <= this.catchUpToSeq }) })
      .then(() => this.sendMessage({ type: 'ack', seq }))
      .catch((error: Error) => this.storageFailed(error));
  }

  private async onHandled(event: HandledEvent): Promise<void> {
    try {
      if (await this.journal.markHandled(event.id, event.by, event.at)) this.emit('handled', event);
    } catch (error) {
      this.storageFailed(error as Error);
    }
  }

  private async onState(change: StateChange): Promise<void> {
    try {
      if (await this.journal.appendState(change)) this.emit('state', change);
    } catch (error) {
      this.storageFailed(error as Error);
    }
  }

  /** An order could not be stored: never ack it; redial so the server sends it again. */
  private storageFailed(error?: Error): void {
    if (this.reconnectingAfterFailure) return;
    this.reconnectingAfterFailure = true;
    this.emit('warning', `could not store an order, will fetch it again${error ? `: ${error.message}` : ''}`);
    this.connection.reconnectNow();
  }

  private sendMessage(message: ClientMessage): void {
    this.connection.send(encode(message));
  }
}
