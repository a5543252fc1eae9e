/**
 * Each order's history of states (orders/order-life.ts), as the journal keeps it: state records
 * sit beside the order records, `{"k":"state","change":{…}}`, one per change, and are kept apart
 * from the order's own columns so other per-order records can sit beside them the same way.
 */
import { isClosed, readStateChange, type StateChange } from '../orders/order-life';
import type { HandledState } from '../orders/order';

export interface StateRecord {
  k: 'state';
  change: StateChange;
}

export class StateHistories {
  private readonly byId = new Map<string, StateChange[]>();

  /** The order's changes, oldest first; empty when it never changed state. */
  of(id: string): readonly StateChange[] {
    return this.byId.get(id) ?? [];
  }

  /** The seq of the order's last change, 0 for none. */
  lastSeq(id: string): number {
    return this.byId.get(id)?.at(-1)?.seq ?? 0;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds a change unless the order already has it (by seq): a resend or replay adds nothing. */
  add(change: StateChange): boolean {
    const history = this.byId.get(change.id);
    if (!history) {
      this.byId.set(change.id, [change]);
      return true;
    }
    if (change.seq <= history.at(-1)!.seq) return false;
    history.push(change);
    return true;
  }

  /** Every change of the orders `keep` says are still retained, as records; the others are forgotten. */
  records(keep: (id: string) => boolean): StateRecord[] {
    const records: StateRecord[] = [];
    for (const [id, history] of this.byId) {
      if (!keep(id)) this.byId.delete(id);
      else for (const change of history) records.push({ k: 'state', change });
    }
    return records;
  }

  /** Each order that changed state, with its changes. */
  entries(): IterableIterator<[string, readonly StateChange[]]> {
    return this.byId.entries();
  }
}

/** A state record read back, or why it is ignored. */
export function readStateRecord(record: Record<string, unknown>): StateRecord | string {
  const change = readStateChange(record.change);
  return typeof change === 'string' ? change : { k: 'state', change };
}

/**
 * Where orders are answered (hub/answers.ts), an order handled the protocol v1 way (`handle`,
 * POST …/handled) is done, by whoever handled it, when: this is that `done`, as the next change
 * of an order none of whose recorded changes closed it. It is read from the handled state the
 * journal already holds rather than written, so a journal from before states were recorded, or
 * a handle a crash cut short of its done, costs no record and no object per order at start.
 */
export function doneByHandle(id: string, recorded: readonly StateChange[], handled: HandledState | undefined): StateChange | undefined {
  if (!handled || recorded.some((change) => isClosed(change.state))) return undefined;
  return { id, state: 'done', at: handled.at, by: handled.by, seq: (recorded.at(-1)?.seq ?? 0) + 1 };
}

/** The order's recorded changes, and after them the `done` its handle stands for, if it does. */
export function historyWithHandle(id: string, recorded: readonly StateChange[], handled: HandledState | undefined): readonly StateChange[] {
  const done = doneByHandle(id, recorded, handled);
  return done ? [...recorded, done] : recorded;
}

/** What `withDoneByHandle` reads of the retained orders. */
export interface HandledOrders {
  handledOf(id: string): HandledState | undefined;
  handledOrders(): Iterable<{ id: string; handled?: HandledState | undefined }>;
}

/** Each order's recorded changes, then its `doneByHandle`; then each handled order that has only that. */
export function* withDoneByHandle(states: StateHistories, orders: HandledOrders): IterableIterator<[string, readonly StateChange[]]> {
  for (const [id, recorded] of states.entries()) yield [id, historyWithHandle(id, recorded, orders.handledOf(id))];
  for (const stored of orders.handledOrders()) {
    if (!states.has(stored.id)) yield [stored.id, [doneByHandle(stored.id, [], stored.handled)!]];
  }
}
