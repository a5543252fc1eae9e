/**
 * The print ledger: which tickets were queued, which were being sent, which the printer
 * confirmed. It is an AppendLog of its own beside the order journal (print.log), and every
 * change is durable (fsync'ed) before the queue acts on it, so a restart resends exactly
 * the tickets never confirmed, and marks as a possible duplicate the ones whose bytes may
 * have reached the printer before the process died.
 */
import { AppendLog } from '../journal/append-log';
import type { LoadProblem } from '../journal/log-lines';
import type { StoredOrder } from '../journal/records';
import type { Order } from '../orders/order';

export interface PrintJob {
  /** The order id for a new order's ticket; `id#reprint-N` for the Nth reprint. */
  key: string;
  order: Order;
  receivedAt: number;
  copies: number;
  reprint: boolean;
  /** Bytes of this job may already have reached the printer: print it marked as such. */
  possibleDuplicate: boolean;
  /**
   * queued: nothing sent yet; sending: bytes may have reached the printer; sent: the printer
   * confirmed it; skipped: part of a backlog staff chose not to print (print/backlog.ts).
   */
  state: 'queued' | 'sending' | 'sent' | 'skipped';
}

type LedgerRecord =
  | { k: 'session'; at: number }
  | { k: 'closed'; at: number }
  | { k: 'queued'; key: string; order: Order; receivedAt: number; copies: number; reprint: boolean; state?: PrintJob['state'] }
  | { k: 'sending'; key: string }
  | { k: 'sent'; key: string }
  | { k: 'skipped'; key: string };

export interface LedgerOptions {
  now?: () => number;
  /** Confirmed tickets are remembered this long (default 31 days: longer than the journal keeps orders). */
  keepMs?: number;
  /** A new session starts after this time (the newest order already stored), so none of those print. */
  startAfter?: number;
  /**
   * Continue the session from this time instead: the printer was reopened with new settings
   * and orders stored while it was closed must still print.
   */
  resumeFrom?: number;
}

const DEFAULT_KEEP_MS = 31 * 24 * 3600 * 1000;
const COMPACT_SLACK = 1024;

export class PrintLedger {
  private readonly jobs = new Map<string, PrintJob>();
  /** The jobs not yet confirmed, in queue order (jobs also holds a month of confirmed ones). */
  private readonly waiting = new Map<string, PrintJob>();
  private sessionStart = 0;
  private closedCleanly = true;
  /** Lines in the file, to know when most of it is history. */
  private records = 0;
  private compacting: Promise<void> | undefined;

  private constructor(
    private readonly log: AppendLog,
    private readonly now: () => number,
    private readonly keepMs: number,
    readonly problems: LoadProblem[],
  ) {}

  /**
   * Opens the ledger. After a clean close a new session starts now; after a crash the
   * crashed session goes on, so orders it stored but never queued are still found.
   */
  static async open(path: string, options: LedgerOptions = {}): Promise<PrintLedger> {
    const { log, records, problems } = await AppendLog.open(path);
    const ledger = new PrintLedger(log, options.now ?? Date.now, options.keepMs ?? DEFAULT_KEEP_MS, problems);
    for (const record of records) ledger.replay(record as LedgerRecord);
    for (const job of ledger.jobs.values()) {
      if (job.state === 'sending') job.possibleDuplicate = true;
      if (job.state === 'queued' || job.state === 'sending') ledger.waiting.set(job.key, job);
    }
    ledger.records = records.length;
    await ledger.compactIfWasteful();
    if (ledger.closedCleanly) {
      ledger.sessionStart = options.resumeFrom ?? Math.max(ledger.now(), (options.startAfter ?? 0) + 1);
      ledger.closedCleanly = false;
      await ledger.append({ k: 'session', at: ledger.sessionStart });
    }
    return ledger;
  }

  /** Orders stored from this moment on are this session's to print. */
  get since(): number {
    return this.sessionStart;
  }

  /** Whether a new order's ticket was ever queued (reprints aside). */
  knows(orderId: string): boolean {
    return this.jobs.has(orderId);
  }

  /** Tickets not yet confirmed, in the order they were queued. */
  pending(): PrintJob[] {
    return [...this.waiting.values()];
  }

  get(key: string): PrintJob | undefined {
    return this.jobs.get(key);
  }

  /** Queues a new order's ticket, once: resolves to undefined if it was queued before. */
  async queueOrder(stored: StoredOrder, copies: number): Promise<PrintJob | undefined> {
    if (this.jobs.has(stored.order.id)) return undefined;
    return this.add(stored.order.id, stored, copies, false);
  }

  /** Queues a reprint asked for by staff: printed marked "REPRINT". */
  queueReprint(stored: StoredOrder, copies: number): Promise<PrintJob> {
    let n = 1;
    while (this.jobs.has(`${stored.order.id}#reprint-${n}`)) n++;
    return this.add(`${stored.order.id}#reprint-${n}`, stored, copies, true);
  }

  /**
   * The ticket's bytes may reach the printer from now on: recorded once the printer took the
   * connection, durable before the first byte goes out. A crash after this makes the resend a
   * possible duplicate; a ticket whose printer refused every connection is only queued, and is
   * printed unmarked after any restart.
   */
  markSending(job: PrintJob): Promise<void> {
    return this.append({ k: 'sending', key: job.key }, () => (job.state = 'sending'));
  }

  async markSent(job: PrintJob): Promise<void> {
    await this.append({ k: 'sent', key: job.key }, () => this.confirmed(job));
    void this.compactIfWasteful().catch(() => {
      /* compaction is an optimisation; the next confirmed ticket tries again */
    });
  }

  /** Staff chose not to print this backlog ticket: it is done without paper. */
  markSkipped(job: PrintJob): Promise<void> {
    return this.append({ k: 'skipped', key: job.key }, () => this.confirmed(job, 'skipped'));
  }

  /** A clean stop: the next open starts a new session instead of catching up on this one. */
  async close(): Promise<void> {
    await this.compacting?.catch(() => {});
    await this.append({ k: 'closed', at: this.now() }).catch(() => {});
    await this.log.close();
  }

  private async add(key: string, stored: StoredOrder, copies: number, reprint: boolean): Promise<PrintJob> {
    const job: PrintJob = { key, order: stored.order, receivedAt: stored.receivedAt, copies, reprint, possibleDuplicate: false, state: 'queued' };
    // Known at once, so a second arrival of the same order while this one is written is a no-op.
    this.jobs.set(key, job);
    this.waiting.set(key, job);
    try {
      await this.append(queuedRecord(job));
    } catch (error) {
      this.jobs.delete(key);
      this.waiting.delete(key);
      throw error;
    }
    return job;
  }

  private confirmed(job: PrintJob, state: 'sent' | 'skipped' = 'sent'): void {
    job.state = state;
    this.waiting.delete(job.key);
  }

  private replay(record: LedgerRecord): void {
    switch (record?.k) {
      case 'session':
        this.sessionStart = record.at;
        this.closedCleanly = false;
        break;
      case 'closed':
        this.closedCleanly = true;
        break;
      case 'queued':
        if (typeof record.key === 'string' && record.order && typeof record.order.id === 'string') {
          this.jobs.set(record.key, {
            key: record.key, order: record.order, receivedAt: Number(record.receivedAt) || 0,
            copies: Math.max(1, Number(record.copies) || 1), reprint: record.reprint === true,
            possibleDuplicate: false, state: record.state ?? 'queued',
          });
        }
        break;
      case 'sending':
      case 'sent':
      case 'skipped': {
        const job = this.jobs.get(record.key);
        if (job && job.state !== 'sent' && job.state !== 'skipped') job.state = record.k;
        break;
      }
    }
  }

  private append(record: LedgerRecord, commit?: () => void): Promise<void> {
    return this.log.append(record, {
      commit: () => {
        this.records++;
        commit?.();
      },
    });
  }

  /** Drops confirmed tickets older than keepMs and rewrites the file when most of it is history. */
  private compactIfWasteful(): Promise<void> {
    const oldest = this.now() - this.keepMs;
    for (const [key, job] of this.jobs) if ((job.state === 'sent' || job.state === 'skipped') && job.receivedAt < oldest) this.jobs.delete(key);
    if (this.compacting || this.records <= this.jobs.size * 2 + COMPACT_SLACK) return Promise.resolve();
    this.compacting = this.log
      .rewrite(() => {
        const session: LedgerRecord[] = this.closedCleanly ? [{ k: 'closed', at: this.now() }] : [{ k: 'session', at: this.sessionStart }];
        const snapshot = [...[...this.jobs.values()].map(queuedRecord), ...session];
        this.records = snapshot.length;
        return snapshot;
      })
      .finally(() => (this.compacting = undefined));
    return this.compacting;
  }
}

function queuedRecord(job: PrintJob): LedgerRecord {
  const record: LedgerRecord = { k: 'queued', key: job.key, order: job.order, receivedAt: job.receivedAt, copies: job.copies, reprint: job.reprint };
  if (job.state !== 'queued') record.state = job.state;
  return record;
}
