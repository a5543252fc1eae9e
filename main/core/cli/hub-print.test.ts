import { describe, expect, it } from 'vitest';
import { squeeze } from '../../../test/escpos-decode';
import { FakePrinter } from '../../../test/fake-printer';
import { freePort } from '../../../test/cli';
import { tempDir, waitFor } from '../../../test/helpers';
import { killHubProcess, post, request, startHubProcess, stopHubProcess } from '../../../test/hub-process';

/** Each printed ticket as "id" plus its marks, in paper order. */
function printed(printer: FakePrinter): string[] {
  return printer.tickets().map((lines) => {
    const text = squeeze(lines);
    const id = text.find((line) => line.startsWith('#'))!.slice(1);
    return [id, ...text.filter((line) => line === 'REPRINT' || line === 'POSSIBLE DUPLICATE')].join(' ');
  });
}

describe('orderbell hub --print', () => {
  it('prints every order it stores once, in order, across kill -9 at random moments; a repeat only marked, right after a restart', async () => {
    const printer = await FakePrinter.start();
    const dataDir = await tempDir();
    const port = await freePort();
    const flags = ['--print', printer.url, '--language', 'en'];
    const stored: string[] = [];
    const restarts: number[] = [];
    let n = 0;
    for (let round = 0; round < 4; round++) {
      restarts.push(printer.tickets().length);
      const hub = await startHubProcess(dataDir, port, flags);
      const target = stored.length + 3 + Math.floor(Math.random() * 8);
      while (stored.length < target) {
        const id = `h-${++n}`;
        if ((await post(port, id))?.status === 201) stored.push(id);
      }
      await waitFor(() => printer.tickets().length >= stored.length - 2, 20_000, 'most tickets');
      await killHubProcess(hub);
      await waitFor(() => printer.openConnections === 0, 5000, 'the printer to finish what it was sent');
    }
    restarts.push(printer.tickets().length);
    const last = await startHubProcess(dataDir, port, flags);
    await waitFor(() => new Set(printed(printer).map((ticket) => ticket.split(' ')[0])).size >= stored.length, 20_000, 'every stored order');
    await stopHubProcess(last);

    const seen: string[] = [];
    printed(printer).forEach((ticket, index) => {
      const id = ticket.split(' ')[0]!;
      if (seen.includes(id)) {
        expect(ticket, `ticket ${index}`).toBe(`${id} POSSIBLE DUPLICATE`);
        expect(restarts, `${id} printed again away from a restart`).toContain(index);
      } else seen.push(id);
    });
    expect(seen).toEqual(stored);
  }, 120_000);

  it('POST /api/orders/ID/print reprints the ticket, marked; an unknown order and a hub without --print say so', async () => {
    const printer = await FakePrinter.start();
    const port = await freePort();
    const hub = await startHubProcess(await tempDir(), port, ['--print', printer.url, '--language', 'en']);
    await post(port, 'P-1');
    await waitFor(() => printed(printer).length === 1, 10_000, 'the ticket');
    expect(await request(port, 'POST', '/api/orders/P-1/print')).toEqual({ status: 202, body: { id: 'P-1', queued: true } });
    await waitFor(() => printed(printer).length === 2, 10_000, 'the reprint');
    expect(printed(printer)).toEqual(['P-1', 'P-1 REPRINT']);
    expect(await request(port, 'POST', '/api/orders/nope/print')).toEqual({ status: 404, body: { error: 'no order with id "nope"' } });
    await stopHubProcess(hub);

    const plainPort = await freePort();
    const plain = await startHubProcess(await tempDir(), plainPort);
    expect(await request(plainPort, 'POST', '/api/orders/P-1/print')).toEqual({ status: 404, body: { error: 'this hub does not print; start it with --print' } });
    await stopHubProcess(plain);
  }, 60_000);
});
