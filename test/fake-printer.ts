/** The fake receipt printer (fake-printer-server.ts) for vitest: started per test, stopped after it. */
import { FakePrinterServer } from './fake-printer-server';
import { defer } from './helpers';

export type { PrinterMode } from './fake-printer-server';

export class FakePrinter extends FakePrinterServer {
  static async start(): Promise<FakePrinter> {
    const printer = new FakePrinter();
    await printer.up();
    defer(() => printer.down());
    return printer;
  }
}
