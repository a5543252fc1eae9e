/**
 * A journal file read for a report, without opening it as a Journal: opening may compact or
 * trim the file, and the hub or app that owns it may be running. The file is only read (a
 * compaction meanwhile renames a new file in; this keeps reading the one it opened).
 */
import { closeSync, openSync } from 'node:fs';
import { parsing, scanFile, type LoadProblem } from '../journal/log-lines';
import { readRecord } from '../journal/records';
import { historyWithHandle } from '../journal/state-histories';
import type { StateChange } from '../orders/order-life';
import { reportOrderOf, type JournalledOrder, type ReportOrder } from './report-order';

export function readJournalForReport(path: string, now = Date.now()): { orders: ReportOrder[]; problems: LoadProblem[] } {
  const byId = new Map<string, JournalledOrder>();
  const states = new Map<string, StateChange[]>();
  const ignored: LoadProblem[] = [];
  const fd = openSync(path, 'r');
  let scanned: { problems: LoadProblem[] };
  try {
    scanned = scanFile(
      fd,
      parsing((raw, _bytes, line) => {
        const record = readRecord(raw, now);
        if (typeof record === 'string') return void ignored.push({ line, reason: `record ignored: ${record}` });
        if (record.k === 'order' && !byId.has(record.stored.order.id)) byId.set(record.stored.order.id, record.stored);
        if (record.k === 'state') states.set(record.change.id, [...(states.get(record.change.id) ?? []), record.change]);
        if (record.k !== 'handled') return;
        const known = byId.get(record.id);
        if (known && !known.handled) known.handled = { by: record.by, at: record.at };
      }),
    );
  } finally {
    closeSync(fd);
  }
  // A handle is the order's done where its states never closed it, as the hub that wrote the file reads it.
  const orders = [...byId].map(([id, stored]) => reportOrderOf(stored, historyWithHandle(id, states.get(id) ?? [], stored.handled)));
  return { orders, problems: [...scanned.problems, ...ignored] };
}
