import { describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, FakeWebContents, ipcMain } from '../test/electron-mock';
import { freePort } from '../test/cli';
import { squeeze } from '../test/escpos-decode';
import { FakePrinter } from '../test/fake-printer';
import { defer, tempDir, waitFor } from '../test/helpers';
import { INVOKE } from './core/ipc-channels';
import { setLanguage } from './core/i18n';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from './core/settings';
import { Station } from './core/station';
import { Shell } from './shell';

app.becomeReady();

async function setUp(printer: FakePrinter) {
  setLanguage('en');
  const port = await freePort();
  let settings: Settings = {
    ...DEFAULT_SETTINGS,
    language: 'en',
    source: { kind: 'hub', port, token: 'print-ipc-token-0123456789', lan: false },
    printer: { ...DEFAULT_SETTINGS.printer, address: printer.url },
  };
  const station = new Station({ dataDir: await tempDir(), settings, device: 'till' });
  await station.start();
  defer(() => station.stop());
  const window = new BrowserWindow({});
  const store = {
    get: () => settings,
    save: (input: unknown) => {
      const result = validateSettings(input);
      if (result.ok) settings = result.value;
      return result;
    },
  };
  const shell = new Shell({
    station,
    window: window as unknown as import('electron').BrowserWindow,
    settings: store,
    platform: 'linux',
    icons: { tray: (state) => `tray-${state}.png`, overlay: (label) => `badge-${label}.png` },
    quit: vi.fn(),
  });
  defer(() => shell.dispose());
  await waitFor(() => station.status().connection.state === 'online');
  const post = (order: Record<string, unknown>) =>
    fetch(`http://127.0.0.1:${port}/api/orders`, {
      method: 'POST',
      headers: { Authorization: 'Bearer print-ipc-token-0123456789', 'Content-Type': 'application/json' },
      body: JSON.stringify(order),
    });
  return { sender: window.webContents, post, settings: () => settings };
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
    expect(await ipcMain.invoke(INVOKE.listPrinters, sender)).toEqual([{ address: 'system:EPSON_TM_T20', label: 'EPSON TM-T20 Receipt' }]);
    FakeWebContents.printers = [];
    await expect(ipcMain.invoke(INVOKE.printOrder, sender, 42)).rejects.toThrow('order id must be a string of 1 to 128 characters');
    await expect(ipcMain.invoke(INVOKE.printOrder, new BrowserWindow({}).webContents, 'P-1')).rejects.toThrow('refused print:order: not from the OrderBell window');
  });
});
