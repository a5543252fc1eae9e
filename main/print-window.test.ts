import { afterEach, describe, expect, it } from 'vitest';
import { app, BrowserWindow, FakeWebContents } from '../test/electron-mock';
import { ticketPage } from './core/print/ticket-html';
import { PrintError } from './core/print/transport';
import { systemPrinter } from './print-window';

app.becomeReady();

const idle = (name: string, options: Record<string, string> = { 'printer-state': '3', 'printer-state-reasons': 'none' }) => ({ name, displayName: name, description: '', options });

afterEach(() => {
  FakeWebContents.printAnswer = [true, ''];
  FakeWebContents.printers = [];
  FakeWebContents.whilePrinting = undefined;
});

describe('system printer (webContents.print)', () => {
  it('prints the ticket page silently on the named printer from a hidden window that runs no script, then closes it', async () => {
    const page = ticketPage(['<svg>1</svg>'], 80);
    FakeWebContents.printers = [idle('EPSON_TM_T20')];
    await systemPrinter('EPSON_TM_T20', 'linux').send(Buffer.from(page), 0);
    const window = BrowserWindow.instances.at(-1)!;
    expect(window.options).toMatchObject({ show: false, webPreferences: { sandbox: true, javascript: false, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' } });
    expect(decodeURIComponent(window.loaded!.replace(/^data:text\/html;charset=utf-8,/, ''))).toBe(page);
    expect(window.webContents.printed).toEqual([{ silent: true, deviceName: 'EPSON_TM_T20', printBackground: true, margins: { marginType: 'none' } }]);
    expect(window.destroyed).toBe(true);
  });

  it('turns a refused job into a printer error that printed nothing, and still closes the window', async () => {
    FakeWebContents.printAnswer = [false, 'Invalid printer settings'];
    FakeWebContents.printers = [idle('Gone')];
    const error = await systemPrinter('Gone', 'linux').send(Buffer.from('<p>x</p>'), 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect(error).toMatchObject({ message: 'printer system:Gone: Invalid printer settings', mayHavePrinted: false });
    expect(BrowserWindow.instances.at(-1)!.destroyed).toBe(true);
  });

  it('sends nothing to a paused printer, whose job Electron would report printed: the ticket waits with the alarm on', async () => {
    FakeWebContents.printers = [idle('Kitchen', { 'printer-state': '5', 'printer-state-reasons': 'paused' })];
    const error = await systemPrinter('Kitchen', 'linux').send(Buffer.from('<p>x</p>'), 0).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'printer system:Kitchen: paused', mayHavePrinted: false });
    expect(BrowserWindow.instances.at(-1)!.webContents.printed).toEqual([]);
  });

  it('a printer that goes offline as the spooler takes the job keeps the alarm on, saying the ticket may yet print', async () => {
    FakeWebContents.printers = [idle('Kitchen')];
    FakeWebContents.whilePrinting = () => (FakeWebContents.printers = [idle('Kitchen', { 'printer-state': '3', 'printer-state-reasons': 'offline-report' })]);
    const error = await systemPrinter('Kitchen', 'linux').send(Buffer.from('<p>x</p>'), 0).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'printer system:Kitchen: offline (the system holds the ticket and may print it once the printer is back)', mayHavePrinted: true });
  });

  it('a printer that is no longer installed gets nothing', async () => {
    const error = await systemPrinter('Removed', 'win32').send(Buffer.from('<p>x</p>'), 0).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'printer system:Removed: not installed on this computer', mayHavePrinted: false });
  });
});
