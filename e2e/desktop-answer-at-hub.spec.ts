/**
 * The desktop app on a PC that is a device of another PC's hub: its order screen (the real built
 * renderer, the preload stood in) is fed by a real core Station connected to a real hub process,
 * and Accept on the card answers at that hub, which every other device then shows.
 */
import type { Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerRequest } from '../main/core/orders/order-life';
import { DEFAULT_SETTINGS } from '../main/core/settings/settings';
import { Station } from '../main/core/station';
import type { OrderView } from '../preload/api';
import { installDesktopStandIn, patchDesktopStandIn, QUIET_HUB } from './desktop-stand-in';
import { expect, openWebView, test, TOKEN, type HubProcess } from './fixtures';

/** Opens this PC's screen, its orders and answers going to a real Station that is a device of `hub`, and runs `run` on it. */
async function deviceDesktop(page: Page, hub: HubProcess, run: (station: Station) => Promise<void>): Promise<void> {
  test.setTimeout(60_000); // a Station, a hub process and pages on a shared, loaded machine
  const dataDir = await mkdtemp(join(tmpdir(), 'orderbell-e2e-desk-'));
  const source = { kind: 'push-server', url: `ws://127.0.0.1:${hub.port}/ws`, token: TOKEN, mode: 'json', helloText: '' } as const;
  const station = new Station({ dataDir, settings: { ...DEFAULT_SETTINGS, language: 'en', source }, device: 'Counter PC' });
  await station.start();
  try {
    await page.exposeFunction('__stationOrders', () => station.listOrders());
    await page.exposeFunction('__stationAnswer', (id: string, request: AnswerRequest) => station.answerOrder(id, request));
    station.on('orders', (views) => void page.evaluate((list) => (window as unknown as { __ordersChanged?: (views: OrderView[]) => void }).__ordersChanged?.(list), views).catch(() => {}));
    await installDesktopStandIn(page, QUIET_HUB);
    await patchDesktopStandIn(page, () => {
      const bridge = window as unknown as { __stationOrders(): Promise<OrderView[]>; __stationAnswer: (id: string, request: unknown) => Promise<{ ok: boolean; message: string }>; __ordersChanged?: (views: OrderView[]) => void };
      return {
        listOrders: () => bridge.__stationOrders(),
        answerOrder: (id, request) => bridge.__stationAnswer(id, request),
        onOrdersChanged: (listener) => ((bridge.__ordersChanged = listener), () => (bridge.__ordersChanged = undefined)),
      };
    });
    await page.goto(hub.url);
    await page.mouse.click(5, 500); // the tap that allows sound, so its banner is gone before the clicks
    await run(station);
  } finally {
    await station.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

test('Accept 20 min on the desktop of a device PC answers at the main computer, and another screen shows who', async ({ page, browser, hub }) => {
  await deviceDesktop(page, hub, async () => {
    const kitchen = await browser.newPage();
    await kitchen.addInitScript(() => {
      localStorage.setItem('orderbell.renameInvited', '1');
      localStorage.setItem('orderbell.settings', JSON.stringify({ deviceName: 'Kitchen' }));
    });
    await openWebView(kitchen, hub);

    await hub.post({ id: 'K-1', table: '3', items: [{ name: 'Beef noodles', qty: 1 }] });
    const card = page.locator('.card[data-id="K-1"]');
    await card.locator('details.accept summary').click();
    await card.getByRole('button', { name: '20 min' }).click();
    await expect(card.locator('.answer .state')).toHaveText(/^Accepted · ready /);
    await expect(kitchen.locator('.card[data-id="K-1"] .answer .state')).toHaveText(/^Accepted · ready /);

    const atHub = (await (await fetch(`${hub.url}/api/orders/K-1`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { state: string; history: { state: string; by: string; readyAt: string; at: string }[] };
    expect(atHub.state).toBe('accepted');
    expect(atHub.history.map((change) => `${change.state} by ${change.by}`)).toEqual(['accepted by Counter PC']);
    expect((Date.parse(atHub.history[0]!.readyAt) - Date.parse(atHub.history[0]!.at)) / 60_000).toBe(20);
  });
});

test('with the main computer away, Accept says so in a banner and the card stays new', async ({ page, hub }) => {
  await deviceDesktop(page, hub, async () => {
    await hub.post({ id: 'K-2' });
    const card = page.locator('.card[data-id="K-2"]');
    await expect(card).toBeVisible();
    await hub.stop();
    await card.locator('details.accept summary').click();
    await card.getByRole('button', { name: '10 min' }).click();
    await expect(page.locator('.banner.print-notice')).toHaveText(/^The main computer cannot be reached, so the order was not changed\. Try again in a moment\./);
    await expect(card.locator('details.accept summary')).toBeVisible();
    await expect(card.locator('.answer .state')).toHaveCount(0); // a new order shows no state
  });
});
