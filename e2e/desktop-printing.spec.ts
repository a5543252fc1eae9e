/**
 * The order screen as the desktop app shows it, for printing (and the network-change signal it
 * passes on), with the desktop's bridge stood in (e2e/desktop-stand-in.ts) recording the calls
 * the page makes. The page itself is the real built renderer.
 */
import type { Page } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../main/core/settings/settings';
import type { ActionResult, OrderView, Settings, StatusView } from '../preload/api';
import { installDesktopStandIn, patchDesktopStandIn } from './desktop-stand-in';
import { expect, test } from './fixtures';

const SHOTS = 'test-results/screenshots';

const settings: Settings = { ...DEFAULT_SETTINGS, language: 'en', printer: { ...DEFAULT_SETTINGS.printer, address: 'tcp://10.0.0.7:9100', paper: 58 } };

function status(printerState: 'idle' | 'failing' | 'backlog'): StatusView {
  return {
    connection: { state: 'online' },
    source: { kind: 'hub', url: 'http://127.0.0.1:8083', lanAddresses: [], clients: 1 },
    alert: { ringing: true, level: 'ringing', unhandled: 1, mute: { kind: 'none' }, quiet: 'none', printer: printerState === 'failing' },
    printer:
      printerState === 'failing'
        ? { address: 'tcp://10.0.0.7:9100', state: 'failing', queued: 2, lastError: 'printer tcp://10.0.0.7:9100 is out of paper', reason: 'The printer is out of paper. Put in a new roll.' }
        : printerState === 'backlog'
          ? { address: 'tcp://10.0.0.7:9100', state: 'printing', queued: 14, backlog: 13 }
          : { address: 'tcp://10.0.0.7:9100', state: 'idle', queued: 0 },
  };
}

async function desktopPage(page: Page, printerState: 'idle' | 'failing' | 'backlog'): Promise<void> {
  await installDesktopStandIn(page, { settings, status: status(printerState) });
  await patchDesktopStandIn(page, () => {
    const calls: [string, unknown][] = [];
    (window as unknown as { __calls: typeof calls }).__calls = calls;
    const view: OrderView = {
      id: 'D-7', seq: 7, receivedAt: Date.now(), handled: null,
      order: { id: 'D-7', channel: 'delivery', items: [{ name: '宫保鸡丁', qty: 1, price: 38 }], total: 38, currency: 'CNY' },
    };
    const record = <Result>(name: string, result: Result) => async (arg?: unknown) => (calls.push([name, arg]), result);
    const ok: ActionResult = { ok: true, message: 'ok' };
    return {
      listOrders: async () => [view],
      markHandled: record('markHandled', undefined),
      queryHistory: async () => ({ orders: [view], total: 1 }),
      saveSettings: record('saveSettings', { ok: true }),
      testConnection: record('testConnection', ok),
      sendTestOrder: record('sendTestOrder', ok),
      mute: record('mute', undefined),
      printOrder: record('printOrder', { ok: true, message: 'Sent to the printer.' }),
      printTestPage: record('printTestPage', { ok: false, message: 'Could not print: printer tcp://10.0.0.9:9100 refused the connection' }),
      retryPrinter: record('retryPrinter', undefined),
      listPrinters: async () => [{ address: 'system:EPSON_TM_T20', label: 'EPSON TM-T20 Receipt' }],
      reconnectNow: record('reconnectNow', undefined),
    };
  });
}

/**
 * Opens the page and gives it the tap browsers ask for before sound, so the sound banner is
 * gone before a test clicks: its leaving shifts the page between pointerdown and click.
 */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.mouse.click(5, 500);
  await expect(page.locator('.banner.audio')).toHaveCount(0);
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { __calls: [string, unknown][] }).__calls);

test('Print on a card, in the detail and in History asks for a reprint of that order', async ({ page, hub }) => {
  await desktopPage(page, 'idle');
  await open(page, hub.url);
  const card = page.locator('.card[data-id="D-7"]');
  await card.locator('button.print').click();
  await expect(page.locator('.banner.print-notice')).toHaveText('Sent to the printer.');
  await card.locator('.heading').click();
  await page.locator('dialog.order-dialog button.print').click();
  await page.locator('dialog.order-dialog button', { hasText: 'Close' }).click();
  await page.locator('button[data-tab="history"]').click();
  await page.locator('.history-row[data-id="D-7"] button.print').click();
  await expect.poll(() => calls(page)).toEqual([['printOrder', 'D-7'], ['printOrder', 'D-7'], ['printOrder', 'D-7']]);
  await expect(page.locator('.banner.printer')).toHaveCount(0);
});

test('the printer alarm is a banner with the reason, the tickets waiting and Retry now', async ({ page, hub }) => {
  await desktopPage(page, 'failing');
  await open(page, hub.url);
  const banner = page.locator('.banner.printer');
  await expect(banner).toContainText('Printer trouble: 2 tickets waiting.');
  await expect(banner).toContainText('The printer is out of paper. Put in a new roll. Last error: printer tcp://10.0.0.7:9100 is out of paper');
  await expect(page.locator('body')).toHaveAttribute('data-printer', 'failing');
  await page.screenshot({ path: `${SHOTS}/printer-alarm.png` });
  await banner.locator('button', { hasText: 'Retry now' }).click();
  await expect.poll(() => calls(page)).toEqual([['retryPrinter', undefined]]);
});

test('after a long outage the backlog question asks what to print, and the answer goes to the printer', async ({ page, hub }) => {
  await desktopPage(page, 'backlog');
  await open(page, hub.url);
  const banner = page.locator('.banner.printer.backlog');
  await expect(banner).toContainText('13 old tickets are waiting from while the printer was off.');
  await expect(banner.locator('button')).toHaveText(['Print all', 'Only the last hour', 'Skip them']);
  await banner.locator('button', { hasText: 'Only the last hour' }).click();
  await expect.poll(() => calls(page)).toEqual([['retryPrinter', 'last-hour']]);
});

test('Settings choose the printer, and Print test page prints on what the form says, saved or not', async ({ page, hub }) => {
  await desktopPage(page, 'idle');
  await open(page, hub.url);
  await page.locator('button[data-tab="settings"]').click();
  const address = page.locator('#setting-printer-address');
  await expect(address).toHaveValue('tcp://10.0.0.7:9100');
  await expect(page.locator('#setting-printer-paper')).toHaveValue('58');
  // The system's printers are offered in the address field.
  await expect(page.locator('#setting-printer-list option[value="system:EPSON_TM_T20"]')).toHaveText('EPSON TM-T20 Receipt');
  await address.fill('tcp://10.0.0.9:9100');
  await page.locator('#setting-printer-copies').fill('2');
  await page.locator('#setting-printer-channels').fill('delivery， 美团');
  await page.locator('button', { hasText: 'Print test page' }).click();
  await expect(page.locator('.form-message')).toHaveText('Could not print: printer tcp://10.0.0.9:9100 refused the connection');
  const [[name, form]] = (await calls(page)) as [[string, { printer: unknown }]];
  expect(name).toBe('printTestPage');
  expect(form.printer).toEqual({ address: 'tcp://10.0.0.9:9100', paper: 58, encoding: 'gb18030', copies: 2, autoPrint: true, shopName: '', channels: ['delivery', '美团'], backup: '', backupAfterS: 30 });
  await page.screenshot({ path: `${SHOTS}/printer-settings.png`, fullPage: true });
});

test("the network coming back ('online' in the page) asks the desktop's main process to redial", async ({ page, hub }) => {
  await desktopPage(page, 'idle');
  await open(page, hub.url);
  await page.context().setOffline(true);
  await page.context().setOffline(false);
  await expect.poll(async () => (await calls(page)).filter(([name]) => name === 'reconnectNow')).toHaveLength(1);
});
