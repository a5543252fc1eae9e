/**
 * A print job's bytes for its transport: ESC/POS for receipt printers (each copy ends with a cut
 * and a status request), or one HTML page of SVG tickets for a system printer.
 */
import { escposBytes } from './escpos';
import type { PrintJob } from './print-ledger';
import { ticketPage } from './ticket-html';
import { t } from '../ui/i18n';
import { escapeText, renderDocument, ticketDocument, type TicketMark, type TicketOptions } from './ticket';
import type { PrinterTransport } from './transport';

export interface RenderedJob {
  bytes: Buffer;
  /** Status requests in `bytes` that the printer answers. */
  confirmations: number;
}

export function renderDocuments(documents: string[], ticket: TicketOptions, transport: PrinterTransport): RenderedJob {
  if (transport.format === 'html') {
    const svgs = documents.map((document) => renderDocument(document, 'svg', ticket));
    return { bytes: Buffer.from(ticketPage(svgs, ticket.paper ?? 80), 'utf8'), confirmations: 0 };
  }
  return { bytes: Buffer.concat(documents.map((document) => escposBytes(document, ticket))), confirmations: documents.length };
}

/**
 * Every copy of a job, marked as a reprint or a possible duplicate where it is one. An order
 * the layout cannot handle still gets a ticket with its number: a job that never renders
 * would otherwise hold up every ticket behind it.
 */
export function renderJob(job: PrintJob, ticket: TicketOptions, transport: PrinterTransport): RenderedJob {
  const marks: TicketMark[] = [];
  if (job.reprint) marks.push('reprint');
  if (job.possibleDuplicate) marks.push('possible-duplicate');
  const copies = (document: (index: number) => string) => Array.from({ length: job.copies }, (_, i) => document(i + 1));
  try {
    return renderDocuments(copies((index) => ticketDocument(job.order, { ...ticket, marks, copy: { index, of: job.copies }, receivedAt: job.receivedAt })), ticket, transport);
  } catch {
    return renderDocuments(copies(() => fallbackDocument(job.order.id)), ticket, transport);
  }
}

function fallbackDocument(id: string): string {
  return `^^#${escapeText(id)}\n${escapeText(t('ticketUnprintable'))}`;
}
