/**
 * `orderbell hub --print …`: the hub prints each order it stores, as `listen --print` does, and
 * reprints one when a screen asks (POST /api/orders/ID/print). Orders the hub stores while the
 * printer is still opening are held and handed over once it is open (the ledger takes each once).
 */
import type { Journal, StoredOrder } from '../journal/journal';
import { CliPrinting } from './cli-printing';
import type { PrintSettings } from './print-flags';

export class HubPrinter {
  private constructor(
    private readonly printer: CliPrinting,
    private readonly journal: Journal,
  ) {}

  static async open(settings: PrintSettings, journal: Journal, dataDir: string): Promise<HubPrinter> {
    const early: StoredOrder[] = [];
    const hold = (stored: StoredOrder) => early.push(stored);
    journal.on('order', hold);
    try {
      const printer = await CliPrinting.open(settings, journal, dataDir);
      journal.on('order', (stored) => printer.orderArrived(stored));
      for (const stored of early) printer.orderArrived(stored);
      printer.start();
      return new HubPrinter(printer, journal);
    } finally {
      journal.off('order', hold);
    }
  }

  /** Queues a reprint of the order; false when the hub has no such order. */
  async reprintById(id: string): Promise<boolean> {
    const stored = this.journal.get(id);
    if (!stored) return false;
    return this.printer.counter.reprint(stored);
  }

  close(): Promise<void> {
    return this.printer.close();
  }
}
