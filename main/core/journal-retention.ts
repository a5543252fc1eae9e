/**
 * The orders a journal retains, oldest first, and the rules for how long: a count, a byte
 * size and an age. Count and size are hard bounds on memory; age only ever removes orders
 * that were handled and whose date the clock can vouch for.
 */
import type { KeptOrder } from './journal-records';

/** One retained order, with what retention and the stream need to know about it. */
export interface Entry {
  stored: KeptOrder;
  /** Its journal line's length: what it costs in the file, and roughly in memory. */
  bytes: number;
  /** The stream's epoch when it was stored: seqs compare only within one epoch. */
  epoch: string | null;
}

/** An order dated this far ahead of the clock means the clock went back (or was ahead then). */
export const FUTURE_DOUBT_MS = 3600 * 1000;
/** An order this much older than its retention age means the clock jumped forward, more likely than a hub left off that long. */
export const PAST_DOUBT_MS = 365 * 24 * 3600 * 1000;

export type AgeVerdict = 'young' | 'expired' | 'future' | 'ancient';

/** How old an order looks against `now`, and whether that age can be trusted. */
export function ageVerdict(receivedAt: number, now: number, maxAgeMs: number): AgeVerdict {
  if (receivedAt > now + FUTURE_DOUBT_MS) return 'future';
  const age = now - receivedAt;
  if (age > maxAgeMs + PAST_DOUBT_MS) return 'ancient';
  return age > maxAgeMs ? 'expired' : 'young';
}

/**
 * Removes handled orders older than `maxAgeMs`. Unhandled orders stay, and so does any order
 * whose date the clock cannot vouch for — dated ahead of it, or years past its retention age:
 * the clock jumped (a CMOS reset, a restored VM), and trusting it would empty the journal.
 * Returns how many of those there are.
 */
export function expireByAge(retained: RetainedOrders, now: number, maxAgeMs: number): { future: number; ancient: number } {
  let future = 0;
  let ancient = 0;
  retained.removeWhere(({ stored }) => {
    const verdict = ageVerdict(stored.receivedAt, now, maxAgeMs);
    if (verdict === 'future') future++;
    if (verdict === 'ancient') ancient++;
    return verdict === 'expired' && stored.handled !== undefined;
  });
  return { future, ancient };
}

const REBUILD_SLACK = 1024;

export class RetainedOrders {
  private readonly byId = new Map<string, Entry>();
  /** Every entry in arrival order; `head` skips a removed prefix, and entries not in `byId` are removed. */
  private ordered: Entry[] = [];
  private head = 0;
  private totalBytes = 0;

  get size(): number {
    return this.byId.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** Adds an order as the newest; an earlier entry with its id is removed (it is superseded). */
  add(entry: Entry): void {
    const earlier = this.byId.get(entry.stored.id);
    if (earlier) this.totalBytes -= earlier.bytes;
    this.byId.set(entry.stored.id, entry);
    this.ordered.push(entry);
    this.totalBytes += entry.bytes;
  }

  /** Retained entries, oldest first. */
  *entries(): IterableIterator<Entry> {
    for (let i = this.head; i < this.ordered.length; i++) {
      const entry = this.ordered[i]!;
      if (this.isLive(entry)) yield entry;
    }
  }

  /** Up to `limit` entries with `since` < seq ≤ `upTo`, in seq order; valid where seqs ascend in arrival order. */
  after(since: number, upTo: number, limit: number): Entry[] {
    let low = this.head;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.ordered[mid]!.stored.seq ?? 0) <= since) low = mid + 1;
      else high = mid;
    }
    const page: Entry[] = [];
    for (let i = low; i < this.ordered.length && page.length < limit; i++) {
      const entry = this.ordered[i]!;
      if ((entry.stored.seq ?? 0) > upTo) break;
      if (this.isLive(entry)) page.push(entry);
    }
    return page;
  }

  /** Removes the oldest entries until at most `maxOrders` and `maxBytes` remain; returns them. */
  trim(maxOrders: number, maxBytes: number): Entry[] {
    const removed: Entry[] = [];
    while (this.head < this.ordered.length && (this.byId.size > maxOrders || this.totalBytes > maxBytes)) {
      const oldest = this.ordered[this.head++]!;
      if (!this.isLive(oldest)) continue;
      this.remove(oldest);
      removed.push(oldest);
    }
    this.rebuildIfSparse();
    return removed;
  }

  /** Removes every entry `drop` picks, wherever it is. */
  removeWhere(drop: (entry: Entry) => boolean): void {
    for (let i = this.head; i < this.ordered.length; i++) {
      const entry = this.ordered[i]!;
      if (this.isLive(entry) && drop(entry)) this.remove(entry);
    }
    this.rebuildIfSparse();
  }

  private isLive(entry: Entry): boolean {
    return this.byId.get(entry.stored.id) === entry;
  }

  private remove(entry: Entry): void {
    this.byId.delete(entry.stored.id);
    this.totalBytes -= entry.bytes;
  }

  /** Drops removed entries from the array once they outnumber the retained ones. */
  private rebuildIfSparse(): void {
    const removed = this.ordered.length - this.byId.size;
    if (removed > REBUILD_SLACK && removed > this.byId.size) {
      this.ordered = [...this.entries()];
      this.head = 0;
    }
  }
}
