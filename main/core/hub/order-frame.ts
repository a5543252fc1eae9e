/** An order's message to devices, made as text without making the order again. */
import type { KeptOrder } from '../journal/journal';

/**
 * `encode()` of the order's message, byte for byte, with the order's JSON spliced in as the
 * journal keeps it: replaying 10,000 orders parses and serialises none of them, and a live
 * order, sent to every device as this one text, costs no object and no JSON.stringify.
 */
export function orderFrame(stored: KeptOrder): string {
  const handled = stored.handled ? `,"handled":${JSON.stringify(stored.handled)}` : '';
  return `{"type":"order","seq":${stored.seq!},"order":${stored.orderJson},"receivedAt":"${new Date(stored.receivedAt).toISOString()}"${handled}}`;
}
