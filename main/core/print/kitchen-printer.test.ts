import { describe, expect, it } from 'vitest';
import { squeeze } from '../../../test/escpos-decode';
import { waitFor } from '../../../test/helpers';
import { arrive, crash, openKitchen, printedIds, setup } from '../../../test/kitchen-harness';

describe('KitchenPrinter', () => {
  it('prints each new order once, in order, however often it arrives; reprints are marked', async () => {
    const s = await setup();
    const { kitchen } = await openKitchen(s);
    for (const id of ['A', 'B', 'C']) await arrive(s.journal, kitchen, { id });
    kitchen.orderArrived(s.journal.get('B')!);
    await kitchen.reprint(s.journal.get('A')!);
    await waitFor(() => printedIds(s.printer).length >= 4);
    await waitFor(() => kitchen.status.state === 'idle');
    expect(printedIds(s.printer)).toEqual(['A', 'B', 'C', 'A REPRINT']);
  });

  it('prints N copies, and only the orders the source filter accepts', async () => {
    const s = await setup();
    const { kitchen } = await openKitchen(s, { copies: 2, accepts: (order) => order.channel === 'delivery' });
    await arrive(s.journal, kitchen, { id: 'dine', channel: 'dine-in' });
    await arrive(s.journal, kitchen, { id: 'deliver', channel: 'delivery' });
    await waitFor(() => s.printer.tickets().length >= 2);
    await waitFor(() => kitchen.status.state === 'idle');
    const tickets = s.printer.tickets().map(squeeze);
    expect(printedIds(s.printer)).toEqual(['deliver', 'deliver']);
    expect(tickets.map((lines) => lines.at(-1))).toEqual(['Copy 1/2', 'Copy 2/2']);
  });

  it('after a crash queues what the journal stored but the ledger missed, oldest first; after a clean stop it does not print the past', async () => {
    const s = await setup();
    const first = await openKitchen(s);
    await arrive(s.journal, first.kitchen, { id: 'printed-before' });
    await waitFor(() => first.confirmed.length === 1);
    // Stored while the printer was not told: as if the process died between the two writes.
    await arrive(s.journal, undefined, { id: 'missed-1' });
    await arrive(s.journal, undefined, { id: 'missed-2' });
    await crash(s.dir, first.kitchen);

    const second = await openKitchen(s);
    await waitFor(() => printedIds(s.printer).length === 3);
    expect(printedIds(s.printer)).toEqual(['printed-before', 'missed-1', 'missed-2']);
    await waitFor(() => second.kitchen.status.state === 'idle');
    await second.kitchen.close();

    await arrive(s.journal, undefined, { id: 'while-printing-was-off' });
    const third = await openKitchen(s);
    await arrive(s.journal, third.kitchen, { id: 'new' });
    await waitFor(() => printedIds(s.printer).length === 4);
    expect(printedIds(s.printer).at(-1)).toBe('new');
  });

  it('reopened with new settings, prints what arrived while it was closed', async () => {
    const s = await setup();
    const first = await openKitchen(s);
    const closedAt = Date.now();
    await first.kitchen.close();
    await arrive(s.journal, undefined, { id: 'during-reopen' });
    await openKitchen(s, { copies: 2, resumeFrom: closedAt });
    await waitFor(() => printedIds(s.printer).length === 2);
    expect(printedIds(s.printer)).toEqual(['during-reopen', 'during-reopen']);
  });

  it('marks a ticket whose sending was recorded but never confirmed as a possible duplicate after a restart', async () => {
    const s = await setup();
    await s.printer.down();
    const first = await openKitchen(s);
    await arrive(s.journal, first.kitchen, { id: 'A' });
    await waitFor(() => first.kitchen.status.state === 'failing');
    // What a kill between "sending" and "sent" leaves behind.
    await first.kitchen.ledger.markSending(first.kitchen.ledger.get('A')!);
    await crash(s.dir, first.kitchen);

    await s.printer.up();
    await openKitchen(s);
    await waitFor(() => printedIds(s.printer).length === 1);
    expect(printedIds(s.printer)).toEqual(['A POSSIBLE DUPLICATE']);
  });

  it('a ticket whose printer refused every connection prints unmarked after a crash and after a clean stop', async () => {
    const s = await setup();
    await s.printer.down();
    const first = await openKitchen(s);
    await arrive(s.journal, first.kitchen, { id: 'A' });
    await waitFor(() => first.kitchen.status.state === 'failing', 5000, 'the alarm');
    await crash(s.dir, first.kitchen);
    const second = await openKitchen(s);
    await arrive(s.journal, second.kitchen, { id: 'B' });
    await waitFor(() => second.kitchen.status.state === 'failing' && second.kitchen.status.queued === 2, 5000, 'the alarm again');
    await second.kitchen.close();

    await s.printer.up();
    const third = await openKitchen(s);
    await waitFor(() => third.confirmed.length === 2, 5000, 'both tickets');
    expect(printedIds(s.printer)).toEqual(['A', 'B']);
  });

  it.each([
    ['down (refusing connections)', 'refused', /refused the connection/],
    ['accepting but never reading', 'stall', /did not confirm the ticket within 0\.3 s/],
    ['reading but never answering', 'mute', /did not confirm the ticket within 0\.3 s/],
  ] as const)('printer %s: orders queue, the alarm is on, and all print in order once it is back', async (_, trouble, message) => {
    const s = await setup();
    if (trouble === 'refused') await s.printer.down();
    else s.printer.mode = trouble;
    const { kitchen, statuses } = await openKitchen(s);
    for (const id of ['A', 'B', 'C']) await arrive(s.journal, kitchen, { id });
    await waitFor(() => kitchen.status.state === 'failing' && kitchen.status.queued === 3);
    expect(kitchen.status.lastError).toMatch(message);
    await waitFor(() => statuses.filter((status) => status.state === 'failing').length >= 3, 5000, 'retries');
    // Only the head of the queue is tried: a mute printer prints it without saying so (once: a
    // timeout alone never sends it again), the others print nothing.
    expect(printedIds(s.printer)).toEqual(trouble === 'mute' ? ['A'] : []);

    const acceptedBefore = s.printer.connections.length;
    if (trouble === 'refused') await s.printer.up();
    s.printer.mode = 'ok';
    await waitFor(() => kitchen.status.state === 'idle', 5000, 'the queue to empty');
    const afterwards = s.printer.connections.slice(acceptedBefore).flatMap((bytes) => bytes.length ? [bytes] : []);
    expect(afterwards.length).toBeGreaterThan(0);
    // Bytes that may have reached a printer that never answered make the resend a possible duplicate.
    const mark = trouble === 'refused' ? '' : ' POSSIBLE DUPLICATE';
    expect(printedIds(s.printer).slice(-3)).toEqual([`A${mark}`, 'B', 'C']);
    expect(statuses.at(-1)).toEqual({ state: 'idle', queued: 0 });
  });
});
