/**
 * Kitchen tickets, exactly once: every new order stored in the journal gets one ticket.
 * The order is queued in the print ledger when it arrives; at start-up the journal is
 * compared with the ledger, so an order stored just before a crash, but never queued, is
 * queued then (oldest first). See docs/printing.md for the whole argument.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Journal, StoredOrder } from '../journal/journal';
import type { Order } from '../orders/order';
import { MAX_COPIES } from '../settings/settings';
import { PrintLedger, type PrintJob } from './print-ledger';
import { PrintQueue, type PrinterStatus } from './print-queue';
import type { BacklogChoice, BacklogOptions } from './backlog';
import type { BackupPrinter } from './printer-route';
import { renderJob } from './render-job';
import type { TicketOptions } from './ticket';
import type { PrinterTransport } from './transport';

export { MAX_COPIES };

export interface KitchenPrinterOptions {
  dataDir: string;
  journal: Journal;
  transport: PrinterTransport;
  ticket?: Omit<TicketOptions, 'marks' | 'copy' | 'receivedAt'>;
  /** Copies of each new order's ticket, 1–9. */
  copies?: number;
  /** Which new orders print (a shop may print only its delivery orders); default all. */
  accepts?: (order: Order) => boolean;
  retry?: { firstMs?: number; maxMs?: number };
  /** Takes this printer's tickets while it is in alarm for longer than its delay. */
  backup?: BackupPrinter;
  /** Asks, or follows the answer given in advance, before printing a backlog of old tickets. */
  backlog?: BacklogOptions;
  now?: () => number;
  /** The ledger's file in dataDir; default print.log (one per printer: each keeps its own tickets). */
  ledgerFile?: string;
  /** The part of an order this printer prints (a station's items), or undefined for none of it. */
  project?: (order: Order) => Order | undefined;
  /** Reopening with new settings: orders stored since this time are checked against the ledger. */
  resumeFrom?: number;
}

interface KitchenPrinterEvents {
  status: [PrinterStatus];
  printed: [PrintJob];
  skipped: [PrintJob[]];
  /** A ticket could not be queued (the ledger's disk failed): the order is not lost, the next start queues it. */
  ledgerError: [Error];
}

export class KitchenPrinter extends EventEmitter<KitchenPrinterEvents> {
  private readonly queue: PrintQueue;
  private readonly copies: number;

  private constructor(
    private readonly options: KitchenPrinterOptions,
    readonly ledger: PrintLedger,
  ) {
    super();
    this.copies = Math.min(MAX_COPIES, Math.max(1, Math.floor(options.copies ?? 1)));
    this.queue = new PrintQueue({
      ledger,
      transport: options.transport,
      render: (job, target) => renderJob(job, { ...options.ticket, ...(target.meantFor ? { meantFor: target.meantFor } : {}) }, target.transport),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.backup ? { backup: options.backup } : {}),
      ...(options.backlog ? { backlog: options.backlog } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.queue.on('status', (status) => this.emit('status', status));
    this.queue.on('printed', (job) => this.emit('printed', job));
    this.queue.on('skipped', (jobs) => this.emit('skipped', jobs));
  }

  /** Opens the ledger in `dataDir`, queues what the journal has that the ledger missed, and starts printing. */
  static async open(options: KitchenPrinterOptions): Promise<KitchenPrinter> {
    let newest = 0;
    for (const stored of options.journal.all()) newest = Math.max(newest, stored.receivedAt);
    const ledger = await PrintLedger.open(join(options.dataDir, options.ledgerFile ?? 'print.log'), {
      startAfter: newest,
      ...(options.now ? { now: options.now } : {}),
      ...(options.resumeFrom !== undefined ? { resumeFrom: options.resumeFrom } : {}),
    });
    const printer = new KitchenPrinter(options, ledger);
    for (const stored of options.journal.all()) {
      if (stored.receivedAt >= ledger.since) await printer.queueNew(stored);
    }
    return printer;
  }

  get status(): PrinterStatus {
    return this.queue.status;
  }

  /** Starts sending. Separate from open so callers can listen for events first. */
  start(): void {
    this.queue.kick();
  }

  /** A new order was stored: queue its ticket, once. */
  orderArrived(stored: StoredOrder): void {
    this.queueNew(stored).then(
      () => this.queue.kick(),
      (error: Error) => this.emit('ledgerError', error),
    );
  }

  /**
   * Staff asked for a reprint: printed marked "REPRINT", whatever the source filter says.
   * False when this printer prints no part of the order (a station none of whose items it has).
   */
  async reprint(stored: StoredOrder): Promise<boolean> {
    const order = this.part(stored.order);
    if (!order) return false;
    await this.ledger.queueReprint({ ...stored, order }, 1);
    this.queue.kick();
    return true;
  }

  retryNow(): void {
    this.queue.retryNow();
  }

  answerBacklog(choice: BacklogChoice): void {
    this.queue.answerBacklog(choice);
  }

  async close(): Promise<void> {
    await this.queue.stop();
    await this.ledger.close();
  }

  private async queueNew(stored: StoredOrder): Promise<void> {
    if (this.options.accepts && !this.options.accepts(stored.order)) return;
    const order = this.part(stored.order);
    if (order) await this.ledger.queueOrder({ ...stored, order }, this.copies);
  }

  private part(order: Order): Order | undefined {
    return this.options.project ? this.options.project(order) : order;
  }
}
