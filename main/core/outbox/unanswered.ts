/**
 * `order.unanswered`: an order still new (nobody accepted, rejected or finished it) a set time
 * after it came is told to the shop's backend once, through the outbox, so it can phone or
 * pause the shop. Once without a file of its own: the outbox remembers what it recorded
 * (`knows(id, 0)`) for its whole retry window, and an order due longer ago than that window is
 * not told any more (its event would have been given up by then anyway). So a restart, a
 * kill -9 or a power cut tells an order at most once, and one due while the hub was down is
 * told when it starts.
 */
import type { Journal } from '../journal/journal';
import type { Outbox } from './outbox';
import type { UnansweredEvent } from './state-change';

export interface UnansweredOptions {
  /** An order still new this long after it came is told, in seconds; more than 0. */
  afterS: number;
  /** How far back an order may have become due and still be told: the outbox's retry window. */
  windowMs: number;
  log: (line: string) => void;
  now?: () => number;
}

/** Looked at this often at most (and at least every 5 s): a 3 s test setting is told within a second of its time. */
const CHECK_MIN_MS = 250;
const CHECK_MAX_MS = 5_000;

export class UnansweredWatch {
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(
    private readonly journal: Journal,
    private readonly outbox: Outbox,
    private readonly options: UnansweredOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    const everyMs = Math.min(CHECK_MAX_MS, Math.max(CHECK_MIN_MS, (options.afterS * 1000) / 4));
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref();
    this.check();
  }

  /** Records `order.unanswered` for each order that is due and not told yet. */
  check(): void {
    const now = this.now();
    const afterMs = this.options.afterS * 1000;
    for (const stored of this.journal.unhandled()) {
      const dueAt = stored.receivedAt + afterMs;
      if (dueAt > now || dueAt < now - this.options.windowMs) continue;
      if (this.journal.stateHistory(stored.id).length > 0 || this.outbox.knows(stored.id, 0)) continue;
      const event: UnansweredEvent = { event: 'order.unanswered', id: stored.id, waitingS: Math.floor((now - stored.receivedAt) / 1000), at: new Date(now).toISOString(), seq: 0 };
      this.options.log(`order ${stored.id} is not answered after ${event.waitingS} s: telling the backend (order.unanswered)`);
      this.outbox.record(event).catch((error: Error) => this.options.log(`outbox: could not store that order ${stored.id} is unanswered: ${error.message}`));
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
