/**
 * The backlog question: after a long outage (a printer off all night, or OrderBell itself), more
 * than a few old tickets waiting would pour out at once, most of them for orders long served.
 * Before printing them the queue asks (desktop) or follows the answer given in advance
 * (`listen --backlog`): print all, print only the last hour's, or skip them. Tickets younger than
 * a few minutes are not old, and reprints asked for by staff always print.
 */
import type { BacklogChoice } from './backlog-choice';
import type { PrintJob } from './print-ledger';

export type { BacklogChoice };
export type BacklogPolicy = BacklogChoice | 'ask';

export interface BacklogOptions {
  /** What to do with a backlog: ask (the desktop), or an answer given in advance. Default all. */
  policy?: BacklogPolicy;
  /** More old tickets than this waiting is a backlog. Default 10. */
  over?: number;
}

export const DEFAULT_BACKLOG_OVER = 10;
/** A ticket waiting this long is old: the order has likely been made or cancelled without it. */
export const OLD_TICKET_MS = 5 * 60_000;
const LAST_HOUR_MS = 3600_000;

export type BacklogStep = { kind: 'print' } | { kind: 'ask'; old: number } | { kind: 'skip'; jobs: PrintJob[] };

export class BacklogGate {
  /** Tickets received up to this time were decided on: they never make a backlog again. */
  private decidedUpTo = 0;
  private answer: BacklogChoice | undefined;

  constructor(
    private readonly options: BacklogOptions,
    private readonly now: () => number,
  ) {}

  /** What to do before printing the head of `pending`. */
  step(pending: PrintJob[]): BacklogStep {
    const old = this.oldTickets(pending);
    const over = this.options.over ?? DEFAULT_BACKLOG_OVER;
    const choice = this.answer ?? (this.options.policy === 'ask' ? undefined : (this.options.policy ?? 'all'));
    if (old.length <= over && !this.answer) return { kind: 'print' };
    if (!choice) return { kind: 'ask', old: old.length };
    this.answer = undefined;
    this.decidedUpTo = Math.max(...old.map((job) => job.receivedAt), this.decidedUpTo);
    const hourAgo = this.now() - LAST_HOUR_MS;
    const skipped = choice === 'all' ? [] : choice === 'skip' ? old : old.filter((job) => job.receivedAt < hourAgo);
    return skipped.length > 0 ? { kind: 'skip', jobs: skipped } : { kind: 'print' };
  }

  /** Staff answered the question; the queue's next step follows it. */
  answered(choice: BacklogChoice): void {
    this.answer = choice;
  }

  private oldTickets(pending: PrintJob[]): PrintJob[] {
    const oldest = this.now() - OLD_TICKET_MS;
    return pending.filter((job) => !job.reprint && job.receivedAt < oldest && job.receivedAt > this.decidedUpTo);
  }
}
