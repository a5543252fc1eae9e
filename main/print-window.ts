/**
 * Tickets on a system printer (Settings: system:NAME): the ticket page (core/print/ticket-html.ts)
 * loads into a hidden window that runs no script, and webContents.print sends it to the
 * printer by its system name without a dialog (silent: true). Electron reports only whether
 * the system took the job, so that is what counts as printed.
 */
import { BrowserWindow } from 'electron';
import { PrintError, type PrinterTransport } from './core/print/transport';

export function systemPrinter(name: string): PrinterTransport {
  return {
    name: `system:${name}`,
    format: 'html',
    async send(job) {
      const window = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, disableBlinkFeatures: 'Auxclick' },
      });
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(job.toString('utf8'))}`);
        await new Promise<void>((resolve, reject) =>
          window.webContents.print({ silent: true, deviceName: name, printBackground: true, margins: { marginType: 'none' } }, (success, reason) =>
            success ? resolve() : reject(new PrintError(`printer system:${name}: ${reason || 'the system did not take the job'}`, false)),
          ),
        );
      } finally {
        window.destroy();
      }
    },
  };
}
