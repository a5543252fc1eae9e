/**
 * The kitchen display's bumps in the journal: each change is one `bumps` record holding the
 * order's whole bump state after it (orders/bumps.ts), so reading the file back keeps the last
 * record of each order, and compaction writes one record per retained order that has bumps.
 */
import { applyBump, validateBumps, type BumpAction, type BumpMark, type OrderBumps } from '../orders/bumps';

export interface BumpRecord {
  k: 'bumps';
  id: string;
  bumps: OrderBumps;
  /** The change that made this state; compaction's records have none. */
  action?: BumpAction & BumpMark;
}

/** Reads a `bumps` record back; a string says why it is ignored. */
export function readBumpRecord(record: Record<string, unknown>): BumpRecord | string {
  if (typeof record.id !== 'string') return 'bad bumps record: no id';
  const bumps = validateBumps(record.bumps);
  if (!bumps.ok) return `bad bumps record: ${bumps.error}`;
  return { k: 'bumps', id: record.id, bumps: bumps.value };
}

export class BumpStore {
  private readonly byId = new Map<string, OrderBumps>();

  get(id: string): OrderBumps {
    return this.byId.get(id) ?? {};
  }

  /** The record of `action` applied to the order's bumps as they are now. */
  change(id: string, action: BumpAction, mark: BumpMark): BumpRecord {
    return { k: 'bumps', id, bumps: applyBump(this.get(id), action, mark), action: { ...action, ...mark } };
  }

  set(id: string, bumps: OrderBumps): void {
    if (Object.keys(bumps).length === 0) this.byId.delete(id);
    else this.byId.set(id, bumps);
  }

  /** Every order's bumps, for a device that reconnects. */
  entries(): IterableIterator<[string, OrderBumps]> {
    return this.byId.entries();
  }

  /** One record per order still retained; the bumps of orders that left the journal are forgotten. */
  snapshot(retained: (id: string) => boolean): BumpRecord[] {
    const records: BumpRecord[] = [];
    for (const [id, bumps] of this.byId) {
      if (retained(id)) records.push({ k: 'bumps', id, bumps });
      else this.byId.delete(id);
    }
    return records;
  }
}
