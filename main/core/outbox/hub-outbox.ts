/**
 * A hub's outbox, fed by its journal. Today's one state change is an order marked handled
 * (state `done`); the order-states engine hands over its own changes with `outbox.record`.
 * Opened before the hub starts and attached as soon as its journal is open; the journal
 * listener goes first among the journal's, so a change is in the outbox's file before the hub
 * tells any device (or answers the request) that it happened.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Journal } from '../journal/journal';
import { Outbox, type OutboxOptions, type OutboxTarget } from './outbox';

export const OUTBOX_FILE = 'outbox.log';
const DAY_MS = 24 * 3600 * 1000;

type Handled = { id: string; handled?: { by: string; at: string } | undefined };

export class HubOutbox {
  private detach: (() => void) | undefined;

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
   * Records each order the journal marks handled as state `done`; first, each handled within
   * the retry window that the outbox never heard of: a crash after the journal wrote a handled
   * state and before it was fsync'ed (when the journal tells) loses the outbox's line, not the
   * state.
   */
  attach(journal: Journal): void {
    const record = (stored: Handled) => {
      if (!stored.handled) return;
      const { by, at } = stored.handled;
      this.outbox.record({ id: stored.id, state: 'done', by, at }).catch((error: Error) => {
        this.log(`outbox: could not store that order ${stored.id} is done; the backend may not hear it: ${error.message}`);
      });
    };
    journal.prependListener('handled', record);
    this.detach = () => journal.off('handled', record);
    const since = Date.now() - this.maxAgeMs;
    const missed = [...journal.all()].filter((stored) => stored.handled && Date.parse(stored.handled.at) >= since && !this.outbox.knows(stored.id, 'done'));
    // A new outbox tells what happens from now on, not what was handled before it existed.
    if (this.outbox.startedEmpty) {
      this.outbox.remember(missed.map(({ id }) => ({ id, state: 'done' }))).catch((error: Error) => this.log(`outbox: ${error.message}`));
    } else {
      for (const stored of missed) record(stored);
    }
  }

  async close(): Promise<void> {
    this.detach?.();
    await this.outbox.close();
    for (const target of this.targets) target.close?.();
  }
}
