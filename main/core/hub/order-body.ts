/** The body of POST /api/orders, as an order: JSON, or plain text that becomes the order's text. */
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { validateOrder, type Order } from '../orders/order';
import { HttpError, mediaType, utf8 } from './http';

export function parseOrder(req: IncomingMessage, body: Buffer): Order {
  const type = mediaType(req);
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8(body));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
    }
    const order = validateOrder(parsed);
    if (!order.ok) throw new HttpError(400, `invalid order: ${order.error}`);
    return order.value;
  }
  if (type === 'text/plain') {
    const text = utf8(body);
    if (text.trim() === '') throw new HttpError(400, 'invalid order: text: the body is empty');
    const key = req.headers['idempotency-key'];
    const order = validateOrder({ id: typeof key === 'string' && key ? key : randomUUID(), text });
    if (!order.ok) throw new HttpError(400, `invalid order: ${order.error}`);
    return order.value;
  }
  throw new HttpError(415, `Content-Type ${type ? `"${type}"` : '(none)'} is not accepted; send application/json or text/plain`);
}
