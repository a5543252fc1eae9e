/**
 * The station's upstream sources from the settings list: one pipeline into the journal that
 * shows orders. With the embedded hub that is the hub's journal, which numbers each order and
 * sends it to every device (this PC's screen included); without a hub it is this device's own.
 */
import { EventEmitter } from 'node:events';
import type { Journal, StoredOrder } from '../journal/journal';
import type { SourceConfig } from '../settings/source-config';
import { createSource } from './create';
import { SourcePipeline, type PipelineArrival } from './pipeline';
import type { SourcePositions } from './positions';
import { probeSource, type SourceProbe } from './probe';
import type { SourceKind, SourceStatus } from './source';

export interface UpstreamView extends SourceStatus {
  label: string;
  kind: SourceKind;
}

interface UpstreamEvents {
  order: [StoredOrder, PipelineArrival];
  /** Any source's state changed. */
  status: [];
  /** The source with this label is connected (again): what waits to go out through it may go now. */
  online: [string];
  log: [string];
}

export interface UpstreamTarget {
  journal: Journal;
  /** True when the journal is the embedded hub's: orders reach the screen through the hub. */
  hub: boolean;
}

export class Upstreams extends EventEmitter<UpstreamEvents> {
  private pipeline: SourcePipeline | undefined;
  /** Counts starts and stops: a start still loading its adapters when stop() comes starts nothing. */
  private generation = 0;

  constructor(
    private readonly positions: SourcePositions,
    /** This device's data folder: default MQTT client ids derive from it. */
    private readonly dataDir: string,
  ) {
    super();
  }

  async start(configs: SourceConfig[], target: UpstreamTarget, device: string): Promise<void> {
    const generation = ++this.generation;
    if (configs.length === 0) return;
    const sources = await Promise.all(configs.map((config) => createSource(config, { journal: target.journal, positions: this.positions, dataDir: this.dataDir, device })));
    if (generation !== this.generation) return;
    const pipeline = new SourcePipeline({ journal: target.journal, seq: target.hub ? 'next' : null });
    for (const source of sources) pipeline.add(source);
    // Through the hub, orders reach this screen as they reach every device: not twice. The
    // hub's log gets a line per order, as for one POSTed.
    if (target.hub) pipeline.on('order', (stored, arrival) => this.emit('log', `${arrival.source}: order ${stored.order.id} stored as seq ${stored.seq}`));
    else pipeline.on('order', (stored, arrival) => this.emit('order', stored, arrival));
    pipeline.on('status', (source, status) => {
      if (status.state === 'online') this.emit('online', source.label);
      this.emit('status');
    });
    pipeline.on('warning', (source, warning) => this.emit('log', `${source.label}: ${warning}`));
    this.pipeline = pipeline;
    pipeline.start();
  }

  async stop(): Promise<void> {
    this.generation++;
    await this.pipeline?.stop();
    this.pipeline = undefined;
  }

  /** "Test connection": each configured source connects once beside the running ones, all at the same time. */
  test(configs: SourceConfig[], journal: Journal, device: string): Promise<SourceProbe[]> {
    return Promise.all(configs.map(async (config) => probeSource(await createSource(config, { journal, positions: this.positions, dataDir: this.dataDir, device, probe: true }))));
  }

  reconnectNow(): void {
    this.pipeline?.reconnectNow();
  }

  views(): UpstreamView[] {
    return (this.pipeline?.sources ?? []).map((source) => ({ ...source.status, label: source.label, kind: source.kind }));
  }

  /** A state change back to the source with this label, where its settings say (`replyTo`). */
  publishReply(label: string, payload: string): Promise<void> {
    const source = this.pipeline?.sources.find((candidate) => candidate.label === label);
    if (!source?.publishReply) return Promise.reject(new Error(`the source ${label} is not running`));
    return source.publishReply(payload);
  }

  /** The first source that is not online, for the status bar and the offline alarm. */
  down(): UpstreamView | undefined {
    return this.views().find((view) => view.state !== 'online');
  }
}
