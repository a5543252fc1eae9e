/**
 * The kitchen display in real Chromium against a real `orderbell hub` with stations: each
 * station screen shows its items only and rings only for them, bumps on one screen reach the
 * others and expo, recall and the bump bar's keys, and bumps survive the hub's restart.
 */
import type { Browser, Page } from '@playwright/test';
import { countPlays, expect, plays, test, TOKEN, type HubProcess } from './fixtures';

// Three browser contexts on a machine shared with other test runs: a page may take seconds to open.
test.beforeEach(() => test.setTimeout(120_000));
test.use({ hubArgs: ['--station', 'bar: category in [drinks, 饮品]', '--station', 'grill: name ~ 烤|BBQ', '--station', 'kitchen: default'] });

const LUNCH = { id: 'L-1', table: 4, items: [{ name: 'Cola', category: 'drinks' }, { name: '烤鸡翅', qty: 2 }, { name: 'Beef noodles', note: 'no onion' }, { name: 'Fried rice' }] };

async function openStation(page: Page, hub: HubProcess, station: string): Promise<void> {
  await countPlays(page);
  await page.goto(`${hub.url}/#token=${TOKEN}&station=${encodeURIComponent(station)}`);
  await expect(page.locator('.station-bar h1')).toContainText(station === 'expo' ? 'Expo' : station);
  await expect(page.locator('.station-notice')).toBeEmpty();
  await page.mouse.click(5, 5); // the tap that allows sound
}

/** The bar's, the kitchen's and expo's screens, each in a browser of its own. */
async function threeScreens(browser: Browser, hub: HubProcess): Promise<[Page, Page, Page]> {
  const pages = await Promise.all([0, 1, 2].map(async () => (await browser.newContext()).newPage()));
  for (const [page, station] of pages.map((page, i) => [page, ['bar', 'kitchen', 'expo'][i]!] as const)) await openStation(page, hub, station);
  return pages as [Page, Page, Page];
}

const tile = (page: Page, id: string) => page.locator(`.station-tile[data-id="${id}"]`);
const itemNames = (page: Page, id: string) => tile(page, id).locator('.station-item .name').allTextContents();

test('each station shows its own items and rings only for them; expo shows every station', async ({ browser, hub }) => {
  const [bar, kitchen, expo] = await threeScreens(browser, hub);
  await hub.post(LUNCH);
  await expect.poll(() => itemNames(bar, 'L-1')).toEqual(['Cola']);
  await expect.poll(() => itemNames(kitchen, 'L-1')).toEqual(['Beef noodles', 'Fried rice']);
  await expect.poll(() => itemNames(expo, 'L-1')).toEqual(['Cola', '烤鸡翅', 'Beef noodles', 'Fried rice']);
  await expect(tile(kitchen, 'L-1').locator('.station-note')).toHaveText('no onion');
  await expect(tile(bar, 'L-1').locator('.tile-title')).toHaveText('Table 4');
  await expect.poll(() => plays(bar, 'new-order')).toBe(1);
  await expect.poll(() => plays(kitchen, 'new-order')).toBe(1);

  // A drinks-only order rings the bar, never the kitchen.
  await hub.post({ id: 'D-2', customer: { name: 'Ann' }, items: [{ name: '奶茶', category: '饮品' }] });
  await expect(tile(bar, 'D-2').locator('.tile-title')).toHaveText('Pickup · Ann');
  await expect.poll(() => plays(bar, 'new-order')).toBe(2);
  await expect(tile(expo, 'D-2')).toBeVisible();
  await expect(tile(kitchen, 'D-2')).toHaveCount(0);
  expect(await plays(kitchen, 'new-order')).toBe(1);
});

test('an item bump and an order bump reach every screen and expo; recall and undo bring them back', async ({ browser, hub }) => {
  const [bar, kitchen, expo] = await threeScreens(browser, hub);
  await hub.post(LUNCH);
  await expect(tile(kitchen, 'L-1')).toBeVisible();

  await tile(kitchen, 'L-1').locator('.station-item', { hasText: 'Beef noodles' }).locator('button').click();
  for (const page of [kitchen, expo]) await expect(page.locator('.station-tile[data-id="L-1"] .station-item.bumped')).toHaveText(/Beef noodles/);

  // The bar finishes its part: its tile goes, expo says the bar is done.
  await tile(bar, 'L-1').locator('.station-tile-head').click();
  await expect(tile(bar, 'L-1')).toHaveCount(0);
  await expect(tile(expo, 'L-1').locator('.station-part[data-station="bar"]')).toHaveClass(/done/);

  // Recall: the bar's last finished order comes back on every screen.
  await bar.getByRole('button', { name: 'Recall' }).click();
  await bar.locator('.recall-entry[data-id="L-1"]').click();
  await expect(tile(bar, 'L-1')).toBeVisible();
  await expect(tile(expo, 'L-1').locator('.station-part[data-station="bar"]')).not.toHaveClass(/done/);

  // Undo takes back the kitchen's last bump: the item is to make again.
  await kitchen.getByRole('button', { name: 'Undo' }).click();
  await expect(expo.locator('.station-tile[data-id="L-1"] .station-item.bumped')).toHaveCount(0);

  // Every station done: the order leaves expo, which lists it among the finished.
  for (const [page] of [[bar], [kitchen]] as const) await tile(page, 'L-1').locator('.station-tile-head').click();
  await expo.locator('.station-part[data-station="grill"] .station-item button').click();
  await expect(tile(expo, 'L-1')).toHaveCount(0);
  await expo.getByRole('button', { name: 'Recall' }).click();
  await expect(expo.locator('.recall-entry[data-id="L-1"]')).toBeVisible();
});

test('bump bar keys: a number picks a tile, Enter finishes it, R brings the last one back', async ({ page, hub }) => {
  await openStation(page, hub, 'kitchen');
  for (const id of ['K-1', 'K-2', 'K-3']) await hub.post({ id, items: [{ name: `Soup ${id}` }] });
  await expect(page.locator('.station-tile')).toHaveCount(3);
  await expect(page.locator('.station-tile .tile-number')).toHaveText(['1', '2', '3']);
  await page.keyboard.press('2');
  await expect(tile(page, 'K-2')).toHaveClass(/selected/);
  await page.keyboard.press('Enter');
  await expect(tile(page, 'K-2')).toHaveCount(0);
  await expect(page.locator('.station-tile')).toHaveCount(2);
  // The tiles after it move up a number, so the bump bar's keys still name what is on the screen.
  await expect(page.locator('.station-tile .tile-number')).toHaveText(['1', '2']);
  await page.keyboard.press('2');
  await expect(tile(page, 'K-3')).toHaveClass(/selected/);
  await page.keyboard.press('r');
  await expect(page.locator('.station-tile')).toHaveCount(3);
  await expect(page.locator('.station-tile').nth(1)).toHaveAttribute('data-id', 'K-2');
});

test('bumps survive the hub\'s restart and a reload of the screen', async ({ page, hub }) => {
  await openStation(page, hub, 'kitchen');
  await hub.post(LUNCH);
  await hub.post({ id: 'L-2', items: [{ name: 'Dumplings' }] });
  await tile(page, 'L-1').locator('.station-tile-head').click();
  await tile(page, 'L-2').locator('.station-item button').first().click();
  await expect(tile(page, 'L-1')).toHaveCount(0);
  await expect(tile(page, 'L-2')).toHaveCount(0); // its one item bumped: its part is done
  await hub.stop();
  await hub.restart();
  await page.reload();
  await expect(page.locator('.station-notice')).toBeEmpty();
  await page.getByRole('button', { name: 'Recall' }).click();
  await expect(page.locator('.recall-entry')).toHaveCount(2);
  await expect(page.locator('.station-tile')).toHaveCount(0);
});

test('the web view\'s Settings turn it into a station screen and the station screen back into the order screen', async ({ page, hub }) => {
  await page.addInitScript(() => localStorage.setItem('orderbell.renameInvited', '1'));
  await page.goto(`${hub.url}/#token=${TOKEN}`);
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online');
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('This screen shows').locator('option')).toHaveText(['All orders (counter)', 'Expo: every station', 'Station bar', 'Station grill', 'Station kitchen']);
  await page.getByLabel('This screen shows').selectOption('grill');
  await expect(page.locator('.station-bar h1')).toHaveText('Station: grill');
  await hub.post(LUNCH);
  await expect.poll(() => itemNames(page, 'L-1')).toEqual(['烤鸡翅']);
  await page.getByRole('button', { name: 'All orders (counter)' }).click();
  await expect(page.locator('.card[data-id="L-1"]')).toBeVisible();
});

test("Settings opened before the hub named its stations offers them as soon as they are heard", async ({ page, hub }) => {
  // The hub's frames reach the page in order, but from its `stations` frame on they wait until Settings is open.
  let held: (string | Buffer)[] | undefined;
  let toPage: ((message: string | Buffer) => void) | undefined;
  await page.routeWebSocket(/\/ws/, (socket) => {
    const server = socket.connectToServer();
    toPage = (message) => socket.send(message);
    server.onMessage((message) => {
      if (held === undefined && typeof message === 'string' && message.includes('"type":"stations"')) held = [];
      if (held) held.push(message);
      else socket.send(message);
    });
  });
  await page.addInitScript(() => localStorage.setItem('orderbell.renameInvited', '1'));
  await page.goto(`${hub.url}/#token=${TOKEN}`);
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online');
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('This screen shows').locator('option')).toHaveText(['All orders (counter)', 'Expo: every station']);
  expect(held?.length).toBeGreaterThan(0);
  for (const message of held!) toPage!(message);
  held = undefined;
  await expect(page.getByLabel('This screen shows').locator('option')).toHaveText(['All orders (counter)', 'Expo: every station', 'Station bar', 'Station grill', 'Station kitchen']);
});
