/**
 * The durable outbox: every state change is written to its file before the change is
 * acknowledged, then delivered to each target (a webhook, a source's reply channel) until it
 * answers, for up to 24 hours and across restarts. Per target, the changes of one order go
 * out in order (a later one waits for the earlier); different orders go out side by side.
 * A target that fails backs off as a whole; nothing here ever blocks an order coming in.
 */
import { EventEmitter } from 'node:events';
import { Backoff, type BackoffOptions } from '../link/backoff';
import type { DeliveryView } from '../ui/status-views';
import { OutboxFile, type OutboxEntry } from './outbox-file';
import { whatHappened, type OutboxItem } from './state-change';

/** Somewhere state changes (and `order.unanswered`) go. `deliver` resolves once the far side took it, and rejects with a reason otherwise. */
export interface OutboxTarget {
  /** Stable across restarts: the file names deliveries by it (a webhook's URL, a source's label). */
  readonly name: string;
  /** The label of the source whose connection carries it (a reply channel): see Outbox.linkUp. */
  readonly via?: string;
  deliver(item: OutboxItem): Promise<void>;
  /** Lets go of connections it keeps, once the outbox is closed. */
  close?(): void;
}

export type TargetStatus = DeliveryView;

export interface OutboxOptions {
  path: string;
  targets: OutboxTarget[];
  /** How long a change is retried before it is given up. Default 24 h. */
  maxAgeMs?: number;
  /** A delivery not settled within this failed (a target that never answers). Default 30 s. */
  deliverTimeoutMs?: number;
  /** Deliveries in flight per target. Default 8. */
  concurrency?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  log?: (line: string) => void;
}

interface OutboxEvents {
  status: [TargetStatus[]];
}

const DAY_MS = 24 * 3600 * 1000;

class TargetQueue {
  readonly pending: OutboxEntry[] = [];
  readonly inFlight = new Set<number>();
  readonly backoff: Backoff;
  lastError: string | undefined;
  nextTryAt = 0;

  constructor(readonly target: OutboxTarget, backoff: OutboxOptions['backoff']) {
    this.backoff = new Backoff({ initialMs: 1000, maxMs: 10 * 60_000, ...backoff });
  }
}

export class Outbox extends EventEmitter<OutboxEvents> {
  private readonly queues = new Map<string, TargetQueue>();
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly attempts = new Set<Promise<void>>();

  private constructor(private readonly file: OutboxFile, private readonly options: OutboxOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    for (const target of options.targets) this.queues.set(target.name, new TargetQueue(target, options.backoff));
  }

  static async open(options: OutboxOptions): Promise<Outbox> {
    const names = new Set<string>();
    for (const { name } of options.targets) {
      if (names.has(name)) throw new Error(`two outbox targets are named ${name}`);
      names.add(name);
    }
    const now = options.now ?? Date.now;
    const outbox = new Outbox(await OutboxFile.open(options.path, options.maxAgeMs ?? DAY_MS, now, options.log ?? (() => {})), options);
    for (const entry of [...outbox.file.entries.values()].sort((a, b) => a.n - b.n)) {
      for (const name of entry.waiting) {
        const queue = outbox.queues.get(name);
        if (queue) queue.pending.push(entry);
        else void outbox.giveUp(entry, name, 'this target is no longer configured');
      }
    }
    if (outbox.file.waitingCount > 0) outbox.log(`outbox: ${outbox.file.waitingCount} state change(s) still to deliver`);
    outbox.pumpAll();
    return outbox;
  }

  /**
   * Records a state change for every target. It is in the outbox's file when this returns, so
   * the caller may acknowledge the change; the promise resolves once the file is fsync'ed.
   * The change keeps the seq its journal gave it: the receiver's Idempotency-Key and order.
   */
  record(change: OutboxItem): Promise<void> {
    if (this.queues.size === 0 || this.closed) return Promise.resolve();
    const { entry, durable } = this.file.add(change, [...this.queues.keys()], this.now());
    for (const queue of this.queues.values()) queue.pending.push(entry);
    // Sent once in the file, not waiting for its fsync: a crash of this process keeps the line,
    // and after a power cut the hub records the change again from its journal (HubOutbox.attach),
    // so the receiver may hear it twice, never not at all.
    this.pumpAll();
    return durable;
  }

  /** Whether this change of this order (seq 0: its order.unanswered) was recorded within the retry window (as a change the journal holds may need to be, after a crash). */
  knows(id: string, seq: number): boolean {
    return this.file.knows(id, seq);
  }

  /** Counts these changes as told, without telling anyone: see OutboxFile.remember. */
  remember(changes: { id: string; seq: number }[]): Promise<void> {
    return this.file.remember(changes);
  }

  /** Whether its file was empty when opened (the first start with a target). */
  get startedEmpty(): boolean {
    return this.file.startedEmpty;
  }

  statuses(): TargetStatus[] {
    return [...this.queues.values()].map((queue) => ({
      name: queue.target.name,
      state: queue.lastError === undefined ? 'ok' : 'failing',
      waiting: queue.pending.length,
      givenUp: this.file.givenUp.get(queue.target.name) ?? 0,
      ...(queue.lastError !== undefined ? { lastError: queue.lastError, nextTryAt: queue.nextTryAt } : {}),
    }));
  }

  /**
   * The connection of the source labelled `via` is up: what waits for its targets goes now,
   * not when a backoff that grew while the link was down runs out (minutes, after a long outage).
   */
  linkUp(via: string): void {
    let waited = false;
    for (const queue of this.queues.values()) {
      if (queue.target.via !== via || queue.nextTryAt === 0) continue;
      queue.backoff.reset();
      queue.nextTryAt = 0;
      waited = true;
    }
    if (waited) this.pumpAll();
  }

  /** Lets deliveries under way finish for up to `graceMs`, so those answered are not sent again. */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(this.attempts), new Promise((resolve) => (grace = setTimeout(resolve, graceMs)))]);
    clearTimeout(grace);
    await this.file.close();
  }

  private pumpAll(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const queue of this.queues.values()) this.pump(queue);
    const waits = [...this.queues.values()].filter((q) => q.pending.length > q.inFlight.size && q.nextTryAt > this.now());
    if (waits.length > 0) {
      const soonest = Math.min(...waits.map((q) => q.nextTryAt));
      this.timer = setTimeout(() => this.pumpAll(), Math.max(0, soonest - this.now()));
      this.timer.unref();
    }
  }

  /** Starts each delivery that may go now: the first waiting change of its order, within the concurrency. */
  private pump(queue: TargetQueue): void {
    if (queue.nextTryAt > this.now()) return;
    const limit = this.options.concurrency ?? 8;
    const seen = new Set<string>();
    for (const entry of queue.pending) {
      if (queue.inFlight.size >= limit) break;
      const first = !seen.has(entry.change.id);
      seen.add(entry.change.id);
      if (first && !queue.inFlight.has(entry.n)) {
        const attempt = this.attempt(queue, entry);
        this.attempts.add(attempt);
        void attempt.finally(() => this.attempts.delete(attempt));
      }
    }
  }

  private async attempt(queue: TargetQueue, entry: OutboxEntry): Promise<void> {
    queue.inFlight.add(entry.n);
    let failure: string | undefined;
    try {
      await withinTime(queue.target.deliver(entry.change), this.options.deliverTimeoutMs ?? 30_000);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    queue.inFlight.delete(entry.n);
    if (failure === undefined) {
      this.succeeded(queue, entry);
    } else if (this.closed) {
      return;
    } else if (this.now() - entry.at >= (this.options.maxAgeMs ?? DAY_MS)) {
      await this.giveUp(entry, queue.target.name, failure);
    } else {
      this.failed(queue, failure);
    }
    this.pumpAll();
  }

  private succeeded(queue: TargetQueue, entry: OutboxEntry): void {
    this.remove(queue, entry);
    void this.file.delivered(entry.n, queue.target.name).catch((error: Error) => this.log(`outbox: could not record a delivery (it may be sent again): ${error.message}`));
    queue.backoff.reset();
    if (queue.lastError !== undefined) {
      queue.lastError = undefined;
      queue.nextTryAt = 0;
      this.log(`outbox: ${queue.target.name} answers again; ${queue.pending.length} state change(s) still to send`);
    }
    this.emit('status', this.statuses());
  }

  private failed(queue: TargetQueue, reason: string): void {
    queue.nextTryAt = this.now() + Math.max(queue.backoff.next(), 100);
    // One line per new reason: a target down for hours does not fill the log.
    if (queue.lastError !== reason) {
      this.log(`outbox: ${queue.target.name} failed: ${reason}; ${queue.pending.length} state change(s) waiting, retrying with backoff`);
    }
    queue.lastError = reason;
    this.emit('status', this.statuses());
  }

  private async giveUp(entry: OutboxEntry, name: string, reason: string): Promise<void> {
    const queue = this.queues.get(name);
    if (queue) this.remove(queue, entry);
    this.log(`outbox: gave up telling ${name} that order ${entry.change.id} ${whatHappened(entry.change)} (seq ${entry.change.seq}): ${reason}`);
    await this.file.gaveUp(entry.n, name, reason).catch((error: Error) => this.log(`outbox: could not record a give-up: ${error.message}`));
    this.emit('status', this.statuses());
  }

  private remove(queue: TargetQueue, entry: OutboxEntry): void {
    const index = queue.pending.indexOf(entry);
    if (index >= 0) queue.pending.splice(index, 1);
  }
}

function withinTime(delivery: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([delivery, late]).finally(() => clearTimeout(timer));
}
