import { afterEach, describe, expect, it } from 'vitest';
import { app, BrowserWindow, FakeWebContents } from '../test/electron-mock';
import { ticketPage } from './core/print/ticket-html';
import { PrintError } from './core/print/transport';
import { systemPrinter } from './print-window';

app.becomeReady();

afterEach(() => {
  FakeWebContents.printAnswer = [true, ''];
});

describe('system printer (webContents.print)', () => {
  it('prints the ticket page silently on the named printer from a hidden window that runs no script, then closes it', async () => {
    const page = ticketPage(['<svg>1</svg>'], 80);
    await systemPrinter('EPSON_TM_T20').send(Buffer.from(page), 0);
    const window = BrowserWindow.instances.at(-1)!;
    expect(window.options).toMatchObject({ show: false, webPreferences: { sandbox: true, javascript: false, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' } });
    expect(decodeURIComponent(window.loaded!.replace(/^data:text\/html;charset=utf-8,/, ''))).toBe(page);
    expect(window.webContents.printed).toEqual([{ silent: true, deviceName: 'EPSON_TM_T20', printBackground: true, margins: { marginType: 'none' } }]);
    expect(window.destroyed).toBe(true);
  });

  it('turns a refused job into a printer error that printed nothing, and still closes the window', async () => {
    FakeWebContents.printAnswer = [false, 'Invalid printer settings'];
    const error = await systemPrinter('Gone').send(Buffer.from('<p>x</p>'), 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect(error).toMatchObject({ message: 'printer system:Gone: Invalid printer settings', mayHavePrinted: false });
    expect(BrowserWindow.instances.at(-1)!.destroyed).toBe(true);
  });
});
