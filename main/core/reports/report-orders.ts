/** The orders a hub's or the desktop's reports are computed from, shared by requests that come together. */
import type { Journal } from '../journal/journal';
import { reportOrderOf, reportOrdersOf, reportRowsOfJournal, reportStatesOf, type JournalledOrder, type ReportOrder } from './report-order';
import type { ReportRows } from './report-rows';

/** How long the orders read for one report serve the next: the Reports tab asks for three at once. */
export const REUSE_MS = 10_000;

/**
 * The journal's orders as reports read them, made once for requests that come together and
 * dropped REUSE_MS after they were made (what retention dropped leaves with them), so an idle hub
 * or desktop keeps no copy. The figures read them as rows (`rows()`: typed arrays, dropped at
 * any change and read again, which costs about what computing the figures does); the orders' CSV
 * as objects (`current()`, kept up to date meanwhile: a new order or change of state is read alone).
 * Reading them again is quick too: the journal keeps each order's sale in columns (journal/sale-columns.ts).
 */
export class ReportOrders {
  /** Oldest first, as the journal keeps them. */
  private orders: ReportOrder[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private kept: ReportRows | undefined;
  private rowsTimer: NodeJS.Timeout | undefined;

  constructor(private readonly journal: Journal) {
    journal.on('order', (stored) => this.update(stored));
    journal.on('handled', (stored) => this.update(stored));
    journal.on('state', (change) => {
      this.kept = undefined;
      const stored = this.orders && journal.get(change.id);
      if (stored) this.update(stored);
    });
  }

  current(): Iterable<ReportOrder> {
    if (this.orders === undefined) {
      this.orders = reportOrdersOf(this.journal);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => (this.orders = undefined), REUSE_MS).unref();
    }
    return this.orders;
  }

  /** The orders as the figures read them. */
  rows(): ReportRows {
    if (this.kept === undefined) {
      this.kept = reportRowsOfJournal(this.journal);
      clearTimeout(this.rowsTimer);
      this.rowsTimer = setTimeout(() => (this.kept = undefined), REUSE_MS).unref();
    }
    return this.kept;
  }

  /** An order changed or came: found from the newest back (changes are mostly to recent orders), not through an index of 30,000 ids. */
  private update(stored: JournalledOrder & { id: string }): void {
    this.kept = undefined;
    if (!this.orders) return;
    const fresh = reportOrderOf(stored, reportStatesOf(this.journal, stored.id));
    const at = this.orders.findLastIndex((order) => order.id === stored.id);
    if (at < 0) this.orders.push(fresh);
    else this.orders[at] = fresh;
  }
}
