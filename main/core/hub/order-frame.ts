/** An order's message to devices, made as text without making the order again. */
import type { KeptOrder } from '../journal/journal';

/**
 * `encode()` of the order's message, byte for byte, with the order's JSON spliced in as the
 * journal keeps it: replaying 10,000 orders parses and serialises none of them, and a live
 * order, sent to every device as this one text, costs no object and no JSON.stringify.
 */
export function orderFrame(stored: KeptOrder): string {
  return `${frameHead(stored)}${stored.orderJson}${frameTail(stored)}`;
}

/**
 * `orderFrame` as the UTF-8 bytes a WebSocket sends, made with the order's kept bytes copied
 * straight in: a live order's frame is one Buffer, where decoding its JSON to splice it into
 * a string and encoding that string again made three copies of it.
 */
export function orderFrameBytes(stored: KeptOrder): Buffer {
  const head = frameHead(stored);
  const tail = frameTail(stored);
  const tailAt = head.length + stored.jsonLength;
  const bytes = Buffer.allocUnsafe(tailAt + Buffer.byteLength(tail, 'utf8'));
  // The head is ASCII: one byte a character.
  bytes.write(head, 0, 'latin1');
  stored.chunk.copy(bytes, head.length, stored.start, stored.start + stored.jsonLength);
  bytes.write(tail, tailAt, 'utf8');
  return bytes;
}

function frameHead(stored: KeptOrder): string {
  return `{"type":"order","seq":${stored.seq!},"order":`;
}

function frameTail(stored: KeptOrder): string {
  const handled = stored.handled ? `,"handled":${JSON.stringify(stored.handled)}` : '';
  return `,"receivedAt":"${new Date(stored.receivedAt).toISOString()}"${handled}}`;
}
