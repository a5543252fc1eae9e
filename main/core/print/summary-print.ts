/**
 * The end-of-day summary sent to a receipt printer: straight to the printer, outside the
 * kitchen tickets' queue and print ledger. A summary is no order: printing it twice on purpose
 * prints it twice, and nothing reprints it after a restart.
 */
import type { Report } from '../reports/figures';
import { renderDocuments } from './render-job';
import { summaryTicketDocument } from './summary-ticket';
import type { TicketOptions } from './ticket';
import type { PrinterTransport } from './transport';

/** Resolves once the printer (or the spooler) confirmed the ticket; rejects with why it did not. */
export async function printSummary(report: Report, transport: PrinterTransport, ticket: TicketOptions): Promise<void> {
  const { bytes, confirmations } = renderDocuments([summaryTicketDocument(report, ticket)], ticket, transport);
  await transport.send(bytes, confirmations);
}
