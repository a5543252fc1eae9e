/**
 * This device's own connection, the settings' `source`: to the embedded hub on this PC or to a
 * push server (protocol v1, or text). It is one adapter in a pipeline into this device's
 * journal, the same adapters and pipeline the settings' listed sources use.
 */
import { EventEmitter } from 'node:events';
import type { ConnectionStatus } from '../link/connection';
import type { Journal, StoredOrder } from '../journal/journal';
import type { HandledEvent } from '../link/receiver';
import type { SourceSettings } from '../settings/settings';
import { OrderbellSource } from './orderbell';
import { SourcePipeline, type PipelineArrival } from './pipeline';
import type { Source } from './source';
import { TextSource } from './text';

export interface OwnSourceOptions {
  source: SourceSettings;
  /** The embedded hub's address and token, when the source is the hub. */
  hub?: { url: string; token: string };
  journal: Journal;
  device: string;
}

interface OwnSourceEvents {
  status: [ConnectionStatus];
  order: [StoredOrder, PipelineArrival];
  /** Another device handled an order. */
  handled: [HandledEvent];
  warning: [string];
}

export class OwnSource extends EventEmitter<OwnSourceEvents> {
  private readonly pipeline: SourcePipeline;
  /** The one adapter: an OrderbellSource (the hub, protocol v1) or a TextSource. */
  readonly adapter: Source;

  constructor(private readonly options: OwnSourceOptions) {
    super();
    this.pipeline = new SourcePipeline({ journal: options.journal });
    this.adapter = adapterFor(options);
    this.pipeline.add(this.adapter);
    this.pipeline.on('status', (_source, { recoverable: _recoverable, ...status }) => this.emit('status', status));
    this.pipeline.on('order', (stored, arrival) => this.emit('order', stored, arrival));
    this.pipeline.on('handled', (event) => this.emit('handled', event));
    this.pipeline.on('warning', (_source, warning) => this.emit('warning', warning));
  }

  start(): void {
    this.pipeline.start();
  }

  stop(): Promise<void> {
    return this.pipeline.stop();
  }

  reconnectNow(): void {
    this.pipeline.reconnectNow();
  }

  /** Marks an order handled here and tells the server, now or as soon as it is reachable. */
  handle(id: string): Promise<boolean> {
    return this.pipeline.handle(id, this.options.device);
  }
}

/** Labelled by kind, as a listed source without a label is. */
function adapterFor({ source, hub, journal, device }: OwnSourceOptions): Source {
  if (source.kind === 'hub') return new OrderbellSource({ label: 'orderbell', url: `${hub!.url.replace(/^http/, 'ws')}/ws`, token: hub!.token, journal, device });
  const token = source.token ? { token: source.token } : {};
  if (source.mode === 'json') return new OrderbellSource({ label: 'orderbell', url: source.url, journal, device, ...token });
  return new TextSource({ label: 'text', url: source.url, ...token, ...(source.helloText ? { helloText: source.helloText } : {}) });
}
