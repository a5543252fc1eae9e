/**
 * Readies the reports after the hub has started, a slice of orders at a time between other work:
 * each retained order's sale is read into the journal's columns (journal/sale-columns.ts, 13
 * bytes an order), and the report code runs over the first few slices, its figures thrown away. So the
 * first report asked for costs what a later one does, instead of parsing 30,000 orders' JSON and
 * running code not yet compiled while the shop waits. Nothing but the columns is kept.
 */
import { computeReport } from './figures';
import type { Sale } from '../journal/sale';
import { addReportRow, reportStatesOf, type JournalledOrder, type ReportJournal } from './report-order';
import { ReportRows } from './report-rows';

/** Small enough that an order arriving meanwhile waits a few milliseconds at most. */
const SLICE = 1000;
/** The report code runs over this many slices only: enough for V8 to compile it, and the rest of a busy month is read for its sales alone. */
const RUN_SLICES = 12;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Starts; the returned function stops it at the next slice (the journal is closing). `done` is called once all is read. */
export function readyReports(journal: ReportJournal, timeZone: string, done: () => void = () => {}): () => void {
  let stopped = false;
  let slices = 0;
  // One walk, suspended between slices: each step reads the slot it stands on as it is then, so orders added or dropped meanwhile cannot give one order another's sale.
  const walk = journal.sales()[Symbol.iterator]();
  const slice = (): void => {
    if (stopped) return;
    // Rows only for the slices the report code runs over: each is a dozen typed arrays.
    const rows = slices++ < RUN_SLICES ? new ReportRows(SLICE) : undefined;
    let step: IteratorResult<{ stored: JournalledOrder & { id: string }; sale: Sale }> | undefined;
    for (let n = 0; n < SLICE && !(step = walk.next()).done; n++) {
      if (rows) addReportRow(rows, step.value.stored, reportStatesOf(journal, step.value.stored.id), step.value.sale);
    }
    if (rows?.count) computeReport(rows, { from: dayOf(rows.arrivedAt[0]!), to: dayOf(rows.arrivedAt[rows.count - 1]!), by: 'day', timeZone });
    if (step?.done) return done();
    setImmediate(slice);
  };
  setImmediate(slice);
  return () => {
    stopped = true;
  };
}
