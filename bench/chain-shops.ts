/** The chain benches' shops, all in this process: each a real source pipeline with a journal of its own on disk. */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Journal } from '../main/core/journal/journal';
import { SourcePipeline } from '../main/core/sources/pipeline';
import type { Source } from '../main/core/sources/source';
import { monotonicMs, shopName } from './chain-order';
import { sleep } from './processes';

const IDLE_SAMPLE_MS = 5000;

/** Every shop's pipeline, and when each order id reached its shop and was stored (fsync'ed, then acked). */
export class Chain {
  readonly storedAt = new Map<string, number>();
  /** When the shop's client handed the message to its pipeline. */
  readonly receivedAt = new Map<string, number>();
  /** How late the shops' event loop ran its callbacks (ns), from the last `resetLoopDelay`. */
  readonly loopDelay = monitorEventLoopDelay({ resolution: 1 });
  private readonly pipelines: { pipeline: SourcePipeline; journal: Journal }[] = [];

  static async start(dataDir: string, shops: number, makeSource: (shop: string) => Source): Promise<Chain> {
    const chain = new Chain();
    for (let n = 0; n < shops; n++) {
      const journal = await Journal.open(join(dataDir, `${shopName(n)}.log`));
      const pipeline = new SourcePipeline({ journal });
      const source = makeSource(shopName(n));
      // Before the pipeline's own listener: the settle it runs is the moment the order is durable.
      source.on('message', (message) => {
        const id = idOf(message.payload);
        // The first delivery counts: a redelivery (after the ack wait) is only dropped again by the journal.
        if (chain.receivedAt.has(id)) return;
        chain.receivedAt.set(id, monotonicMs());
        const settle = message.settled;
        message.settled = () => {
          chain.storedAt.set(id, monotonicMs());
          settle?.();
        };
      });
      pipeline.add(source);
      pipeline.start();
      chain.pipelines.push({ pipeline, journal });
    }
    const deadline = Date.now() + 60_000;
    while (chain.pipelines.some(({ pipeline }) => pipeline.sources[0]!.status.state !== 'online')) {
      if (Date.now() > deadline) throw new Error('the shops did not all come online within 60 s');
      await sleep(50);
    }
    chain.loopDelay.enable();
    return chain;
  }

  async stop(): Promise<void> {
    this.loopDelay.disable();
    for (const { pipeline, journal } of this.pipelines) {
      await pipeline.stop();
      await journal.close();
    }
  }

  /** The share of one core the shops' process uses while no order comes: every consumer's pulls, heartbeats and pings. */
  async idleCpu(ms = IDLE_SAMPLE_MS): Promise<number> {
    const before = process.cpuUsage();
    await sleep(ms);
    const used = process.cpuUsage(before);
    return ((used.user + used.system) / 1000 / ms) * 100;
  }

  /** Waits until every id is stored, for a minute at the most; how many never were. */
  async stored(ids: string[], timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const missing = () => ids.filter((id) => !this.storedAt.has(id)).length;
    while (missing() > 0 && Date.now() < deadline) await sleep(20);
    return missing();
  }
}

/** The order's id, found without parsing the whole order again on the shops' loop (chainOrder puts it first). */
function idOf(payload: unknown): string {
  const text = payload instanceof Uint8Array ? Buffer.from(payload.buffer, payload.byteOffset, Math.min(payload.length, 80)).toString() : String(payload);
  const start = text.indexOf('"id":"') + 6;
  return text.slice(start, text.indexOf('"', start));
}
