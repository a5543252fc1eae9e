/**
 * Readies the reports after the hub has started, a slice of orders at a time between other work:
 * each retained order's sale is read into the journal's columns (journal/sale-columns.ts, 13
 * bytes an order) and the report code runs once over each slice, its figures thrown away. So the
 * first report asked for costs what a later one does, instead of parsing 30,000 orders' JSON and
 * running code not yet compiled while the shop waits. Nothing but the columns is kept.
 */
import { computeReport } from './figures';
import type { Sale } from '../journal/sale';
import { reportOrderOf, type JournalledOrder, type ReportJournal, type ReportOrder } from './report-order';

/** Small enough that an order arriving meanwhile waits a few milliseconds at most. */
const SLICE = 1000;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Starts; the returned function stops it at the next slice (the journal is closing). `done` is called once all is read. */
export function readyReports(journal: ReportJournal, timeZone: string, done: () => void = () => {}): () => void {
  let stopped = false;
  // One walk, suspended between slices: each step reads the slot it stands on as it is then, so orders added or dropped meanwhile cannot give one order another's sale.
  const walk = journal.sales()[Symbol.iterator]();
  const slice = (): void => {
    if (stopped) return;
    const orders: ReportOrder[] = [];
    let step: IteratorResult<{ stored: JournalledOrder & { id: string }; sale: Sale }> | undefined;
    while (orders.length < SLICE && !(step = walk.next()).done) {
      const { stored, sale } = step.value;
      orders.push(reportOrderOf(stored, journal.stateHistory(stored.id), sale));
    }
    if (orders.length) computeReport(orders, { from: dayOf(orders[0]!.arrivedAt), to: dayOf(orders.at(-1)!.arrivedAt), by: 'day', timeZone });
    if (step?.done) return done();
    setImmediate(slice);
  };
  setImmediate(slice);
  return () => {
    stopped = true;
  };
}
