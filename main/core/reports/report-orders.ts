/** The orders a hub's or the desktop's reports are computed from, shared by requests that come together. */
import type { Journal } from '../journal/journal';
import { reportOrdersOf, reportRowsOfJournal, type ReportOrder } from './report-order';
import type { ReportRows } from './report-rows';

/** How long the orders read for one report serve the next: the Reports tab asks for three at once. */
export const REUSE_MS = 10_000;

/**
 * The journal's orders as the figures read them (rows: typed arrays), made once for requests
 * that come together and dropped at any change, or REUSE_MS after they were made (what retention
 * dropped leaves with them), so an idle hub or desktop keeps no copy. Reading them again costs
 * about what computing the figures does: the journal keeps each order's sale in columns
 * (journal/sale-columns.ts).
 */
export class ReportOrders {
  private kept: ReportRows | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly journal: Journal) {
    const changed = (): void => {
      this.kept = undefined;
    };
    journal.on('order', changed);
    journal.on('handled', changed);
    journal.on('state', changed);
  }

  rows(): ReportRows {
    if (this.kept === undefined) {
      this.kept = reportRowsOfJournal(this.journal);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => (this.kept = undefined), REUSE_MS).unref();
    }
    return this.kept;
  }

  /** The orders one by one with every change that stands, for the orders' CSV: read afresh, as one export is asked for at a time. */
  orders(): ReportOrder[] {
    return reportOrdersOf(this.journal);
  }
}
