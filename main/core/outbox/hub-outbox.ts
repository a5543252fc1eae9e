/**
 * A hub's outbox, fed by its journal: every change of an order's state the journal stores
 * (answers, and an order handled the protocol v1 way, which the journal tells as done).
 * Opened before the hub starts and attached as soon as its journal is open; the journal
 * listener goes first among the journal's, so a change is in the outbox's file before the hub
 * tells any device (or answers the request) that it happened.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Journal } from '../journal/journal';
import type { StateChange } from '../orders/order-life';
import { Outbox, type OutboxOptions, type OutboxTarget } from './outbox';
import { UnansweredWatch } from './unanswered';

export const OUTBOX_FILE = 'outbox.log';
const DAY_MS = 24 * 3600 * 1000;

export class HubOutbox {
  private detach: (() => void) | undefined;
  private journal: Journal | undefined;
  private unanswered: UnansweredWatch | undefined;

  private constructor(
    readonly outbox: Outbox,
    private readonly targets: OutboxTarget[],
    private readonly log: (line: string) => void,
    private readonly maxAgeMs: number,
  ) {}

  static async open(dataDir: string, targets: OutboxTarget[], log: (line: string) => void, options: Partial<OutboxOptions> = {}): Promise<HubOutbox> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const outbox = await Outbox.open({ ...options, path: join(dataDir, OUTBOX_FILE), targets, log });
    return new HubOutbox(outbox, targets, log, options.maxAgeMs ?? DAY_MS);
  }

  /**
   * Records each change of state the journal stores; first, each change within the retry window
   * that the outbox never heard of: a crash after the journal wrote a change and before the
   * outbox's line reached the disk loses the outbox's line, not the change.
   */
  attach(journal: Journal): void {
    const record = (change: StateChange) => {
      this.outbox.record(change).catch((error: Error) => {
        this.log(`outbox: could not store that order ${change.id} is ${change.state}; the backend may not hear it: ${error.message}`);
      });
    };
    journal.prependListener('state', record);
    this.detach = () => journal.off('state', record);
    this.journal = journal;
    const since = Date.now() - this.maxAgeMs;
    const missed: StateChange[] = [];
    for (const [, changes] of journal.stateHistories()) {
      for (const change of changes) if (Date.parse(change.at) >= since && !this.outbox.knows(change.id, change.seq)) missed.push(change);
    }
    // A new outbox tells what happens from now on, not what changed before it existed.
    if (this.outbox.startedEmpty) {
      this.outbox.remember(missed).catch((error: Error) => this.log(`outbox: ${error.message}`));
    } else {
      for (const change of missed) record(change);
    }
  }

  /**
   * Tells each order still new `afterS` seconds after it came as `order.unanswered`, once
   * (unanswered.ts); 0 stops it. Call after `attach`; again whenever the setting changes.
   */
  watchUnanswered(afterS: number): void {
    this.unanswered?.close();
    this.unanswered = undefined;
    if (afterS > 0 && this.journal) this.unanswered = new UnansweredWatch(this.journal, this.outbox, { afterS, windowMs: this.maxAgeMs, log: this.log });
  }

  async close(): Promise<void> {
    this.unanswered?.close();
    this.detach?.();
    await this.outbox.close();
    for (const target of this.targets) target.close?.();
  }
}
