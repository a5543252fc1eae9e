/**
 * The order journal: every order this node knows, its seq, whether it was handled, and the
 * stream position (epoch, lastSeq) to resume from. It is the single source of truth for
 * "have we seen this order?" across restarts. Durability comes from AppendLog (each change
 * is fdatasync'ed before its promise resolves); this module holds the state and retention.
 */
import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import { AppendLog } from './append-log';
import { frameJsonText, framedJson, type LoadProblem } from './log-lines';
import { PieceArena, type BytesKeeper } from './byte-arena';
import { KeptOrder, orderJsonOf, orderRecordHead, readOrderLine, readRecord, snapshotRecords, type EpochRun, type JournalRecord, type ReadRecord, type StoredOrder } from './records';
import { readHandledLine, type HandledLine } from './handled-line';
import { expireByAge } from './retention';
import type { MarkPage } from './mark-pages';
import { RetainedOrders } from './retained-orders';
import type { Sale } from './sale';
import { doneByHandle, historyWithHandle, StateHistories, withDoneByHandle } from './state-histories';
import type { StateChange } from '../orders/order-life';
import { BumpStore } from './bump-store';
import type { BumpAction, BumpMark, OrderBumps } from '../orders/bumps';
import type { Order } from '../orders/order';
import type { HandledState } from '../orders/order';

export type { KeptOrder, StoredOrder } from './records';

export interface JournalOptions {
  /** Keep at most this many orders (oldest go first, handled or not). Default 20,000. */
  maxOrders?: number;
  /** Keep at most this many bytes of orders, as written in the file (oldest go first). Default 64 MiB. */
  maxBytes?: number;
  /** Forget handled orders received longer ago than this (never unhandled ones). Default 30 days. */
  maxAgeMs?: number;
  now?: () => number;
  /** Told what retention and compaction did that someone may need to know. */
  log?: (line: string) => void;
  /**
   * Runs before `append(order, 'next')` hands out `seq`, synchronously; throwing refuses the
   * order. The hub keeps its seq high-water mark with it.
   */
  reserveSeq?: (seq: number) => void;
  /** fdatasync on the event loop's thread, once per loop turn: see AppendLogOptions. */
  syncOnLoop?: boolean;
  /**
   * Runs before a new order is numbered or written; a reason refuses it: `append` rejects
   * with OrderRefused and stores nothing. The hub turns away orders its devices could not take.
   * `orderBytes`: the length of the order's JSON in UTF-8, as it is written and sent.
   */
  refuse?: (order: Order, orderBytes: number) => string | undefined;
}

/** An order the journal's `refuse` option turned away: nothing was stored, and the same order would be turned away again. */
export class OrderRefused extends Error {}

export interface AppendOptions {
  handled?: HandledState;
  /** Runs when a new order reached the file, before it is fsync'ed: see AppendHooks.written. */
  written?: (stored: KeptOrder) => void;
}

export type AppendResult = { duplicate: false; stored: KeptOrder } | { duplicate: true; stored: KeptOrder };

export const DEFAULT_MAX_ORDERS = 20_000;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const COMPACT_SLACK = 1024;
/**
 * Records per retained order past which the file is rewritten. A hub's orders are nearly all
 * handled, each by a record of its own: folded into the order's record by a rewrite, opening
 * reads one line per order instead of two.
 */
const COMPACT_RECORDS_PER_ORDER = 1.5;
const COMPACT_SLACK_BYTES = 4 * 1024 * 1024;
/** Fewer bytes than an order record takes in the file, for a guess at how many orders a file holds. */
const SMALLEST_ORDER_LINE = 128;
/** Age retention looks at every order, so it runs at most this often (and at open). */
const AGE_CHECK_INTERVAL_MS = 60_000;

interface JournalEvents {
  /** An order became durable (fsync'ed). Emitted synchronously, in file order: seq order for the hub. */
  order: [KeptOrder];
  /** An order's handled state became durable. */
  handled: [KeptOrder];
  /** An order's state change became durable. */
  state: [StateChange];
  /** An order's bumps changed and the change is durable: the order's id and its bumps now. */
  bumps: [string, OrderBumps];
}

/** A record read back, its order kept as JSON; `olderFormat` when it was not written by `orderRecord` as it is now. */
type Change = ({ k: 'order'; stored: KeptOrder } | HandledLine | Exclude<ReadRecord, { k: 'order' }>) & { olderFormat?: boolean };

/** A line's change: an order or handled record in today's format without parsing it as JSON, any other in full. */
function readChange(json: Buffer, now: number, arena: BytesKeeper): Change | string {
  // Handled first: it tells an order record from its first bytes, readOrderLine only after a call into C++.
  const fast = readHandledLine(json) ?? readOrderLine(json, arena);
  if (fast instanceof KeptOrder) return { k: 'order', stored: fast };
  if (fast) return fast;
  const record = readRecord(JSON.parse(json.toString('utf8')), now);
  if (typeof record === 'string' || record.k !== 'order') return record;
  return { k: 'order', stored: KeptOrder.of(record.stored, arena), olderFormat: true };
}

function fileBytes(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

export class Journal extends EventEmitter<JournalEvents> {
  private readonly retained = new RetainedOrders<EpochRun>();
  private readonly pending = new Map<string, Promise<AppendResult>>();
  private readonly handling = new Set<string>();
  private readonly states = new StateHistories();
  /** Whether a handled order reads as done (see doneByHandle): set by whoever answers the orders. */
  private handledIsDone = false;
  private readonly bumpStore = new BumpStore();
  /** The last bump change of each order still being written: the next one of that order waits for it. */
  private readonly bumping = new Map<string, Promise<unknown>>();
  private records = 0;
  private currentEpoch: string | null = null;
  /** The run of the last epoch record handed to the file: the one later records belong to. */
  private fileEpoch: EpochRun | null = null;
  private currentLastSeq = 0;
  /** The id of the order that brought lastSeq where it is, in this run; null when unknown. */
  private lastSeqOrderId: string | null = null;
  /** Highest seq handed out by `append(order, 'next')`, durable or not: never reused. */
  private allocatedSeq = 0;
  private compacting: Promise<void> | undefined;
  private lastAgeCheck = Number.NEGATIVE_INFINITY;
  private reportedDoubt = '';
  private readonly maxOrders: number;
  private readonly maxBytes: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  private file!: AppendLog;
  /** What was wrong in the file when it was opened: torn, corrupt or invalid records that were skipped. */
  problems: LoadProblem[] = [];

  private constructor(private readonly options: JournalOptions) {
    super();
    this.maxOrders = options.maxOrders ?? DEFAULT_MAX_ORDERS;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
  }

  /**
   * Reads the journal at `path` one record at a time, applying the count and size limits as
   * it goes, so opening holds no more orders than retention allows.
   */
  static async open(path: string, options: JournalOptions = {}): Promise<Journal> {
    const journal = new Journal(options);
    const now = journal.now();
    const ignored: LoadProblem[] = [];
    let olderFormat = false;
    journal.retained.reserve(Math.min(journal.maxOrders, fileBytes(path) / SMALLEST_ORDER_LINE));
    const pieces = new PieceArena(journal.retained.arena, (piece, own) => journal.retained.movedChunk(piece, own));
    const { log, problems } = await AppendLog.openLines(path, (json, bytes, line) => {
      journal.records++;
      const change = readChange(json, now, pieces);
      if (typeof change === 'string') return void ignored.push({ line, reason: `record ignored: ${change}` });
      if (change.olderFormat) olderFormat = true;
      journal.replay(change, bytes);
      // Whether a dropped order was handled may only show further on, so no per-order report here.
      if (change.k === 'order') journal.retained.trim(journal.maxOrders, journal.maxBytes);
    }, { syncOnLoop: options.syncOnLoop }, pieces);
    journal.file = log;
    journal.problems = [...problems, ...ignored].sort((a, b) => a.line - b.line);
    journal.applyRetention();
    // A file in the older format is rewritten in the new one once, so the next open is quick.
    await journal.compactIfWasteful(olderFormat);
    return journal;
  }

  get epoch(): string | null {
    return this.currentEpoch;
  }

  get lastSeq(): number {
    return this.currentLastSeq;
  }

  /**
   * The id of the order stored at `lastSeq` in the current run of the epoch: what a device
   * shows a server so the server can tell whether they share a history. Null when this
   * journal does not know it (no order yet, lastSeq moved by an epoch record, or the order
   * had left retention before the journal was opened).
   */
  get lastSeqId(): string | null {
    return this.lastSeqOrderId;
  }

  get size(): number {
    return this.retained.size;
  }

  /** The order as the journal holds it now: get it again to see a later change. */
  get(id: string): KeptOrder | undefined {
    return this.retained.get(id);
  }

  has(id: string): boolean {
    return this.retained.has(id) || this.pending.has(id);
  }

  /** Every retained order, oldest first. */
  all(): IterableIterator<KeptOrder> {
    return this.retained.orders();
  }

  /** Every retained order with its channel, currency and total, oldest first: what a report reads, without parsing each order. */
  sales(): IterableIterator<{ stored: KeptOrder; sale: Sale }> {
    return this.retained.sales();
  }

  unhandled(): KeptOrder[] {
    return [...this.retained.orders(true)];
  }

  /**
   * Up to `limit` durable orders with seq > `since`, in seq order. Valid where seqs ascend
   * (the hub's own journal). Orders written but not yet fsync'ed are left out: a seq sent to
   * a device must never be one a power cut could take back.
   */
  after(since: number, limit: number): KeptOrder[] {
    return this.retained.after(since, this.currentLastSeq, limit);
  }

  /**
   * The handled marks of `after(since, limit)`'s orders up to `upTo` handled at `from` (ms) or
   * later (or at a time that cannot be read), with the seq it looked up to: the next call's `since`.
   */
  handledAfter(since: number, upTo: number, from: number, limit: number): MarkPage {
    return this.retained.handledFrom(since, Math.min(upTo, this.currentLastSeq), from, limit);
  }

  /**
   * Stores an order durably. A known id (stored, or being stored) is a duplicate: nothing is
   * written and the first copy is returned — unless the stream numbers it anew (see
   * `isReissue`). With `seq: 'next'` the journal numbers the order.
   */
  append(order: Order, seq: number | null | 'next', options: AppendOptions = {}): Promise<AppendResult> {
    // A copy still being stored answers only once it is durable, like the first post.
    const inFlight = this.pending.get(order.id);
    if (inFlight) return inFlight.then(({ stored }) => ({ duplicate: true, stored }));
    const known = this.retained.entry(order.id);
    if (known && !this.isReissue(known, seq)) return Promise.resolve({ duplicate: true, stored: known.stored });
    // Serialised once: measured for `refuse`, written, and kept as the bytes devices are sent.
    const orderJson = orderJsonOf(order);
    const refusal = this.options.refuse?.(order, Buffer.byteLength(orderJson));
    if (refusal !== undefined) return Promise.reject(new OrderRefused(refusal));
    if (seq === 'next') {
      const next = Math.max(this.allocatedSeq, this.currentLastSeq) + 1;
      try {
        this.options.reserveSeq?.(next);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      seq = this.allocatedSeq = next;
    }
    const fresh: StoredOrder = { seq, order, receivedAt: this.now() };
    if (options.handled) fresh.handled = options.handled;
    const line = frameJsonText(orderRecordHead(fresh), orderJson, '}');
    const stored = KeptOrder.written(fresh, framedJson(line), this.retained.arena);
    const epoch = this.fileEpoch;
    let settle!: { resolve: (result: AppendResult) => void; reject: (error: Error) => void };
    const write = new Promise<AppendResult>((resolve, reject) => (settle = { resolve, reject }));
    // Known as pending before the write, so hooks that run inside it already see the id.
    this.pending.set(order.id, write);
    this.file
      .appendFramed(line, {
        written: () => {
          this.records++;
          this.retained.add(stored, line.length, epoch);
          options.written?.(stored);
        },
        commit: () => this.commitOrder(stored),
      })
      .then(
        () => {
          this.pending.delete(order.id);
          settle.resolve({ duplicate: false, stored });
        },
        (error: Error) => {
          this.pending.delete(order.id);
          settle.reject(error);
        },
      );
    return write;
  }

  /** How many writes have failed so far; a change means the stream has a gap. */
  get failureCount(): number {
    return this.file.failureCount;
  }

  /** Marks an order handled. Resolves to false for an unknown id, or one already handled. */
  async markHandled(id: string, by: string, at: string): Promise<boolean> {
    // An order still being stored is handled right after it is.
    await this.pending.get(id)?.catch(() => {});
    const known = this.retained.get(id);
    if (!known || known.handled || this.handling.has(id)) return false;
    this.handling.add(id);
    const record: JournalRecord = { k: 'handled', id, by, at };
    try {
      await this.file.append(record, {
        commit: () => {
          this.records++;
          known.handled = { by, at };
          this.retained.setHandled(id, by, at);
          this.emit('handled', known);
          // Where orders are answered, the handle is the order's done: told, not written (doneByHandle).
          const done = this.doneOf(id, this.states.of(id));
          if (done) this.emit('state', done);
        },
      });
    } finally {
      this.handling.delete(id);
    }
    return true;
  }

  /** Every order that changed state, with its changes (also orders that have left retention, until compaction). */
  stateHistories(): IterableIterator<[string, readonly StateChange[]]> {
    return this.handledIsDone ? withDoneByHandle(this.states, this.retained) : this.states.entries();
  }

  /** The order's changes of state, oldest first. */
  stateHistory(id: string): readonly StateChange[] {
    const recorded = this.states.of(id);
    return this.handledIsDone ? historyWithHandle(id, recorded, this.retained.handledOf(id)) : recorded;
  }

  /** The order's changes of state as written, without the done a handle stands for. */
  recordedStateHistory(id: string): readonly StateChange[] {
    return this.states.of(id);
  }

  /** From now on a handled order none of whose changes closed it reads as done, or no longer (see doneByHandle). */
  treatHandledAsDone(on: boolean): void {
    this.handledIsDone = on;
  }

  private doneOf(id: string, recorded: readonly StateChange[]): StateChange | undefined {
    return this.handledIsDone ? doneByHandle(id, recorded, this.retained.handledOf(id)) : undefined;
  }

  /**
   * Stores a change of an order's state. Resolves to false for an unknown order, or a change
   * it already has (by seq): who may make which change is decided before, not here.
   */
  async appendState(change: StateChange): Promise<boolean> {
    await this.pending.get(change.id)?.catch(() => {});
    if (!this.retained.has(change.id) || change.seq <= this.states.lastSeq(change.id)) return false;
    // A change after the done a handle stands for writes that done first, in the same fsync,
    // so the history keeps it; it was told when it was first read (the outbox looks at start).
    const done = this.doneOf(change.id, this.states.of(change.id));
    const changes = done && change.seq > done.seq ? [done, change] : [change];
    await Promise.all(
      changes.map((one) =>
        this.file.append({ k: 'state', change: one }, {
          commit: () => {
            this.records++;
            if (this.states.add(one) && one === change) this.emit('state', one);
          },
        }),
      ),
    );
    return true;
  }

  /** An order's bumps on the kitchen display, as durable now. */
  bumpsOf(id: string): OrderBumps {
    return this.bumpStore.get(id);
  }

  /** Every order's bumps, for a device that reconnects. */
  allBumps(): IterableIterator<[string, OrderBumps]> {
    return this.bumpStore.entries();
  }

  /**
   * Applies a bump (or its undo) to an order and resolves, once durable, to the order's bumps;
   * undefined for an unknown id. Changes of one order are written one after another.
   */
  bump(id: string, action: BumpAction, mark: BumpMark): Promise<OrderBumps | undefined> {
    const write = (this.bumping.get(id) ?? Promise.resolve()).catch(() => {}).then(async () => {
      await this.pending.get(id)?.catch(() => {});
      if (!this.retained.has(id)) return undefined;
      const record = this.bumpStore.change(id, action, mark);
      await this.file.append(record, {
        commit: () => {
          this.records++;
          this.bumpStore.set(id, record.bumps);
          this.emit('bumps', id, record.bumps);
          this.compactSoon();
        },
      });
      return record.bumps;
    });
    this.bumping.set(id, write);
    void write.catch(() => {}).finally(() => {
      if (this.bumping.get(id) === write) this.bumping.delete(id);
    });
    return write;
  }

  /**
   * Starts a new stream history: the server's epoch changed, so its seqs start again. Also
   * with the same epoch: the orders stored so far then count as another history, so a known
   * id that comes again with another seq is a repeat, not an order numbered anew.
   */
  async resetEpoch(epoch: string, lastSeq = 0): Promise<void> {
    await this.writeStreamPosition(epoch, lastSeq);
  }

  /**
   * Moves lastSeq up to `seq` in the current epoch: seqs up to it count as issued, though no
   * order here carries them (the hub's high-water mark was ahead of this file).
   */
  async skipTo(seq: number): Promise<void> {
    if (this.currentEpoch === null) throw new Error('skipTo needs an epoch');
    if (seq > this.currentLastSeq) await this.writeStreamPosition(this.currentEpoch, seq);
  }

  async close(): Promise<void> {
    await this.compacting;
    await this.file.close();
  }

  private writeStreamPosition(epoch: string, lastSeq: number): Promise<void> {
    this.fileEpoch = this.runOf(epoch, lastSeq);
    const record: JournalRecord = { k: 'epoch', epoch, lastSeq };
    return this.file.append(record, {
      commit: () => {
        this.records++;
        this.moveStreamPosition(epoch, lastSeq);
      },
    });
  }

  /**
   * The run an epoch record belongs to: the current one only if it names the same epoch and
   * moves lastSeq on; one that starts over (lastSeq 0) or goes back begins a new history.
   */
  private runOf(epoch: string, lastSeq: number): EpochRun {
    const run = this.fileEpoch;
    return run?.name === epoch && lastSeq > 0 && lastSeq >= this.currentLastSeq ? run : { name: epoch };
  }

  private moveStreamPosition(epoch: string, lastSeq: number): void {
    if (lastSeq !== this.currentLastSeq || epoch !== this.currentEpoch) this.lastSeqOrderId = null;
    this.currentEpoch = epoch;
    this.currentLastSeq = lastSeq;
  }

  /** An order with a seq reached the stream position: at or past lastSeq, it is the one there. */
  private advanceTo(stored: KeptOrder | StoredOrder): void {
    if (stored.seq === null || stored.seq < this.currentLastSeq) return;
    this.currentLastSeq = stored.seq;
    this.lastSeqOrderId = stored instanceof KeptOrder ? stored.id : stored.order.id;
  }

  /**
   * A known id that comes again with another seq of the same epoch is a new order: a server
   * hands out a seq once per epoch, so it numbered this one anew (the hub does when an id
   * posted again had left its retention). From another epoch, or unnumbered, it is a repeat.
   */
  private isReissue(known: { stored: KeptOrder; epoch: EpochRun | null }, seq: number | null | 'next'): boolean {
    return typeof seq === 'number' && known.stored.seq !== null && known.stored.seq !== seq && known.epoch !== null && known.epoch === this.fileEpoch;
  }

  /**
   * Durable: the stream position advances and the order is announced to others (the hub
   * broadcasts on this), so a seq is never handed out that a power cut could take back.
   */
  private commitOrder(stored: KeptOrder): void {
    this.advanceTo(stored);
    this.applyRetention();
    this.emit('order', stored);
    this.compactSoon();
  }

  private compactSoon(): void {
    void this.compactIfWasteful().catch((error: Error) => {
      // Only the file's size suffers; the next change tries again.
      this.log(`journal compaction failed, will retry: ${error.message}`);
    });
  }

  /**
   * A record read back. Each order record is the order as it was stored; a second record of
   * an id is only ever written once the first had left retention (or the stream numbered
   * it anew), so the later one is the order that id now stands for.
   */
  private replay(record: Change, bytes: number): void {
    if (record.k === 'order') {
      const { stored } = record;
      this.advanceTo(stored);
      this.retained.add(stored, bytes, this.fileEpoch);
    } else if (record.k === 'handled-line') {
      this.retained.setHandledByIdJson(record.line, record.idFrom, record.idTo, record.by, record.at);
    } else if (record.k === 'handled') {
      this.retained.setHandled(record.id, record.by, record.at);
    } else if (record.k === 'state') {
      this.states.add(record.change);
    } else if (record.k === 'bumps') {
      this.bumpStore.set(record.id, record.bumps);
    } else {
      this.fileEpoch = this.runOf(record.epoch, record.lastSeq);
      this.moveStreamPosition(record.epoch, record.lastSeq);
    }
  }

  private applyRetention(): void {
    for (const { id, seq } of this.trimToLimits()) {
      this.log(`order ${id} (seq ${seq}) left the journal unhandled: ${this.limits()}`);
    }
    const now = this.now();
    if (now - this.lastAgeCheck >= AGE_CHECK_INTERVAL_MS || now < this.lastAgeCheck) this.applyAgeRetention(now);
  }

  /** Applies the count and size limits; returns the unhandled orders they removed. */
  private trimToLimits(): KeptOrder[] {
    const unhandled: KeptOrder[] = [];
    this.retained.trim(this.maxOrders, this.maxBytes, (stored) => {
      if (!stored.handled) unhandled.push(stored);
    });
    return unhandled;
  }

  private limits(): string {
    return `the journal keeps at most ${this.maxOrders} orders and ${this.maxBytes} bytes of them`;
  }

  /** Age retention, and a report when the clock and the journal disagree (reported once per change). */
  private applyAgeRetention(now: number): void {
    this.lastAgeCheck = now;
    const { future, ancient } = expireByAge(this.retained, now, this.maxAgeMs);
    const doubt = `${future}/${ancient}`;
    if (doubt === this.reportedDoubt) return;
    this.reportedDoubt = doubt;
    if (future > 0 || ancient > 0) {
      this.log(
        `the clock (${new Date(now).toISOString()}) disagrees with the journal: ${future} order(s) are dated in the future and ${ancient} more than a year past their retention age; they are kept, and only the order-count and size limits remove them`,
      );
    }
  }

  private compactIfWasteful(anyway = false): Promise<void> {
    const wastefulRecords = this.records > this.retained.size * COMPACT_RECORDS_PER_ORDER + COMPACT_SLACK;
    const wastefulBytes = this.file.bytes > this.retained.bytes * 2 + COMPACT_SLACK_BYTES;
    if (this.compacting || !(wastefulRecords || wastefulBytes || anyway)) return Promise.resolve();
    this.compacting = this.file
      .rewrite(() => this.snapshot())
      .finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  /** The whole state as records, for compaction. */
  private snapshot(): ReturnType<typeof snapshotRecords> {
    const position = this.currentEpoch === null ? null : { epoch: this.currentEpoch, lastSeq: this.currentLastSeq };
    const kept = (id: string) => this.retained.has(id);
    const records = [...snapshotRecords(this.retained.entries(), position), ...this.states.records(kept), ...this.bumpStore.snapshot(kept)];
    // Chunks still holding removed orders' JSON are freed once every retained one has moved.
    this.retained.repack();
    this.records = records.length;
    return records;
  }
}
