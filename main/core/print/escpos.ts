/** A ticket as ESC/POS bytes, for receipt printers. */
import receiptline from 'receiptline';
import type { Order } from '../orders/order';
import { printerConfig, ticketDocument, type TicketOptions } from './ticket';

/**
 * ESC/POS bytes for one ticket: initialise, text in the chosen encoding, QR code as raster,
 * cut, and a final GS r 1 status request whose one-byte answer tells the sender that the
 * printer has processed everything before it.
 */
export function renderTicket(order: Order, options: TicketOptions = {}): Buffer {
  return escposBytes(ticketDocument(order, options), options);
}

/** receiptline returns the commands as a binary string: one char per byte. */
export function escposBytes(document: string, options: TicketOptions = {}): Buffer {
  return Buffer.from(receiptline.transform(document, printerConfig(options, 'escpos')), 'latin1');
}

