import { describe, expect, it } from 'vitest';
import { FakePrinter } from '../../../test/fake-printer';
import { waitFor } from '../../../test/helpers';
import { arrive, openKitchen, printedIds, setup } from '../../../test/kitchen-harness';
import { printerReason } from './printer-words';
import { TcpTransport } from './tcp-transport';

describe('a backup printer', () => {
  it('takes the tickets of a printer in alarm past the delay, each marked with the printer it was meant for, and hands them back once it is back', async () => {
    const s = await setup();
    const backup = await FakePrinter.start();
    await s.printer.down();
    const { kitchen, confirmed } = await openKitchen(s, {
      backup: { transport: new TcpTransport({ host: '127.0.0.1', port: backup.portNumber, timeoutMs: 300 }), afterMs: 300, meantFor: 'Kitchen' },
    });
    for (const id of ['A', 'B']) await arrive(s.journal, kitchen, { id });
    await waitFor(() => kitchen.status.state === 'failing', 5000, 'the alarm');
    await waitFor(() => confirmed.length === 2, 5000, 'both tickets on the backup');
    expect(printedIds(backup)).toEqual(['A FOR PRINTER Kitchen', 'B FOR PRINTER Kitchen']);
    expect(kitchen.status.backup).toBe(`tcp://127.0.0.1:${backup.portNumber}`);
    expect(printerReason(kitchen.status)).toBe(`Its tickets are printing on the backup printer tcp://127.0.0.1:${backup.portNumber}.`);

    await s.printer.up();
    // The printer is asked whether it is back every few seconds; each ticket meanwhile goes to one printer only.
    let n = 0;
    await waitFor(
      () => {
        if (printedIds(s.printer).length > 0) return true;
        if (confirmed.length === 2 + n) void arrive(s.journal, kitchen, { id: `C${++n}` });
        return false;
      },
      20_000,
      'a ticket on the printer itself',
    );
    await waitFor(() => confirmed.length === 2 + n, 5000, 'the last ticket');
    const onBackup = printedIds(backup).slice(2);
    const onPrinter = printedIds(s.printer);
    expect(onPrinter).toEqual([`C${n}`]);
    expect(onBackup).toEqual(Array.from({ length: n - 1 }, (_, i) => `C${i + 1} FOR PRINTER Kitchen`));
    expect(kitchen.status.backup).toBeUndefined();
  }, 30_000);

  it('a ticket that may have reached the printer before the backup took over prints there marked POSSIBLE DUPLICATE; the rest unmarked', async () => {
    const s = await setup();
    const backup = await FakePrinter.start();
    s.printer.mode = 'paper-end';
    const { kitchen, confirmed } = await openKitchen(s, {
      backup: { transport: new TcpTransport({ host: '127.0.0.1', port: backup.portNumber, timeoutMs: 300 }), afterMs: 300 },
    });
    for (const id of ['A', 'B']) await arrive(s.journal, kitchen, { id });
    await waitFor(() => confirmed.length === 2, 5000, 'both tickets on the backup');
    const meantFor = `FOR PRINTER tcp://127.0.0.1:${s.printer.portNumber}`;
    expect(printedIds(backup)).toEqual([`A POSSIBLE DUPLICATE ${meantFor}`, `B ${meantFor}`]);
    expect(printedIds(s.printer)).toEqual([]);
  });
});
