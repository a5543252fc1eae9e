/**
 * Each order's history of states (orders/order-life.ts), as the journal keeps it: state records
 * sit beside the order records, `{"k":"state","change":{…}}`, one per change, and are kept apart
 * from the order's own columns so other per-order records can sit beside them the same way.
 */
import { readStateChange, type StateChange } from '../orders/order-life';

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
