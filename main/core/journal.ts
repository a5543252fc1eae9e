/**
 * The order journal: every order this node knows, its seq, whether it was handled, and the
 * stream position (epoch, lastSeq) to resume from. It is the single source of truth for
 * "have we seen this order?" across restarts. Durability comes from AppendLog (each change
 * is fdatasync'ed before its promise resolves); this module holds the state and retention.
 */
import { EventEmitter } from 'node:events';
import { AppendLog, type LoadProblem } from './append-log';
import { orderRecord, readRecord, type JournalRecord, type ReadRecord, type StoredOrder } from './journal-records';
import type { Order } from './order';
import type { HandledState } from './protocol';

export type { StoredOrder } from './journal-records';

export interface JournalOptions {
  /** Keep at most this many orders (oldest go first). Default 20,000. */
  maxOrders?: number;
  /** Forget orders received longer ago than this. Default 30 days. */
  maxAgeMs?: number;
  now?: () => number;
}

export interface AppendOptions {
  handled?: HandledState;
  /** Runs when a new order reached the file, before it is fsync'ed: see AppendHooks.written. */
  written?: (stored: StoredOrder) => void;
}

export type AppendResult = { duplicate: false; stored: StoredOrder } | { duplicate: true; stored: StoredOrder };

export const DEFAULT_MAX_ORDERS = 20_000;
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const COMPACT_SLACK = 1024;

interface JournalEvents {
  /** An order became durable (fsync'ed). Emitted synchronously, in file order: seq order for the hub. */
  order: [StoredOrder];
  /** An order's handled state became durable. */
  handled: [StoredOrder];
}

export class Journal extends EventEmitter<JournalEvents> {
  private readonly orders = new Map<string, StoredOrder>();
  private readonly pending = new Map<string, Promise<AppendResult>>();
  private readonly handling = new Set<string>();
  /** Orders in arrival order; `head` skips the ones retention already dropped. */
  private ordered: StoredOrder[] = [];
  private head = 0;
  private records = 0;
  private currentEpoch: string | null = null;
  private currentLastSeq = 0;
  /** Highest seq handed out by `append(order, 'next')`, durable or not: never reused. */
  private allocatedSeq = 0;
  private compacting: Promise<void> | undefined;
  private readonly maxOrders: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  private constructor(
    private readonly log: AppendLog,
    options: JournalOptions,
    /** What was wrong in the file when it was opened: torn or corrupt records that were skipped. */
    readonly problems: LoadProblem[],
  ) {
    super();
    this.maxOrders = options.maxOrders ?? DEFAULT_MAX_ORDERS;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  static async open(path: string, options: JournalOptions = {}): Promise<Journal> {
    const { log, records, problems } = await AppendLog.open(path);
    const journal = new Journal(log, options, problems);
    const now = journal.now();
    records.forEach((raw, index) => {
      const record = readRecord(raw, now);
      if (typeof record === 'string') problems.push({ line: index + 1, reason: `record ignored: ${record}` });
      else journal.replay(record);
    });
    journal.records = records.length;
    journal.applyRetention();
    await journal.compactIfWasteful();
    return journal;
  }

  get epoch(): string | null {
    return this.currentEpoch;
  }

  get lastSeq(): number {
    return this.currentLastSeq;
  }

  get size(): number {
    return this.orders.size;
  }

  get(id: string): StoredOrder | undefined {
    return this.orders.get(id);
  }

  has(id: string): boolean {
    return this.orders.has(id) || this.pending.has(id);
  }

  /** Every retained order, oldest first. */
  *all(): IterableIterator<StoredOrder> {
    for (let i = this.head; i < this.ordered.length; i++) yield this.ordered[i]!;
  }

  unhandled(): StoredOrder[] {
    return [...this.all()].filter((stored) => !stored.handled);
  }

  /**
   * Up to `limit` durable orders with seq > `since`, in seq order. Valid where seqs ascend
   * (the hub's own journal). Orders written but not yet fsync'ed are left out: a seq sent to
   * a device must never be one a power cut could take back.
   */
  after(since: number, limit: number): StoredOrder[] {
    let low = this.head;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.ordered[mid]!.seq ?? 0) <= since) low = mid + 1;
      else high = mid;
    }
    const page: StoredOrder[] = [];
    for (let i = low; i < this.ordered.length && page.length < limit; i++) {
      const stored = this.ordered[i]!;
      if ((stored.seq ?? 0) > this.currentLastSeq) break;
      page.push(stored);
    }
    return page;
  }

  /**
   * Stores an order durably. A known id (stored, or being stored) is a duplicate: nothing is
   * written and the first copy is returned. With `seq: 'next'` the journal numbers the order.
   */
  append(order: Order, seq: number | null | 'next', options: AppendOptions = {}): Promise<AppendResult> {
    const known = this.orders.get(order.id);
    if (known) return Promise.resolve({ duplicate: true, stored: known });
    const inFlight = this.pending.get(order.id);
    if (inFlight) return inFlight.then(({ stored }) => ({ duplicate: true, stored }));
    if (seq === 'next') seq = this.allocatedSeq = Math.max(this.allocatedSeq, this.currentLastSeq) + 1;
    const stored: StoredOrder = { seq, order, receivedAt: this.now() };
    if (options.handled) stored.handled = options.handled;
    const record = orderRecord(stored);
    let settle!: { resolve: (result: AppendResult) => void; reject: (error: Error) => void };
    const write = new Promise<AppendResult>((resolve, reject) => (settle = { resolve, reject }));
    // Known as pending before the write, so hooks that run inside it already see the id.
    this.pending.set(order.id, write);
    this.log
      .append(record, {
        written: () => {
          this.addOrder(stored);
          options.written?.(stored);
        },
        commit: () => this.commitOrder(stored),
      })
      .then(() => settle.resolve({ duplicate: false, stored }), settle.reject)
      .finally(() => this.pending.delete(order.id));
    return write;
  }

  /** How many writes have failed so far; a change means the stream has a gap. */
  get failureCount(): number {
    return this.log.failureCount;
  }

  /** Marks an order handled. Resolves to false for an unknown id, or one already handled. */
  async markHandled(id: string, by: string, at: string): Promise<boolean> {
    // An order still being stored is handled right after it is.
    await this.pending.get(id)?.catch(() => {});
    const stored = this.orders.get(id);
    if (!stored || stored.handled || this.handling.has(id)) return false;
    this.handling.add(id);
    const record: JournalRecord = { k: 'handled', id, by, at };
    try {
      await this.log.append(record, {
        commit: () => {
          this.records++;
          stored.handled = { by, at };
          this.emit('handled', stored);
        },
      });
    } finally {
      this.handling.delete(id);
    }
    return true;
  }

  /** Starts a new stream history: the server's epoch changed, so its seqs start again. */
  async resetEpoch(epoch: string, lastSeq = 0): Promise<void> {
    const record: JournalRecord = { k: 'epoch', epoch, lastSeq };
    await this.log.append(record, {
      commit: () => {
        this.records++;
        this.currentEpoch = epoch;
        this.currentLastSeq = lastSeq;
      },
    });
  }

  async close(): Promise<void> {
    await this.compacting;
    await this.log.close();
  }

  /** In the file (a process crash cannot lose it): listed and known from now on. */
  private addOrder(stored: StoredOrder): void {
    this.records++;
    this.orders.set(stored.order.id, stored);
    this.ordered.push(stored);
  }

  /**
   * Durable: the stream position advances and the order is announced to others (the hub
   * broadcasts on this), so a seq is never handed out that a power cut could take back.
   */
  private commitOrder(stored: StoredOrder): void {
    if (stored.seq !== null) this.currentLastSeq = Math.max(this.currentLastSeq, stored.seq);
    this.applyRetention();
    this.emit('order', stored);
    void this.compactIfWasteful().catch(() => {
      /* compaction is an optimisation; the next attempt retries */
    });
  }

  private replay(record: ReadRecord): void {
    if (record.k === 'order') {
      const { stored } = record;
      if (this.orders.has(stored.order.id)) return;
      if (stored.seq !== null) this.currentLastSeq = Math.max(this.currentLastSeq, stored.seq);
      this.orders.set(stored.order.id, stored);
      this.ordered.push(stored);
    } else if (record.k === 'handled') {
      const stored = this.orders.get(record.id);
      if (stored && !stored.handled) stored.handled = record.handled;
    } else {
      this.currentEpoch = record.epoch;
      this.currentLastSeq = record.lastSeq;
    }
  }

  private applyRetention(): void {
    const oldestAllowed = this.now() - this.maxAgeMs;
    while (this.head < this.ordered.length) {
      const oldest = this.ordered[this.head]!;
      if (this.orders.size <= this.maxOrders && oldest.receivedAt >= oldestAllowed) break;
      this.orders.delete(oldest.order.id);
      this.head++;
    }
    if (this.head > COMPACT_SLACK && this.head * 2 > this.ordered.length) {
      this.ordered = this.ordered.slice(this.head);
      this.head = 0;
    }
  }

  private compactIfWasteful(): Promise<void> {
    if (this.compacting || this.records <= this.orders.size * 2 + COMPACT_SLACK) return Promise.resolve();
    this.compacting = this.log
      .rewrite(() => this.snapshot())
      .finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  /** The whole state as records: retained orders (handled state folded in), then the stream position. */
  private snapshot(): JournalRecord[] {
    const records: JournalRecord[] = [...this.all()].map(orderRecord);
    if (this.currentEpoch !== null) {
      records.push({ k: 'epoch', epoch: this.currentEpoch, lastSeq: this.currentLastSeq });
    }
    this.records = records.length;
    return records;
  }
}
