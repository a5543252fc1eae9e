/** A kitchen printer over a real journal and a FakePrinter on loopback, as the print tests use it. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { squeeze } from './escpos-decode';
import { FakePrinter } from './fake-printer';
import { defer, tempDir } from './helpers';
import { Journal } from '../main/core/journal/journal';
import type { Order } from '../main/core/orders/order';
import { KitchenPrinter, type KitchenPrinterOptions } from '../main/core/print/kitchen-printer';
import type { PrinterStatus } from '../main/core/print/print-queue';
import { TcpTransport } from '../main/core/print/tcp-transport';

export interface Setup {
  dir: string;
  journal: Journal;
  printer: FakePrinter;
}

/** `now`: the journal's clock, for orders stored in the past. */
export async function setup(now?: () => number): Promise<Setup> {
  const dir = await tempDir();
  const journal = await Journal.open(join(dir, 'journal.log'), now ? { now } : {});
  defer(() => journal.close());
  return { dir, journal, printer: await FakePrinter.start() };
}

export async function openKitchen({ dir, journal, printer }: Setup, options: Partial<KitchenPrinterOptions> = {}) {
  const kitchen = await KitchenPrinter.open({
    dataDir: dir,
    journal,
    transport: new TcpTransport({ host: '127.0.0.1', port: printer.portNumber, timeoutMs: 300 }),
    retry: { firstMs: 20, maxMs: 100 },
    ...options,
  });
  const statuses: PrinterStatus[] = [];
  const confirmed: string[] = [];
  kitchen.on('status', (status) => statuses.push(status));
  kitchen.on('printed', (job) => confirmed.push(job.key));
  kitchen.start();
  defer(() => kitchen.close());
  return { kitchen, statuses, confirmed };
}

/** Stores an order as the receiver does, handing it to the printer in the journal's written hook. */
export function arrive(journal: Journal, kitchen: Pick<KitchenPrinter, 'orderArrived'> | undefined, order: Order) {
  return journal.append(order, 'next', { written: (stored) => kitchen?.orderArrived(stored) });
}

/** Stops `kitchen` leaving its ledger as a killed process would: everything appended, no clean close. */
export async function crash(dir: string, kitchen: KitchenPrinter, ledgerFile = 'print.log'): Promise<void> {
  const path = join(dir, ledgerFile);
  const before = await readFile(path);
  await kitchen.close();
  await writeFile(path, before);
}

/** The order id on each printed ticket, in paper order, with its marks (a backup's "FOR PRINTER …" included). */
export function printedIds(printer: FakePrinter): string[] {
  return printer.tickets().map((lines) => {
    const text = squeeze(lines);
    const id = text.find((line) => line.startsWith('#'))!.slice(1);
    const marks = text.filter((line) => line === 'REPRINT' || line === 'POSSIBLE DUPLICATE' || line.startsWith('FOR PRINTER '));
    return [id, ...marks].join(' ');
  });
}

