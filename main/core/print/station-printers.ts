/**
 * A printer per kitchen station: each prints only its station's items of each order (the bar
 * ticket, the kitchen ticket; orders/stations.ts routes them), and the counter's printer, if
 * any, the whole order on its own. Each is a KitchenPrinter with a ledger of its own
 * (print-station-NAME.log), so every station's ticket prints exactly once, whatever the others do.
 */
import type { StoredOrder } from '../journal/journal';
import type { Order } from '../orders/order';
import { routeItems, type Station } from '../orders/stations';
import { KitchenPrinter, type KitchenPrinterOptions } from './kitchen-printer';
import type { BackupPrinter } from './printer-route';
import type { PrinterTransport } from './transport';

export interface StationPrinterConfig {
  station: string;
  transport: PrinterTransport;
  backup?: BackupPrinter;
}

/** The order with only the items `station` makes, or undefined when it makes none of them. */
export function stationPart(order: Order, stations: readonly Station[], station: string): Order | undefined {
  const routed = routeItems(order, stations).get(station);
  if (!routed?.length) return undefined;
  return { ...order, items: routed.map(({ item }) => item) };
}

export function stationLedgerFile(station: string): string {
  return `print-station-${encodeURIComponent(station)}.log`;
}

export class StationPrinters {
  private constructor(readonly printers: ReadonlyMap<string, KitchenPrinter>) {}

  /** Opens one printer per config; `shared` is what they have in common (journal, data folder, ticket, copies). */
  static async open(
    shared: Omit<KitchenPrinterOptions, 'transport' | 'backup' | 'project' | 'ledgerFile'>,
    stations: readonly Station[],
    configs: readonly StationPrinterConfig[],
  ): Promise<StationPrinters> {
    const printers = new Map<string, KitchenPrinter>();
    try {
      for (const config of configs) {
        const printer = await KitchenPrinter.open({
          ...shared,
          transport: config.transport,
          ...(config.backup ? { backup: config.backup } : {}),
          ticket: { ...shared.ticket, station: config.station },
          ledgerFile: stationLedgerFile(config.station),
          project: (order) => stationPart(order, stations, config.station),
        });
        printers.set(config.station, printer);
      }
    } catch (error) {
      await Promise.all([...printers.values()].map((printer) => printer.close()));
      throw error;
    }
    return new StationPrinters(printers);
  }

  start(): void {
    for (const printer of this.printers.values()) printer.start();
  }

  orderArrived(stored: StoredOrder): void {
    for (const printer of this.printers.values()) printer.orderArrived(stored);
  }

  /** Reprints the station's part of the order; false when the station has no printer or none of the order's items. */
  async reprint(station: string, stored: StoredOrder): Promise<boolean> {
    return (await this.printers.get(station)?.reprint(stored)) ?? false;
  }

  async close(): Promise<void> {
    await Promise.all([...this.printers.values()].map((printer) => printer.close()));
  }
}
