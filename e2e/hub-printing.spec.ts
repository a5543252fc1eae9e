/**
 * The web view on a hub that prints (`orderbell hub --print`): Print on a card asks the hub to
 * reprint the ticket on its printer (a fake ESC/POS printer on loopback), marked REPRINT. On a
 * hub that does not print, the page offers no Print and says where tickets print.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { squeeze } from '../test/escpos-decode';
import { FakePrinterServer } from '../test/fake-printer-server';
import { expect, openWebView, spawnHub, stopChild, test, TOKEN, type HubProcess } from './fixtures';

async function printingHub(printer: FakePrinterServer): Promise<HubProcess & { close(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'orderbell-e2e-print-'));
  const running = await spawnHub(dataDir, 0, TOKEN, ['--print', printer.url, '--language', 'en']);
  const post = async (order: Record<string, unknown>) => {
    const response = await fetch(`${running.url}/api/orders`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(order) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    url: running.url,
    port: running.port,
    dataDir,
    post,
    stop: () => stopChild(running.child),
    restart: () => Promise.reject(new Error('not used here')),
    close: async () => {
      await stopChild(running.child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Each ticket the printer took: the order's id, and REPRINT when it is marked so. */
function printed(printer: FakePrinterServer): string[] {
  return printer.tickets().map((lines) => {
    const text = squeeze(lines);
    const id = text.find((line) => line.startsWith('#'))?.slice(1) ?? '?';
    return [id, ...text.filter((line) => line === 'REPRINT')].join(' ');
  });
}

test('on a hub that prints, Print on a card reprints the ticket on the hub\'s printer, marked REPRINT, and says so', async ({ page }) => {
  const printer = new FakePrinterServer();
  await printer.up();
  const hub = await printingHub(printer);
  try {
    await openWebView(page, hub);
    await hub.post({ id: 'P-1', items: [{ name: 'Dumplings', qty: 2 }] });
    await expect.poll(() => printed(printer), { timeout: 10_000 }).toEqual(['P-1']);
    await page.locator('.card[data-id="P-1"] .heading').click();
    const dialog = page.locator('dialog.order-dialog');
    await expect(dialog.locator('.print-where')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Print' }).click();
    await expect(page.locator('.banner.print-notice.ok')).toHaveText("Sent to the main computer's printer (marked REPRINT).");
    await expect.poll(() => printed(printer), { timeout: 10_000 }).toEqual(['P-1', 'P-1 REPRINT']);
  } finally {
    await hub.close();
    await printer.down();
  }
});

test('on a hub that does not print, the page offers no Print and says where tickets print', async ({ page, hub }) => {
  await openWebView(page, hub);
  await hub.post({ id: 'N-1' });
  await page.locator('.card[data-id="N-1"] .heading').click();
  const dialog = page.locator('dialog.order-dialog');
  await expect(dialog.locator('.print-where')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Print' })).toHaveCount(0);
});

test("on a hub that prints, Reports' Print summary prints the days' summary ticket on the hub's printer, each time it is pressed", async ({ page }) => {
  const printer = new FakePrinterServer();
  await printer.up();
  const hub = await printingHub(printer);
  const summaries = () => printer.tickets().map(squeeze).filter((lines) => lines.some((line) => line.startsWith('Summary ')));
  try {
    await hub.post({ id: 'R-1', total: '12.50', currency: 'CNY' });
    await hub.post({ id: 'R-2', total: '3', currency: 'CNY' });
    await openWebView(page, hub);
    await page.locator('nav.tabs [data-tab="reports"]').click();
    await expect(page.locator('.report-tile[data-figure="orders"] strong')).toHaveText('2');
    const print = page.locator('.report-range button[name="print-summary"]');
    await expect(print).toHaveText('Print summary');
    await expect(page.locator('.report-range button[name="print-page"]')).toHaveText('Print as a page');
    await print.click();
    await expect(page.locator('.reports .print-notice.ok')).toHaveText("Summary printed on the main computer's printer.");
    await expect.poll(summaries, { timeout: 10_000 }).toHaveLength(1);
    expect(summaries()[0]).toEqual(expect.arrayContaining(['Orders 2', 'Sales CNY 15.50']));
    await print.click();
    await expect.poll(summaries, { timeout: 10_000 }).toHaveLength(2);
    expect(summaries()[1]).toEqual(summaries()[0]);
  } finally {
    await hub.close();
    await printer.down();
  }
});

test('on a hub that does not print, Print summary prints the page', async ({ page, hub }) => {
  await openWebView(page, hub);
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void (window as unknown as { printed: number }).printed++;
  });
  await page.locator('nav.tabs [data-tab="reports"]').click();
  await expect(page.locator('.report-range button[name="print-summary"]')).toHaveCount(0);
  await page.locator('.report-range button[name="print-page"]', { hasText: 'Print summary' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
});
