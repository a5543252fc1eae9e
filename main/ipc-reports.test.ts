import { describe, expect, it } from 'vitest';
import { app, BrowserWindow, ipcMain } from '../test/electron-mock';
import { waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { INVOKE } from './core/ui/ipc-channels';
import type { Report } from './core/reports/figures';

app.becomeReady();

describe('reports over IPC', () => {
  it("answers the Reports tab from this PC's journal in the shop's time zone, and refuses bad requests with why", async () => {
    const hub = await startStation('report-ipc-token-0123456789', { language: 'en', reportTimeZone: 'Asia/Shanghai' });
    const { window } = await startShell(hub, 'linux');
    const sender = window.webContents;
    await hub.post({ id: 'R-1', channel: 'web', total: '12.50', currency: 'CNY' });
    await hub.post({ id: 'R-2', channel: 'phone', total: '0.50', currency: 'CNY' });
    await ipcMain.invoke(INVOKE.markHandled, sender, 'R-1');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(Date.now());
    let report: Report | undefined;
    await waitFor(() => {
      void (ipcMain.invoke(INVOKE.getReport, sender, { from: today, by: 'channel' }) as Promise<Report>).then((answer) => (report = answer));
      return report?.all.orders === 2 && report.all.answer.count === 1;
    }, 10_000, 'both orders in the report, one answered');
    expect(report).toMatchObject({ from: today, to: today, timeZone: 'Asia/Shanghai', by: 'channel', all: { totals: { CNY: '13.00' }, openAtClosing: 1 } });
    expect(report!.groups.map((group) => [group.key, group.orders])).toEqual([['phone', 1], ['web', 1]]);

    await expect(ipcMain.invoke(INVOKE.getReport, sender, { by: 'week' })).rejects.toThrow('by: must be one of day, hour, channel, station, device, got "week"');
    await expect(ipcMain.invoke(INVOKE.getReport, sender, { from: 20261201 })).rejects.toThrow('from: must be a string');
    await expect(ipcMain.invoke(INVOKE.getReport, sender, 'today')).rejects.toThrow('a report request must be an object');
    await expect(ipcMain.invoke(INVOKE.getReport, new BrowserWindow({}).webContents, {})).rejects.toThrow('refused reports:get: not from the OrderBell window');
  });
});
