/**
 * Where every source's messages become orders: normalise (map and validate), journal before
 * anything is announced, deduplicate by order id (the journal knows every id, from every
 * source), then announce. Adding a kind of source never touches this file.
 */
import { EventEmitter } from 'node:events';
import { OrderRefused, type Journal, type StoredOrder } from '../journal/journal';
import { MAX_MESSAGE_BYTES } from '../link/protocol';
import { mapPayload, RecentTexts, textOrder } from '../orders/mapping';
import type { HandledEvent } from '../link/receiver';
import { catchSourceCrashes, contain } from './containment';
import type { Source, SourceMessage, SourceStatus } from './source';

export interface PipelineArrival {
  replayed: boolean;
  /** The label of the source it came from. */
  source: string;
}

interface PipelineEvents {
  order: [StoredOrder, PipelineArrival];
  handled: [HandledEvent];
  status: [Source, SourceStatus];
  warning: [Source, string];
}

export interface PipelineOptions {
  journal: Journal;
  /** 'next' when the journal is a hub's: it numbers the orders and sends them to every device. Default null. */
  seq?: 'next' | null;
  now?: () => number;
}

export class SourcePipeline extends EventEmitter<PipelineEvents> {
  readonly sources: Source[] = [];
  private readonly recentTexts = new RecentTexts();
  /** Orders being written: stopping waits for them, so sources save the positions they reach. */
  private readonly writing = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private releaseCrashes: (() => void) | undefined;

  constructor(private readonly options: PipelineOptions) {
    super();
    this.now = options.now ?? Date.now;
  }

  add(source: Source): void {
    this.sources.push(source);
    source.on('status', (status) => this.emit('status', source, status));
    source.on('warning', (warning) => this.emit('warning', source, warning));
    source.on('message', (message) => this.onMessage(source, message));
    source.on('order', (stored, arrival) => this.emit('order', stored, { replayed: arrival.replayed, source: source.label }));
    source.on('handled', (event) => this.emit('handled', event));
  }

  /** Each source runs contained: its client library's exceptions end its connection, not the process. */
  start(): void {
    this.releaseCrashes ??= catchSourceCrashes();
    for (const source of this.sources) contain(source, () => source.start());
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.writing);
    await Promise.all(this.sources.map((source) => source.stop()));
    this.releaseCrashes?.();
    this.releaseCrashes = undefined;
  }

  reconnectNow(): void {
    for (const source of this.sources) contain(source, () => source.reconnectNow());
  }

  /** Marks an order handled here and tells every source that can pass it upstream. */
  async handle(id: string, device: string): Promise<boolean> {
    const handled = await this.options.journal.markHandled(id, device, new Date().toISOString());
    if (handled) for (const source of this.sources) source.handle?.(id);
    return handled;
  }

  private onMessage(source: Source, message: SourceMessage): void {
    const bytes = payloadBytes(message.payload);
    if (bytes > MAX_MESSAGE_BYTES) return this.ignore(source, message, `ignored a message of ${bytes} bytes: the limit is ${MAX_MESSAGE_BYTES}`);
    const now = this.now();
    const mapped = mapPayload(message.payload, source.mapOptions);
    if (mapped.kind === 'nothing') return this.ignore(source, message, `ignored a message: ${mapped.why}`);
    if (mapped.kind === 'text' && this.recentTexts.repeated(mapped.text, now)) return void message.settled?.();
    const order = mapped.kind === 'order' ? mapped.order : textOrder(mapped.text, now);
    if (!order.ok) return this.ignore(source, message, `ignored a message: ${order.error}`);
    if (typeof order.value.mappingError === 'string') {
      this.emit('warning', source, `order ${order.value.id} shown as text: ${order.value.mappingError}`);
    }
    const arrival = { replayed: message.replayed ?? false, source: source.label };
    const writing = this.options.journal
      .append({ ...order.value, source: source.label }, this.options.seq ?? null, { written: (stored) => this.emit('order', stored, arrival) })
      .then(() => message.settled?.())
      .catch((error: Error) => {
        // Turned away for what it is: fetching it again would only be turned away again.
        if (error instanceof OrderRefused) return this.ignore(source, message, `ignored order ${order.value.id}: ${error.message}`);
        // Not acked, so the server sends it again on the new connection (where it can).
        this.emit('warning', source, `could not store an order, reconnecting to fetch it again: ${error.message}`);
        source.reconnectNow();
      })
      .finally(() => this.writing.delete(writing));
    this.writing.add(writing);
  }

  /** Settled all the same, so the server does not send it again forever. */
  private ignore(source: Source, message: SourceMessage, warning: string): void {
    this.emit('warning', source, warning);
    message.settled?.();
  }
}

function payloadBytes(payload: unknown): number {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (Buffer.isBuffer(payload)) return payload.length;
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Infinity;
  }
}
