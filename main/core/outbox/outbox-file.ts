/**
 * The outbox's file: an append-only, fsync'ed log (journal/append-log.ts) of state changes to
 * deliver and of deliveries answered or given up. Compaction rewrites it with what is still
 * waiting, so it stays small however long the hub runs.
 */
import { AppendLog } from '../journal/append-log';
import { ORDER_STATES } from '../orders/order-life';
import type { OutboxItem } from './state-change';

type OutboxRecord =
  /** A change to deliver to each of `targets`; `n` numbers it in this file, `at` is when (ms). */
  | { k: 'change'; n: number; change: OutboxItem; targets: string[]; at: number }
  | { k: 'delivered'; n: number; target: string }
  | { k: 'gave-up'; n: number; target: string; reason: string }
  /** Written by compaction: numbers are never reused, even with nothing left waiting. */
  | { k: 'next'; n: number; givenUp: Record<string, number> }
  /** Written by compaction: the changes recorded lately, as `<id>:<state>` and when (ms). */
  | { k: 'known'; n: number; keys: [string, number][] };

export interface OutboxEntry {
  n: number;
  change: OutboxItem;
  at: number;
  /** Targets still to be told. */
  waiting: Set<string>;
}

/** Compaction once this many records are about deliveries finished. */
const COMPACT_AFTER = 2000;

export class OutboxFile {
  readonly entries = new Map<number, OutboxEntry>();
  /** Each change recorded lately, as `<id>:<seq>`, and when: see `knows`. */
  private readonly known = new Map<string, number>();
  /** Per target, how many deliveries were given up (kept across compaction, so it stays visible). */
  readonly givenUp = new Map<string, number>();
  private nextN = 1;
  private finished = 0;
  private compacting: Promise<void> | undefined;

  private constructor(
    private readonly log: AppendLog,
    private readonly keepKnownMs: number,
    private readonly now: () => number,
  ) {
    this.startedEmpty = log.bytes === 0;
  }

  static async open(path: string, keepKnownMs: number, now: () => number, report: (line: string) => void): Promise<OutboxFile> {
    const { log, records, problems } = await AppendLog.open(path);
    const file = new OutboxFile(log, keepKnownMs, now);
    for (const problem of problems) report(`outbox line ${problem.line}: ${problem.reason}`);
    for (const record of records) {
      if (!file.apply(record)) report(`outbox: skipped a record it does not understand: ${JSON.stringify(record).slice(0, 200)}`);
    }
    return file;
  }

  /**
   * Writes a change for `targets`. The line is in the file when this returns (a crash of this
   * process keeps it); the promise resolves once it is fsync'ed.
   */
  add(change: OutboxItem, targets: string[], now: number): { entry: OutboxEntry; durable: Promise<void> } {
    const record: OutboxRecord = { k: 'change', n: this.nextN, change, targets, at: now };
    this.apply(record);
    const durable = this.log.append(record);
    return { entry: this.entries.get(record.n)!, durable };
  }

  /** Whether the file was empty when opened: this outbox starts now, with nothing from before. */
  readonly startedEmpty: boolean;

  /** Whether the change `seq` of order `id` was recorded within the last `keepKnownMs`. */
  knows(id: string, seq: number): boolean {
    return this.known.has(`${id}:${seq}`);
  }

  /** Counts these changes as recorded already, so `knows` says yes: changes from before this outbox existed. */
  remember(changes: { id: string; seq: number }[]): Promise<void> {
    const record: OutboxRecord = { k: 'known', n: 0, keys: changes.map(({ id, seq }) => [`${id}:${seq}`, this.now()]) };
    this.apply(record);
    return this.log.append(record);
  }

  delivered(n: number, target: string): Promise<void> {
    return this.finish({ k: 'delivered', n, target });
  }

  gaveUp(n: number, target: string, reason: string): Promise<void> {
    return this.finish({ k: 'gave-up', n, target, reason });
  }

  get waitingCount(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    await this.compacting;
    await this.log.close();
  }

  private finish(record: OutboxRecord): Promise<void> {
    this.apply(record);
    const written = this.log.append(record);
    if (++this.finished >= COMPACT_AFTER && !this.compacting) {
      this.compacting = written.then(() => this.compact()).finally(() => (this.compacting = undefined));
    }
    return written;
  }

  private compact(): Promise<void> {
    return this.log.rewrite(() => {
      this.finished = 0;
      const next: OutboxRecord = { k: 'next', n: this.nextN, givenUp: Object.fromEntries(this.givenUp) };
      const waiting = [...this.entries.values()].map(
        (entry): OutboxRecord => ({ k: 'change', n: entry.n, change: entry.change, targets: [...entry.waiting], at: entry.at }),
      );
      const since = this.now() - this.keepKnownMs;
      for (const [key, at] of this.known) if (at < since) this.known.delete(key);
      const known: OutboxRecord = { k: 'known', n: 0, keys: [...this.known] };
      return [next, known, ...waiting];
    });
  }

  /** Applies one record to the in-memory state; false for a record it cannot read. */
  private apply(record: unknown): boolean {
    if (!isRecord(record)) return false;
    switch (record.k) {
      case 'change':
        this.entries.set(record.n, { n: record.n, change: record.change, at: record.at, waiting: new Set(record.targets) });
        this.known.set(`${record.change.id}:${record.change.seq}`, record.at);
        this.nextN = Math.max(this.nextN, record.n + 1);
        return true;
      case 'next':
        this.nextN = Math.max(this.nextN, record.n);
        for (const [target, count] of Object.entries(record.givenUp)) this.givenUp.set(target, count);
        return true;
      case 'known':
        for (const [key, at] of record.keys) this.known.set(key, at);
        return true;
      default: {
        if (record.k === 'gave-up') this.givenUp.set(record.target, (this.givenUp.get(record.target) ?? 0) + 1);
        const entry = this.entries.get(record.n);
        entry?.waiting.delete(record.target);
        if (entry && entry.waiting.size === 0) this.entries.delete(record.n);
        return true;
      }
    }
  }
}

function isRecord(value: unknown): value is OutboxRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (!Number.isSafeInteger(record.n)) return false;
  switch (record.k) {
    case 'change':
      return Array.isArray(record.targets) && record.targets.every((t) => typeof t === 'string') && typeof record.at === 'number' && isChange(record.change);
    case 'delivered':
      return typeof record.target === 'string';
    case 'gave-up':
      return typeof record.target === 'string' && typeof record.reason === 'string';
    case 'known':
      return Array.isArray(record.keys) && record.keys.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'number');
    case 'next':
      return typeof record.givenUp === 'object' && record.givenUp !== null;
    default:
      return false;
  }
}

function isChange(value: unknown): value is OutboxItem {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as Record<string, unknown>;
  if (change.event === 'order.unanswered') {
    return typeof change.id === 'string' && typeof change.at === 'string' && Number.isSafeInteger(change.waitingS) && change.seq === 0;
  }
  return (
    typeof change.id === 'string' &&
    (ORDER_STATES as readonly string[]).includes(change.state as string) &&
    typeof change.at === 'string' &&
    typeof change.by === 'string' &&
    Number.isSafeInteger(change.seq)
  );
}
