/**
 * The journal's records: how each change to the journal's state is written as one line, and
 * how a line read back becomes that change again (or the reason it is ignored).
 */
import { ORDER_ID_MAX, validateOrder, type Order } from './order';
import type { HandledState } from './protocol';

export interface StoredOrder {
  /** The server's sequence number; null for orders from a legacy text server. */
  seq: number | null;
  order: Order;
  /** When this node stored it, ms since the epoch. */
  receivedAt: number;
  handled?: HandledState;
}

export type JournalRecord =
  | { k: 'order'; seq: number | null; order: unknown; at: number; handled?: HandledState }
  | { k: 'handled'; id: string; by: string; at: string }
  | { k: 'epoch'; epoch: string; lastSeq: number };

/** A record read back: the change it makes, ready to apply. */
export type ReadRecord =
  | { k: 'order'; stored: StoredOrder }
  | { k: 'handled'; id: string; handled: HandledState }
  | { k: 'epoch'; epoch: string; lastSeq: number };

export function orderRecord(stored: StoredOrder): JournalRecord {
  const record: JournalRecord = { k: 'order', seq: stored.seq, order: stored.order, at: stored.receivedAt };
  if (stored.handled) record.handled = stored.handled;
  return record;
}

/**
 * A journal's whole state as records: the retained orders (handled state folded in), each run
 * of them behind the epoch it was stored in (seqs compare only within one), then the stream
 * position.
 */
export function snapshotRecords(
  retained: Iterable<{ stored: StoredOrder; epoch: string | null }>,
  position: { epoch: string; lastSeq: number } | null,
): JournalRecord[] {
  const records: JournalRecord[] = [];
  let runEpoch: string | null = null;
  for (const { stored, epoch } of retained) {
    if (epoch !== runEpoch && epoch !== null) records.push({ k: 'epoch', epoch, lastSeq: 0 });
    runEpoch = epoch;
    records.push(orderRecord(stored));
  }
  if (position) records.push({ k: 'epoch', ...position });
  return records;
}

/** Reads one record back; a string says why it is ignored. `now` dates an order with no time. */
export function readRecord(raw: unknown, now: number): ReadRecord | string {
  if (typeof raw !== 'object' || raw === null) return 'not an object';
  const record = raw as Record<string, unknown>;
  switch (record.k) {
    case 'order':
      return readOrder(record, now);
    case 'handled':
      if (typeof record.id !== 'string') return 'bad handled record';
      return { k: 'handled', id: record.id, handled: { by: String(record.by), at: String(record.at) } };
    case 'epoch':
      if (typeof record.epoch !== 'string' || !Number.isSafeInteger(record.lastSeq)) return 'bad epoch record';
      return { k: 'epoch', epoch: record.epoch, lastSeq: record.lastSeq as number };
    default:
      return `unknown kind ${JSON.stringify(record.k)}`;
  }
}

function readOrder(record: Record<string, unknown>, now: number): ReadRecord | string {
  const order = trustedOrder(record.order);
  if (typeof order === 'string') return order;
  const seq = record.seq === null ? null : Number(record.seq);
  if (seq !== null && !Number.isSafeInteger(seq)) return 'bad seq';
  const stored: StoredOrder = { seq, order, receivedAt: Number(record.at) || now };
  if (record.handled && typeof record.handled === 'object') {
    const handled = record.handled as Record<string, unknown>;
    stored.handled = { by: String(handled.by), at: String(handled.at) };
  }
  return { k: 'order', stored };
}

/**
 * An order read back from the journal. Every record was validated before it was written and
 * its line passed the CRC, so a full re-validation of 100,000 orders at each start would only
 * cost time: the shape is checked, and only a record that fails it is examined in detail.
 */
function trustedOrder(value: unknown): Order | string {
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof id === 'string' && id.length > 0 && id.length <= ORDER_ID_MAX) {
    return value as Order;
  }
  const checked = validateOrder(value);
  return checked.ok ? checked.value : checked.error;
}
