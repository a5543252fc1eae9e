import { describe, expect, it } from 'vitest';
import { app, BrowserWindow, FakeWebContents, ipcMain } from '../test/electron-mock';
import { squeeze } from '../test/escpos-decode';
import { FakePrinter } from '../test/fake-printer';
import { waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { INVOKE } from './core/ui/ipc-channels';
import { setLanguage } from './core/ui/i18n';
import { DEFAULT_SETTINGS } from './core/settings/settings';

app.becomeReady();

async function setUp(printer: FakePrinter) {
  setLanguage('en');
  const hub = await startStation('print-ipc-token-0123456789', { language: 'en', printer: { ...DEFAULT_SETTINGS.printer, address: printer.url } });
  const { window } = await startShell(hub, 'linux');
  return { sender: window.webContents, post: hub.post, settings: hub.store.get };
}

describe('printing over IPC', () => {
  it('Print on an order reprints it marked REPRINT; the test page prints on the printer the form names; bad input is refused', async () => {
    const printer = await FakePrinter.start();
    const { sender, post, settings } = await setUp(printer);
    await post({ id: 'P-1' });
    await waitFor(() => printer.tickets().length === 1);
    expect(await ipcMain.invoke(INVOKE.printOrder, sender, 'P-1')).toEqual({ ok: true, message: 'Sent to the printer.' });
    await waitFor(() => printer.tickets().length === 2);
    expect(squeeze(printer.tickets()[1]!)).toEqual(expect.arrayContaining(['REPRINT', '#P-1']));

    const other = await FakePrinter.start();
    const form = { ...settings(), printer: { ...settings().printer, address: other.url } };
    expect(await ipcMain.invoke(INVOKE.printTestPage, sender, form)).toEqual({ ok: true, message: `Test page printed on ${other.url}.` });
    expect(squeeze(other.tickets()[0]!)).toContain('TEST PAGE');
    expect(await ipcMain.invoke(INVOKE.printTestPage, sender, { ...form, printer: { ...form.printer, copies: 0 } })).toEqual({
      ok: false,
      message: 'Fix the settings first: printer.copies',
    });
    FakeWebContents.printers = [{ name: 'EPSON_TM_T20', displayName: 'EPSON TM-T20 Receipt', description: '', options: {} }];
    expect(await ipcMain.invoke(INVOKE.listPrinters, sender)).toEqual([{ address: 'system:EPSON_TM_T20', label: 'EPSON TM-T20 Receipt (the spooler confirms, not the printer)' }]);
    FakeWebContents.printers = [];
    await expect(ipcMain.invoke(INVOKE.printOrder, sender, 42)).rejects.toThrow('order id must be a string of 1 to 128 characters');
    await expect(ipcMain.invoke(INVOKE.retryPrinter, sender, 'later')).rejects.toThrow('backlog answer must be one of all, last-hour, skip');
    await expect(ipcMain.invoke(INVOKE.retryPrinter, sender, 'skip')).resolves.toBeUndefined();
    await expect(ipcMain.invoke(INVOKE.printOrder, new BrowserWindow({}).webContents, 'P-1')).rejects.toThrow('refused print:order: not from the OrderBell window');
  });

  it("Print summary prints the days' summary ticket on the kitchen printer each time it is pressed, outside the ledger; a bad range prints nothing", async () => {
    const printer = await FakePrinter.start();
    const { sender, post } = await setUp(printer);
    await post({ id: 'S-1', total: '9.90', currency: 'CNY' });
    await waitFor(() => printer.tickets().length === 1);
    expect(await ipcMain.invoke(INVOKE.printSummary, sender, { by: 'day' })).toEqual({ ok: true, message: `Summary printed on ${printer.url}.` });
    expect(await ipcMain.invoke(INVOKE.printSummary, sender, { by: 'day' })).toEqual({ ok: true, message: `Summary printed on ${printer.url}.` });
    const [, first, second] = printer.tickets().map(squeeze);
    expect(first).toEqual(expect.arrayContaining(['Orders 1', 'Sales CNY 9.90', 'Still open at closing 1']));
    expect(second).toEqual(first);

    expect(await ipcMain.invoke(INVOKE.printSummary, sender, { from: '2026-12-05', to: '2026-12-01' })).toEqual({ ok: false, message: 'Could not print: to (2026-12-01) is before from (2026-12-05)' });
    expect(await ipcMain.invoke(INVOKE.printSummary, sender, { by: 'week' })).toEqual({ ok: false, message: 'Could not print: by: must be one of day, hour, channel, station, device, got "week"' });
    expect(await ipcMain.invoke(INVOKE.printSummary, sender, 'today')).toEqual({ ok: false, message: 'Could not print: a report request must be an object' });
    expect(printer.tickets()).toHaveLength(3);
    await expect(ipcMain.invoke(INVOKE.printSummary, new BrowserWindow({}).webContents, {})).rejects.toThrow('refused print:summary: not from the OrderBell window');
  });
});
