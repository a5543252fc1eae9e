/** How a ticket's bytes reach a printer (the address forms are in settings/printer-address.ts). */
export interface PrinterTransport {
  /** The printer as the user named it, for messages. */
  readonly name: string;
  /** What `send` takes: ESC/POS bytes (default), or an HTML page for a system printer. */
  readonly format?: 'escpos' | 'html';
  /**
   * Sends one job and resolves once the printer (or the spooler) has confirmed it.
   * `confirmations` is how many status requests the job carries.
   */
  send(job: Buffer, confirmations: number): Promise<void>;
}

/**
 * A failed send. `mayHavePrinted`: bytes left this computer before it failed, so the printer
 * may have printed them; a resend is then marked as a possible duplicate.
 */
export class PrintError extends Error {
  constructor(
    message: string,
    readonly mayHavePrinted: boolean,
  ) {
    super(message);
  }
}
