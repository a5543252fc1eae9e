/**
 * The printing of `listen --print` and `hub --print`: the counter's printer (the whole order)
 * and any station printers (their items only), each reporting on stderr.
 */
import type { Journal, StoredOrder } from '../journal/journal';
import { KitchenPrinter } from '../print/kitchen-printer';
import { printerReason } from '../print/printer-words';
import { StationPrinters } from '../print/station-printers';
import type { PrintSettings } from './print-flags';

export class CliPrinting {
  private constructor(
    readonly counter: KitchenPrinter,
    private readonly stations: StationPrinters | undefined,
  ) {}

  static async open(settings: PrintSettings, journal: Journal, dataDir: string): Promise<CliPrinting> {
    const { stationPrinters, ...counterSettings } = settings;
    const counter = await KitchenPrinter.open({ dataDir, journal, ...counterSettings });
    report(counter, settings.transport.name, settings);
    if (!stationPrinters) return new CliPrinting(counter, undefined);
    const shared = { dataDir, journal, ticket: settings.ticket, copies: settings.copies, backlog: settings.backlog };
    const stations = await StationPrinters.open(shared, stationPrinters.stations, stationPrinters.printers).catch(async (error: unknown) => {
      await counter.close();
      throw error;
    });
    for (const { station, transport } of stationPrinters.printers) report(stations.printers.get(station)!, `${transport.name} (${station})`, settings);
    return new CliPrinting(counter, stations);
  }

  start(): void {
    this.counter.start();
    this.stations?.start();
  }

  orderArrived(stored: StoredOrder): void {
    this.counter.orderArrived(stored);
    this.stations?.orderArrived(stored);
  }

  async close(): Promise<void> {
    await Promise.all([this.counter.close(), this.stations?.close()]);
  }
}

function report(printer: KitchenPrinter, name: string, settings: PrintSettings): void {
  for (const problem of printer.ledger.problems) console.error(`print ledger line ${problem.line}: ${problem.reason}`);
  printer.on('printed', (job) => {
    const on = printer.status.backup ? `the backup ${printer.status.backup}` : name;
    console.error(`printed ${job.reprint ? 'reprint of ' : ''}order ${job.order.id} on ${on}${job.possibleDuplicate ? ' (marked as a possible duplicate)' : ''}`);
  });
  printer.on('skipped', (jobs) => console.error(`backlog: skipped ${jobs.length} old ticket(s) (--backlog ${settings.backlog.policy ?? 'all'}): ${jobs.map((job) => job.order.id).join(', ')}`));
  printer.on('ledgerError', (error) => console.error(`print ledger: ${error.message}; the ticket is queued at the next start`));
  let alarm = false;
  let warned = false;
  printer.on('status', (status) => {
    if (status.warning && !warned) console.error(`printer warning: ${printerReason(status)}`);
    warned = status.warning !== undefined;
    if (status.state === 'failing') {
      const retryS = Math.max(0, ((status.nextRetryAt ?? Date.now()) - Date.now()) / 1000);
      const reason = printerReason(status);
      console.error(`printer alarm: ${status.lastError}; ${status.queued} ticket(s) waiting; retrying in ${retryS.toFixed(1)} s${reason ? `. ${reason}` : ''}`);
      alarm = true;
    } else if (alarm) {
      console.error(`printer back: ${name}`);
      alarm = false;
    }
  });
}
