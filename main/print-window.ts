/**
 * Tickets on a system printer (Settings: system:NAME): the ticket page (core/print/ticket-html.ts)
 * loads into a hidden window that runs no script, and webContents.print sends it to the
 * printer by its system name without a dialog (silent: true). Electron reports only whether
 * the spooler took the job, even for a paused or offline printer; so the printer's own state is
 * read before (a faulty printer gets nothing, and the ticket waits with the printer alarm on) and
 * after (the spooler holds the ticket: the alarm stays on, saying it may yet print).
 */
import { BrowserWindow } from 'electron';
import { PrintError, type PrinterTransport } from './core/print/transport';
import { printerFault } from './printer-state';

export function systemPrinter(name: string, platform: NodeJS.Platform = process.platform): PrinterTransport {
  return {
    name: `system:${name}`,
    format: 'html',
    async send(job, _confirmations, hooks = {}) {
      const window = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, disableBlinkFeatures: 'Auxclick' },
      });
      try {
        const fault = async (): Promise<string | null> => printerFault(await window.webContents.getPrintersAsync(), name, platform);
        const before = await fault();
        if (before) throw new PrintError(`printer system:${name}: ${before}`, false);
        await hooks.beforeWrite?.();
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(job.toString('utf8'))}`);
        await new Promise<void>((resolve, reject) =>
          window.webContents.print({ silent: true, deviceName: name, printBackground: true, margins: { marginType: 'none' } }, (success, reason) =>
            success ? resolve() : reject(new PrintError(`printer system:${name}: ${reason || 'the system did not take the job'}`, false)),
          ),
        );
        const after = await fault();
        if (after) throw new PrintError(`printer system:${name}: ${after} (the system holds the ticket and may print it once the printer is back)`, true);
      } finally {
        window.destroy();
      }
    },
  };
}
