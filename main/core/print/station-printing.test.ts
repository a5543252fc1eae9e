import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { squeeze } from '../../../test/escpos-decode';
import { FakePrinter } from '../../../test/fake-printer';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { DEFAULT_SETTINGS, type PrinterSettings, type Settings } from '../settings/settings';
import { parseStations } from '../orders/stations';
import { printedIds } from '../../../test/kitchen-harness';
import { Station } from '../station';
import { printsByItself } from './station-printing';
import type { PrinterTransport } from './transport';

async function printingStation(printer: Partial<PrinterSettings>, systemJobs?: string[], more: Partial<Settings> = {}) {
  const port = await freePort();
  const station = new Station({
    dataDir: await tempDir(),
    settings: { ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: 'print-token-0123456789', lan: false }, printer: { ...DEFAULT_SETTINGS.printer, ...printer }, ...more },
    device: 'till',
    ...(systemJobs ? { systemPrinter: (name: string): PrinterTransport => ({ name: `system:${name}`, format: 'html', send: async (job) => void systemJobs.push(job.toString('utf8')) }) } : {}),
  });
  await station.start();
  defer(() => station.stop());
  await waitFor(() => station.status().connection.state === 'online', 5000, 'online');
  const post = (order: object) =>
    fetch(`http://127.0.0.1:${port}/api/orders`, {
      method: 'POST',
      headers: { Authorization: 'Bearer print-token-0123456789', 'Content-Type': 'application/json' },
      body: JSON.stringify(order),
    });
  return { station, post };
}

const ids = (printer: FakePrinter) => printer.tickets().map((lines) => squeeze(lines).filter((line) => line.startsWith('#') || line === 'REPRINT').join(' '));

describe('Station printing', () => {
  it('prints each new order of the chosen channels on the chosen printer, reprints on request, and reports the printer', async () => {
    const printer = await FakePrinter.start();
    const { station, post } = await printingStation({ address: printer.url, paper: 58, channels: ['delivery'], shopName: 'Noodle Bar' });
    expect(station.status().printer).toEqual({ address: printer.url, state: 'idle', queued: 0 });
    await post({ id: 'D-1', channel: 'delivery' });
    await post({ id: 'T-1', channel: 'dine-in' });
    await post({ id: 'D-2', channel: 'delivery' });
    await waitFor(() => printer.tickets().length === 2);
    expect(await station.printOrder('T-1')).toEqual({ kind: 'queued' });
    await waitFor(() => printer.tickets().length === 3);
    expect(ids(printer)).toEqual(['#D-1', '#D-2', 'REPRINT #T-1']);
    expect(squeeze(printer.tickets()[0]!)[0]).toBe('Noodle Bar');
    expect(await station.printOrder('nope')).toEqual({ kind: 'failed', error: 'order nope is not kept any more' });
  });

  it('raises the printer alarm while the printer is down and prints everything once it is back', async () => {
    const printer = await FakePrinter.start();
    await printer.down();
    const { station, post } = await printingStation({ address: printer.url });
    await post({ id: 'A' });
    await waitFor(() => station.status().printer?.state === 'failing', 5000, 'the alarm');
    expect(station.status().printer).toMatchObject({ queued: 1, lastError: `printer ${printer.url} refused the connection (is it on, and is this its address?)` });
    await printer.up();
    station.retryPrinter();
    await waitFor(() => station.status().printer?.state === 'idle', 5000, 'the queue to empty');
    expect(ids(printer)).toEqual(['#A']);
  });

  it('prints a test page on the printer the form names, and says why not', async () => {
    const printer = await FakePrinter.start();
    const { station } = await printingStation({});
    expect(station.status().printer).toBeUndefined();
    expect(await station.printTestPage({ ...DEFAULT_SETTINGS.printer, address: printer.url })).toEqual({ kind: 'printed', printer: printer.url });
    expect(squeeze(printer.tickets()[0]!)).toContain('TEST PAGE');
    expect(await station.printTestPage(DEFAULT_SETTINGS.printer)).toEqual({ kind: 'no-printer' });
    // The summary prints on the saved printer only: none is set here.
    expect(await station.printSummary({})).toEqual({ kind: 'no-printer' });
    const port = await freePort();
    expect(await station.printTestPage({ ...DEFAULT_SETTINGS.printer, address: `tcp://127.0.0.1:${port}` })).toEqual({
      kind: 'failed',
      error: `printer tcp://127.0.0.1:${port} refused the connection (is it on, and is this its address?)`,
    });
  });

  it('sends a system printer one HTML page of SVG tickets sized to the paper', async () => {
    const jobs: string[] = [];
    const { station, post } = await printingStation({ address: 'system:EPSON TM-T20', paper: 58, copies: 2 }, jobs);
    await post({ id: 'H-1', note: '<img src=x onerror=alert(1)>' });
    await waitFor(() => jobs.length === 1);
    expect(jobs[0]).toContain('@page { size: 58mm auto; margin: 0 }');
    expect(jobs[0]!.match(/<div class="ticket"><svg/g)).toHaveLength(2);
    expect(jobs[0]).not.toContain('<img');
    // Confirmed once the system took the job: the ledger records it and the queue empties.
    await waitFor(() => station.status().printer?.state === 'idle', 5000, 'the queue to empty');
    expect(station.status().printer).toEqual({ address: 'system:EPSON TM-T20', state: 'idle', queued: 0 });
  });

  it('a printer it cannot use is the printer alarm with the reason, not a failed start', async () => {
    const { station } = await printingStation({ address: 'system:Kitchen' });
    expect(station.status().printer).toEqual({
      address: 'system:Kitchen',
      state: 'failing',
      queued: 0,
      lastError: 'printer system:Kitchen: system printers are printed by the desktop app; use tcp:// or cups: here',
    });
    expect(station.status().connection.state).toBe('online');
  });
});

describe('Station printing per station, with backups (Settings → Printer)', () => {
  const parsed = parseStations('bar: category in [drinks, 饮品]\nkitchen: default');
  const stations = parsed.ok ? parsed.value : [];
  const lunch = { id: 'L-1', items: [{ name: 'Cola', qty: 1, category: 'drinks' }, { name: 'Fried rice', qty: 1 }] };
  /** Each ticket's lines that name its station and items. */
  const itemLines = (printer: FakePrinter) => printer.tickets().map((lines) => squeeze(lines).filter((line) => /BAR|KITCHEN|Cola|Fried rice|^#/.test(line)));

  it("prints the bar's items on the bar's printer and the whole order on the counter's, once each", async () => {
    const [counter, bar] = await Promise.all([FakePrinter.start(), FakePrinter.start()]);
    const stationPrinters = [{ station: 'bar', address: bar.url, backup: '', backupAfterS: 30 }];
    const { station, post } = await printingStation({ address: counter.url }, undefined, { stations, stationPrinters });
    await post(lunch);
    await post({ id: 'K-2', items: [{ name: 'Fried rice', qty: 2 }] });
    await waitFor(() => counter.tickets().length === 2 && bar.tickets().length === 1, 5000, 'the counter and bar tickets');
    await waitFor(() => station.status().printer?.state === 'idle', 5000, 'every queue empty');
    expect(itemLines(bar)).toEqual([['BAR', '#L-1', expect.stringContaining('Cola')]]);
    expect(itemLines(counter).map((lines) => lines.filter((line) => !line.startsWith('#')).map((line) => line.replace(/^\d+\s*[x×]\s*/, '')))).toEqual([
      [expect.stringContaining('Cola'), expect.stringContaining('Fried rice')],
      [expect.stringContaining('Fried rice')],
    ]);
    expect(printedIds(counter)).toEqual(['L-1', 'K-2']);
  });

  it("hands the bar's tickets to its backup, marked for the bar's printer, once the bar's printer is in alarm for the handover time", async () => {
    const [counter, bar, backup] = await Promise.all([FakePrinter.start(), FakePrinter.start(), FakePrinter.start()]);
    await bar.down();
    const stationPrinters = [{ station: 'bar', address: bar.url, backup: backup.url, backupAfterS: 1 }];
    const { station, post } = await printingStation({ address: counter.url }, undefined, { stations, stationPrinters });
    await post(lunch);
    // The bar's alarm is the printer alarm, naming the bar's printer, until the backup takes over.
    await waitFor(() => station.status().printer?.address === bar.url && station.status().printer?.state === 'failing', 10_000, "the bar printer's alarm");
    await waitFor(() => backup.tickets().length === 1, 20_000, 'the bar ticket on the backup');
    expect(printedIds(backup)).toEqual([`L-1 FOR PRINTER ${bar.url}`]);
    expect(itemLines(backup)[0]).toContain('BAR');
    expect(printedIds(counter)).toEqual(['L-1']);
    expect(bar.tickets()).toEqual([]);
  }, 30_000);

  it("hands the counter's tickets to its backup set in Settings, as --backup does", async () => {
    const [counter, backup] = await Promise.all([FakePrinter.start(), FakePrinter.start()]);
    await counter.down();
    const { post } = await printingStation({ address: counter.url, backup: backup.url, backupAfterS: 1 });
    await post(lunch);
    await waitFor(() => backup.tickets().length === 1, 20_000, 'the ticket on the backup');
    expect(printedIds(backup)).toEqual([`L-1 FOR PRINTER ${counter.url}`]);
  }, 30_000);
});

describe('printsByItself', () => {
  const every = { autoPrint: true, channels: [] };
  const delivery = { autoPrint: true, channels: ['delivery', 'Meituan'] };

  it('prints every order when no channel or source is chosen', () => {
    expect(printsByItself(every, { id: 'A' })).toBe(true);
  });

  it("prints an order of a chosen channel, or from a chosen source's label", () => {
    expect(printsByItself(delivery, { id: 'A', channel: 'delivery' })).toBe(true);
    expect(printsByItself(delivery, { id: 'B', source: 'Meituan' })).toBe(true);
    expect(printsByItself(delivery, { id: 'C', channel: 'dine-in', source: 'Website' })).toBe(false);
    expect(printsByItself(delivery, { id: 'D' })).toBe(false);
  });

  it('prints nothing by itself when automatic printing is off', () => {
    expect(printsByItself({ autoPrint: false, channels: [] }, { id: 'A' })).toBe(false);
  });
});
