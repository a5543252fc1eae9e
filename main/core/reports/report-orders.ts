/** The orders a hub's or the desktop's reports are computed from, shared by requests that come together. */
import type { Journal } from '../journal/journal';
import { reportOrderOf, reportOrdersOf, type JournalledOrder, type ReportOrder } from './report-order';

/** How long the orders read for one report serve the next: the Reports tab asks for three at once. */
export const REUSE_MS = 10_000;

/**
 * The journal's orders as reports read them, made once for requests that come together and kept
 * up to date meanwhile (a new order or change of state is read alone, not all 30,000 again);
 * dropped REUSE_MS after they were made (what retention dropped leaves with them), so an idle hub or desktop keeps no copy.
 */
export class ReportOrders {
  private orders: Map<string, ReportOrder> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly journal: Journal) {
    const update = (stored: JournalledOrder & { id: string }) => this.orders?.set(stored.id, reportOrderOf(stored, journal.stateHistory(stored.id)));
    journal.on('order', update);
    journal.on('handled', update);
    journal.on('state', (change) => {
      const stored = this.orders && journal.get(change.id);
      if (stored) update(stored);
    });
  }

  current(): Iterable<ReportOrder> {
    if (this.orders === undefined) {
      this.orders = new Map(reportOrdersOf(this.journal).map((order) => [order.id, order]));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => (this.orders = undefined), REUSE_MS).unref();
    }
    return this.orders.values();
  }
}
