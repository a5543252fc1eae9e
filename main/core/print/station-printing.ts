/**
 * Printing for the desktop station: the kitchen printer its settings name, reopened when they
 * change, plus reprints and test pages. Outcomes are data; the shell words them.
 */
import { EventEmitter } from 'node:events';
import type { Journal, StoredOrder } from '../journal/journal';
import type { Order } from '../orders/order';
import type { PrinterSettings } from '../settings/settings';
import type { PrinterView } from '../ui/status-views';
import type { BacklogChoice } from './backlog';
import { KitchenPrinter } from './kitchen-printer';
import { printerReason } from './printer-words';
import { renderDocuments } from './render-job';
import { printSummary } from './summary-print';
import type { Report } from '../reports/figures';
import { transportFor, type SystemPrinter } from './printer-transports';
import { testPageDocument, type TicketOptions } from './ticket';
import type { PrinterTransport } from './transport';

export type PrintOutcome = { kind: 'queued' } | { kind: 'printed'; printer: string } | { kind: 'no-printer' } | { kind: 'failed'; error: string };

export interface StationPrintingOptions {
  dataDir: string;
  journal: Journal;
  /** The desktop's system printers (Electron); without it system:NAME cannot print. */
  system?: SystemPrinter;
  log?: (line: string) => void;
}

interface StationPrintingEvents {
  /** The printer's state changed (or the printer did). */
  status: [PrinterView | undefined];
}

export class StationPrinting extends EventEmitter<StationPrintingEvents> {
  private printer: KitchenPrinter | undefined;
  private settings: PrinterSettings | undefined;
  /** Why the printer in the settings could not be opened: shown as the printer alarm. */
  private problem = '';

  constructor(private readonly options: StationPrintingOptions) {
    super();
  }

  /** Opens the printer the settings name (closing the previous one), or none for an empty address. */
  async apply(settings: PrinterSettings): Promise<void> {
    if (this.settings && JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    // Orders stored while the old printer closes and the new one opens are found by the new one.
    const resumeFrom = this.printer ? Date.now() : undefined;
    await this.close();
    this.settings = settings;
    this.problem = '';
    if (settings.address) {
      // A printer that cannot be opened (a bad address, an unreadable ledger) is the printer alarm, never a failed start.
      await this.open(settings, resumeFrom).catch((error: Error) => {
        this.problem = error.message;
        this.options.log?.(`printer: ${error.message}`);
      });
    }
    this.emit('status', this.view());
  }

  private async open(settings: PrinterSettings, resumeFrom: number | undefined): Promise<void> {
    const printer = await KitchenPrinter.open({
      dataDir: this.options.dataDir,
      journal: this.options.journal,
      transport: this.transport(settings.address),
      ticket: ticketOptions(settings),
      copies: settings.copies,
      accepts: (order) => printsByItself(settings, order),
      // Someone is at the screen to answer: a backlog waits for them.
      backlog: { policy: 'ask' },
      ...(resumeFrom !== undefined ? { resumeFrom } : {}),
    });
    printer.on('status', () => this.emit('status', this.view()));
    printer.on('printed', (job) => this.options.log?.(`printed order ${job.order.id}${job.reprint ? ' (reprint)' : ''}`));
    printer.on('ledgerError', (error) => this.options.log?.(`print ledger: ${error.message}`));
    this.printer = printer;
    printer.start();
  }

  view(): PrinterView | undefined {
    if (!this.settings?.address) return undefined;
    const status = this.printer?.status ?? { state: 'failing' as const, queued: 0, lastError: this.problem };
    const reason = printerReason(status);
    return { address: this.settings.address, ...status, ...(reason ? { reason } : {}) };
  }

  orderArrived(stored: StoredOrder): void {
    this.printer?.orderArrived(stored);
  }

  async reprint(stored: StoredOrder): Promise<PrintOutcome> {
    if (!this.printer) return { kind: 'no-printer' };
    await this.printer.reprint(stored);
    return { kind: 'queued' };
  }

  /** Prints a test page on the printer `settings` name (saved or not), now, outside the queue. */
  testPage(settings: PrinterSettings): Promise<PrintOutcome> {
    return this.printNow(settings, (transport) => {
      const { bytes, confirmations } = renderDocuments([testPageDocument(ticketOptions(settings))], ticketOptions(settings), transport);
      return transport.send(bytes, confirmations);
    });
  }

  /** Prints the end-of-day summary on the saved printer, now: no ledger, no queue. */
  summary(report: Report): Promise<PrintOutcome> {
    const settings = this.settings;
    return this.printNow(settings, (transport) => printSummary(report, transport, ticketOptions(settings!)));
  }

  private async printNow(settings: PrinterSettings | undefined, print: (transport: PrinterTransport) => Promise<unknown>): Promise<PrintOutcome> {
    if (!settings?.address) return { kind: 'no-printer' };
    try {
      const transport = this.transport(settings.address);
      await print(transport);
      return { kind: 'printed', printer: transport.name };
    } catch (error) {
      return { kind: 'failed', error: (error as Error).message };
    }
  }

  retryNow(): void {
    this.printer?.retryNow();
  }

  answerBacklog(choice: BacklogChoice): void {
    this.printer?.answerBacklog(choice);
  }

  async close(): Promise<void> {
    const printer = this.printer;
    this.printer = undefined;
    await printer?.close();
  }

  private transport(address: string): PrinterTransport {
    return transportFor(address, this.options.system ? { system: this.options.system } : {});
  }
}

function ticketOptions(settings: PrinterSettings): TicketOptions {
  return { paper: settings.paper, encoding: settings.encoding, ...(settings.shopName ? { shopName: settings.shopName } : {}) };
}

/** Whether a new order prints without anyone pressing Print: by its channel or by the source it came from. */
export function printsByItself(settings: Pick<PrinterSettings, 'autoPrint' | 'channels'>, order: Order): boolean {
  if (!settings.autoPrint) return false;
  if (settings.channels.length === 0) return true;
  return [order.channel, order.source].some((name) => typeof name === 'string' && settings.channels.includes(name));
}
