/**
 * Printing for the desktop station: the kitchen printer its settings name and the printer of
 * each station, each with its backup (the same printers `--print`, `--station-printer` and
 * `--backup` open), reopened when the settings change, plus reprints and test pages. Outcomes
 * are data; the shell words them.
 */
import { EventEmitter } from 'node:events';
import type { Journal, StoredOrder } from '../journal/journal';
import type { Order } from '../orders/order';
import type { PrinterSettings, Settings } from '../settings/settings';
import type { BackupSetting } from '../settings/printer-backup';
import type { BackupPrinter } from './printer-route';
import { StationPrinters } from './station-printers';
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

/** What printing reads of the settings. */
export type PrintingSettings = Pick<Settings, 'printer' | 'stations' | 'stationPrinters'>;

export class StationPrinting extends EventEmitter<StationPrintingEvents> {
  private printer: KitchenPrinter | undefined;
  private stationPrinters: StationPrinters | undefined;
  private settings: PrintingSettings | undefined;
  /** Why the printer in the settings could not be opened: shown as the printer alarm. */
  private problem = '';

  constructor(private readonly options: StationPrintingOptions) {
    super();
  }

  /** Opens the printers the settings name (closing the previous ones); none for an empty address and no station printers. */
  async apply(settings: PrintingSettings): Promise<void> {
    const { printer, stations, stationPrinters } = settings;
    if (this.settings && JSON.stringify([printer, stations, stationPrinters]) === JSON.stringify([this.settings.printer, this.settings.stations, this.settings.stationPrinters])) return;
    // Orders stored while the old printers close and the new ones open are found by the new ones.
    const resumeFrom = this.printer || this.stationPrinters ? Date.now() : undefined;
    await this.close();
    this.settings = { printer, stations, stationPrinters };
    this.problem = '';
    // A printer that cannot be opened (a bad address, an unreadable ledger) is the printer alarm, never a failed start.
    await this.open(this.settings, resumeFrom).catch((error: Error) => {
      this.problem = error.message;
      this.options.log?.(`printer: ${error.message}`);
    });
    this.emit('status', this.view());
  }

  private async open({ printer: settings, stations, stationPrinters }: PrintingSettings, resumeFrom: number | undefined): Promise<void> {
    const shared = {
      dataDir: this.options.dataDir,
      journal: this.options.journal,
      ticket: ticketOptions(settings),
      copies: settings.copies,
      accepts: (order: Order) => printsByItself(settings, order),
      // Someone is at the screen to answer: a backlog waits for them.
      backlog: { policy: 'ask' as const },
      ...(resumeFrom !== undefined ? { resumeFrom } : {}),
    };
    if (settings.address) {
      const backup = this.backupOf(settings);
      this.printer = this.watch(await KitchenPrinter.open({ ...shared, transport: this.transport(settings.address), ...(backup ? { backup } : {}) }), '');
    }
    if (stationPrinters.length === 0) return;
    const configs = stationPrinters.map((entry) => {
      const backup = this.backupOf(entry);
      return { station: entry.station, transport: this.transport(entry.address), ...(backup ? { backup } : {}) };
    });
    this.stationPrinters = await StationPrinters.open(shared, stations, configs);
    for (const [station, printer] of this.stationPrinters.printers) this.watch(printer, ` (${station})`);
  }

  private watch(printer: KitchenPrinter, which: string): KitchenPrinter {
    printer.on('status', () => this.emit('status', this.view()));
    printer.on('printed', (job) => this.options.log?.(`printed order ${job.order.id}${which}${job.reprint ? ' (reprint)' : ''}`));
    printer.on('ledgerError', (error) => this.options.log?.(`print ledger${which}: ${error.message}`));
    printer.start();
    return printer;
  }

  private backupOf(setting: BackupSetting): BackupPrinter | undefined {
    return setting.backup ? { transport: this.transport(setting.backup), afterMs: setting.backupAfterS * 1000 } : undefined;
  }

  /** The counter's printer (else the first station's), unless another is in alarm: the alarm names the printer in trouble. */
  view(): PrinterView | undefined {
    if (!this.settings) return undefined;
    const { printer, stationPrinters } = this.settings;
    const shown = [
      ...(printer.address ? [{ address: printer.address, status: this.printer?.status }] : []),
      ...stationPrinters.map(({ station, address }) => ({ address, status: this.stationPrinters?.printers.get(station)?.status })),
    ];
    if (shown.length === 0) return undefined;
    if (this.problem) return viewOf(shown[0]!.address, { state: 'failing', queued: 0, lastError: this.problem });
    const { address, status } = shown.find((entry) => entry.status?.state === 'failing') ?? shown[0]!;
    return viewOf(address, status ?? { state: 'idle', queued: 0 });
  }

  orderArrived(stored: StoredOrder): void {
    this.printer?.orderArrived(stored);
    this.stationPrinters?.orderArrived(stored);
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
    const settings = this.settings?.printer;
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
    for (const printer of this.all()) printer.retryNow();
  }

  answerBacklog(choice: BacklogChoice): void {
    for (const printer of this.all()) printer.answerBacklog(choice);
  }

  async close(): Promise<void> {
    const printers = this.all();
    this.printer = undefined;
    this.stationPrinters = undefined;
    await Promise.all(printers.map((printer) => printer.close()));
  }

  private all(): KitchenPrinter[] {
    return [...(this.printer ? [this.printer] : []), ...(this.stationPrinters?.printers.values() ?? [])];
  }

  private transport(address: string): PrinterTransport {
    return transportFor(address, this.options.system ? { system: this.options.system } : {});
  }
}

function viewOf(address: string, status: KitchenPrinter['status']): PrinterView {
  const reason = printerReason(status);
  return { address, ...status, ...(reason ? { reason } : {}) };
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
