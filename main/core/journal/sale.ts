/**
 * What an order sold, as the reports read it: its channel, currency and total. `saleOf` reads
 * them from a parsed order and is the rule; the journal keeps them in columns (sale-columns.ts),
 * read straight from each order's bytes (sale-fields.ts), which must agree with it.
 */
import type { Order } from '../orders/order';
import { totalAmount, type Amount } from '../orders/amount';

export interface Sale {
  /** '' when the order names none, or names one that is not a string. */
  channel: string;
  /** As the order gives it; '' when it names none, or names one that is not a string. */
  currency: string;
  /** `String(order.total)` read as an amount; undefined when the order has none, or one that does not read as a decimal number. */
  total: Amount | undefined;
}

export function saleOf(order: Order): Sale {
  return {
    channel: typeof order.channel === 'string' ? order.channel : '',
    currency: typeof order.currency === 'string' ? order.currency : '',
    total: order.total === undefined ? undefined : totalAmount(String(order.total)),
  };
}
