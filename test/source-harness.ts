/** Sources feeding a real pipeline and journal in a temp folder, with what came out recorded. */
import { join } from 'node:path';
import { Journal, type StoredOrder } from '../main/core/journal/journal';
import { SourcePipeline, type PipelineArrival } from '../main/core/sources/pipeline';
import type { Source, SourceStatus } from '../main/core/sources/source';
import { defer, tempDir, waitFor } from './helpers';

export interface Harness {
  pipeline: SourcePipeline;
  journal: Journal;
  dataDir: string;
  orders: { stored: StoredOrder; arrival: PipelineArrival }[];
  warnings: string[];
  statuses: SourceStatus[];
  /** Waits until `count` orders came out in all. */
  ordersCount(count: number, timeoutMs?: number): Promise<void>;
  waitForState(state: SourceStatus['state'], timeoutMs?: number): Promise<void>;
  /** Whether an order with this id came out (was announced, not only stored). */
  announced(id: string): boolean;
  /** The latest 'offline' status: why the source is down (a retry may already be connecting). */
  lastOffline(): SourceStatus | undefined;
}

export async function runSources(sources: Source[], dataDir?: string): Promise<Harness> {
  const dir = dataDir ?? (await tempDir());
  const journal = await Journal.open(join(dir, 'journal.log'));
  const pipeline = new SourcePipeline({ journal });
  const harness: Harness = {
    pipeline,
    journal,
    dataDir: dir,
    orders: [],
    warnings: [],
    statuses: [],
    ordersCount: (count, timeoutMs = 10_000) => waitFor(() => harness.orders.length >= count, timeoutMs, `${count} orders (got ${harness.orders.length})`),
    announced: (id) => harness.orders.some(({ stored }) => stored.order.id === id),
    lastOffline: () => harness.statuses.findLast((status) => status.state === 'offline'),
    waitForState: (state, timeoutMs = 10_000) =>
      waitFor(() => harness.statuses.at(-1)?.state === state, timeoutMs, `state ${state} (last: ${JSON.stringify(harness.statuses.at(-1))})`),
  };
  pipeline.on('order', (stored, arrival) => harness.orders.push({ stored, arrival }));
  pipeline.on('warning', (_source, warning) => harness.warnings.push(warning));
  pipeline.on('status', (_source, status) => harness.statuses.push(status));
  for (const source of sources) pipeline.add(source);
  pipeline.start();
  defer(async () => {
    await pipeline.stop();
    await journal.close();
  });
  return harness;
}

/** Stops a harness early (before a restart over the same data folder). */
export async function stopHarness(harness: Harness): Promise<void> {
  await harness.pipeline.stop();
  await harness.journal.close();
}
