import { describe, expect, it } from 'vitest';
import { decodeEscPos, squeeze } from '../../../test/escpos-decode';
import type { Order } from '../orders/order';
import type { PrintJob } from './print-ledger';
import { renderJob } from './render-job';

const receiptPrinter = { name: 'tcp://printer', send: async () => {} };
const job = (order: Order, copies = 1): PrintJob => ({ key: order.id, order, receivedAt: 0, copies, reprint: false, possibleDuplicate: false, state: 'queued' });

describe('renderJob', () => {
  it('asks for one confirmation per copy', () => {
    const { bytes, confirmations } = renderJob(job({ id: 'A' }, 3), {}, receiptPrinter);
    expect(confirmations).toBe(3);
    expect(decodeEscPos(bytes)).toMatchObject({ statusRequests: 3 });
    expect(decodeEscPos(bytes).tickets).toHaveLength(3);
  });

  it('still prints the number of an order it cannot lay out, so the tickets behind it are not held up', () => {
    // A damaged record: an item without a name.
    const broken = { id: 'B-9', items: [{ qty: 1 }] } as unknown as Order;
    const { bytes, confirmations } = renderJob(job(broken, 2), {}, receiptPrinter);
    expect(confirmations).toBe(2);
    const tickets = decodeEscPos(bytes).tickets.map(squeeze);
    expect(tickets).toHaveLength(2);
    expect(tickets[0]!.join(' ')).toContain('#B-9');
    expect(tickets[0]!.join(' ')).toContain('This order could not be laid out: see it on the screen.');
  });
});
