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
