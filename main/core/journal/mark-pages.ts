/**
 * The answers `RetainedOrders.handledFrom` gave while the retained orders stayed as they were.
 * The devices that reconnect together after a restart resume from the same seq, ask for the
 * same pages and are sent the same marks: they share these objects (and the hub the frames it
 * makes of them) instead of each device making its own copy of every mark.
 */
import type { HandledState } from '../orders/order';

/** An order's id and its handled state: what a `handled` frame says. */
export interface HandledMark extends HandledState {
  id: string;
}

export interface MarkPage {
  marks: readonly HandledMark[];
  /** The seq looked up to: the next page's `since`. */
  reached: number;
}

/** Pages kept at most: one resume over 100,000 orders asks for about 200. */
const MAX_PAGES = 512;

export class MarkPages {
  private readonly pages = new Map<string, MarkPage>();

  /** The page for these arguments, made by `make` unless it was made since the orders last changed. */
  page(since: number, upTo: number, from: number, limit: number, make: () => MarkPage): MarkPage {
    const key = `${since} ${upTo} ${from} ${limit}`;
    const known = this.pages.get(key);
    if (known) return known;
    if (this.pages.size >= MAX_PAGES) this.pages.clear();
    const made = make();
    this.pages.set(key, made);
    return made;
  }

  /** The retained orders changed: no page made before is an answer any more. */
  forget(): void {
    if (this.pages.size > 0) this.pages.clear();
  }
}
