/** How a ticket's bytes reach a printer (the address forms are in settings/printer-address.ts). */
import type { PrinterProblem, PrinterWarning } from './escpos-status';

export interface SendHooks {
  /**
   * Called once the printer is reached, before the first byte of the job leaves: from here on
   * the printer may print it, so the ledger records that durably first. A printer that refuses
   * the connection never gets here.
   */
  beforeWrite?: () => Promise<void>;
}

export interface SendResult {
  /** The printer printed, but says something staff should know (paper running low). */
  warning?: PrinterWarning;
}

export interface PrinterTransport {
  /** The printer as the user named it, for messages. */
  readonly name: string;
  /** What `send` takes: ESC/POS bytes (default), or an HTML page for a system printer. */
  readonly format?: 'escpos' | 'html';
  /**
   * Sends one job and resolves once the printer (or the spooler) has confirmed it.
   * `confirmations` is how many status requests the job carries.
   */
  send(job: Buffer, confirmations: number, hooks?: SendHooks): Promise<SendResult | void>;
  /**
   * Asks the printer for its status alone, printing nothing; resolves when it answers a good
   * status. Only printers that confirm by status have it: a ticket whose confirmation timed out
   * is sent again only once the printer answers this, never by the timeout alone.
   */
  probe?(): Promise<void>;
}

/**
 * A failed send. `mayHavePrinted`: bytes left this computer before it failed, so the printer
 * may have printed them; a resend is then marked as a possible duplicate. `problem`: the
 * reason in words staff can act on, when it is known.
 */
export class PrintError extends Error {
  constructor(
    message: string,
    readonly mayHavePrinted: boolean,
    readonly problem?: PrinterProblem,
  ) {
    super(message);
  }
}
