/** The body of POST /api/orders, as an order: JSON, or plain text that becomes the order's text. */
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseExactJson } from '../orders/exact-json';
import { validateOrder, type Order, type Validated } from '../orders/order';
import { hasZeroWidth } from '../orders/untrusted-text';
import { HttpError, mediaType, utf8 } from './http';

export function parseOrder(req: IncomingMessage, body: Buffer): Order {
  const type = mediaType(req);
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      // A PHP BIGINT order number keeps every digit (as a string id).
      parsed = parseExactJson(utf8(body));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
    }
    return checked(validateOrder(parsed));
  }
  if (type === 'text/plain') {
    const text = utf8(body);
    if (text.trim() === '') throw new HttpError(400, 'invalid order: text: the body is empty');
    const key = req.headers['idempotency-key'];
    return checked(validateOrder({ id: typeof key === 'string' && key ? key : randomUUID(), text }));
  }
  throw new HttpError(415, `Content-Type ${type ? `"${type}"` : '(none)'} is not accepted; send application/json or text/plain`);
}

/** The hub refuses what the sources clean: an id with invisible characters would look like another. */
function checked(order: Validated<Order>): Order {
  if (!order.ok) throw new HttpError(400, `invalid order: ${order.error}`);
  if (hasZeroWidth(order.value.id)) throw new HttpError(400, 'invalid order: id: must not contain zero-width characters (U+200B-U+200D, U+2060, U+FEFF): it would look like another id');
  return order.value;
}
