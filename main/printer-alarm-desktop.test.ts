/**
 * The printer alarm outside the page: once the kitchen printer has failed for the alarm delay,
 * the tray's picture and tooltip and a notification say so; all of it goes once printing resumes.
 */
import { describe, expect, it } from 'vitest';
import { Notification } from '../test/electron-mock';
import { FakePrinter } from '../test/fake-printer';
import { waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { setLanguage } from './core/ui/i18n';
import { DEFAULT_SETTINGS } from './core/settings/settings';

const picture = (tray: { image: unknown }) => (tray.image as { name: string }).name;

describe('the printer alarm on the desktop', () => {
  it('the tray and a notification say it once the printer has failed past the alarm delay, and clear when printing resumes', async () => {
    setLanguage('en');
    const printer = await FakePrinter.start();
    await printer.down();
    let now = Date.now();
    const hub = await startStation(
      'printer-alarm-token-0123456789',
      { language: 'en', offlineAlertAfterS: 5, printer: { ...DEFAULT_SETTINGS.printer, address: printer.url } },
      { now: () => now },
    );
    const { tray, shell } = await startShell(hub, 'linux');
    const { station } = hub;

    await hub.post({ id: 'K-1' });
    await waitFor(() => station.status().printer?.state === 'failing', 10_000, 'the ticket to fail');
    await station.markHandled('K-1'); // the ticket still waits for the printer
    Notification.shown.length = 0; // the order's own
    expect(picture(tray)).toBe('tray-online.png');
    expect(tray.tooltip).toBe('OrderBell — 0 unhandled, Online');
    expect(Notification.shown).toEqual([]);

    now += 6000; // past the 5 s alarm delay; the station's clock ticks each second
    await waitFor(() => picture(tray) === 'tray-printer-alarm.png', 5000, 'the tray to show the printer alarm');
    expect(tray.tooltip).toBe('OrderBell — 0 unhandled, Online · Printer trouble: 1 ticket waiting.');
    expect(Notification.shown).toHaveLength(1);
    const notice = Notification.shown[0]!;
    expect(notice.options.title).toBe('The kitchen printer is not printing');
    expect(notice.options.body).toMatch(/^Printer trouble: 1 ticket waiting\. The printer cannot be reached\. Is it on, with its cable in\? Last error: .+refused the connection/);
    expect(notice.options.silent).toBeUndefined();
    let closed = false;
    notice.on('close', () => (closed = true));

    await printer.up();
    await station.retryPrinter();
    await waitFor(() => printer.tickets().length === 1, 10_000, 'the ticket to print');
    await waitFor(() => picture(tray) === 'tray-online.png', 5000, 'the tray back to online');
    expect(tray.tooltip).toBe('OrderBell — 0 unhandled, Online');
    expect(closed).toBe(true);
    expect(shell.notifier.count).toBe(0);
    expect(Notification.shown).toHaveLength(1);
  });
});
