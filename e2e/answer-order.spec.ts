/**
 * Answering orders in the web view against a real hub: each state from the card, every other
 * screen following, undo and reopen, the history in the detail, and a refusal said in words.
 * Also the docs' pictures of the answer buttons, in English and Chinese.
 */
import type { Page } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';
import { countPlays, expect, openWebView, plays, test, TOKEN } from './fixtures';

const OUT = 'test-results/screenshots';

async function stateAtHub(url: string, id: string): Promise<{ state: string; history: { state: string; by: string }[] }> {
  const response = await fetch(`${url}/api/orders/${id}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return (await response.json()) as { state: string; history: { state: string; by: string }[] };
}

async function named(page: Page, name: string): Promise<void> {
  await page.addInitScript((deviceName) => {
    localStorage.setItem('orderbell.renameInvited', '1');
    localStorage.setItem('orderbell.settings', JSON.stringify({ ...JSON.parse(localStorage.getItem('orderbell.settings') ?? '{}'), deviceName }));
  }, name);
}

test('accept with a ready time, ready, done, reopen and reject from the card; another screen follows each change', async ({ page, browser, hub }) => {
  await named(page, 'Counter');
  await openWebView(page, hub);
  const other = await browser.newPage();
  await named(other, 'Kitchen');
  await openWebView(other, hub);
  await hub.post({ id: 'S-1', table: '4', items: [{ name: 'Beef noodles', qty: 1 }] });
  const card = page.locator('.card[data-id="S-1"]');
  const there = other.locator('.card[data-id="S-1"]');
  await card.locator('details.accept summary').click();
  await card.getByRole('button', { name: '20 min' }).click();
  await expect(there.locator('.answer .state')).toHaveText(/^Accepted · ready /);
  await expect(card.locator('.answer .state')).toHaveText(/^Accepted · ready /);
  await there.getByRole('button', { name: 'Ready', exact: true }).click();
  await expect(card.locator('.answer .state')).toHaveText('Ready');
  await card.getByRole('button', { name: 'Undo' }).click();
  await expect(there.locator('.answer .state')).toHaveText(/^Accepted · ready /);
  await card.getByRole('button', { name: 'Mark done' }).click();
  await expect(there.locator('.answer .state')).toHaveText('Done');
  await there.getByRole('button', { name: 'Reopen' }).click();
  await expect(card.locator('.answer .state')).toHaveText(/^Accepted · ready /);
  await card.locator('details.reject summary').click();
  await card.getByRole('button', { name: 'Sold out' }).click();
  await expect(there.locator('.answer .state')).toHaveText('Rejected: Sold out');
  const atHub = await stateAtHub(hub.url, 'S-1');
  expect(atHub.history.map((change) => `${change.state} by ${change.by}`)).toEqual([
    'accepted by Counter', 'ready by Kitchen', 'accepted by Counter', 'done by Counter', 'accepted by Kitchen', 'rejected by Counter',
  ]);
  await there.locator('.heading').click();
  await expect(other.locator('dialog .state-history li')).toHaveCount(6);
  await expect(other.locator('dialog .state-history li').last()).toContainText('Rejected: Sold out — Counter');
});

test('a custom ready time and a reason in own words, typed and sent with Enter', async ({ page, hub }) => {
  await named(page, 'Counter');
  await openWebView(page, hub);
  await hub.post({ id: 'S-2' });
  const card = page.locator('.card[data-id="S-2"]');
  await card.locator('details.accept summary').click();
  await card.getByRole('spinbutton').fill('25');
  await card.getByRole('spinbutton').press('Enter');
  await expect(card.locator('.answer .state')).toHaveText(/^Accepted · ready /);
  await card.locator('details.reject summary').click();
  await card.getByRole('textbox').fill('gas is off');
  await card.getByRole('textbox').press('Enter');
  await expect(card.locator('.answer .state')).toHaveText('Rejected: gas is off');
});

test('an answer the hub refuses (someone else was first) is said in a banner', async ({ page, hub }) => {
  await named(page, 'Counter');
  await openWebView(page, hub);
  await hub.post({ id: 'S-3' });
  const card = page.locator('.card[data-id="S-3"]');
  await expect(card).toBeVisible();
  // Another device answers just before this page's answer reaches the hub: this page saw the order new.
  await page.route('**/api/orders/S-3/state', async (route) => {
    await fetch(`${hub.url}/api/orders/S-3/state`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'X-OrderBell-Device': 'Phone' }, body: JSON.stringify({ state: 'accepted', readyInMin: 10 }) });
    await route.continue();
  });
  await card.locator('details.accept summary').click();
  await card.getByRole('button', { name: '30 min' }).click();
  await expect(page.locator('.banner.print-notice')).toHaveText(/^already accepted by Phone at /);
});

for (const locale of ['en', 'zh-CN']) {
  test(`docs: the answer buttons, ${locale}`, async ({ page, hub }) => {
    await page.setViewportSize({ width: 800, height: 600 });
    if (locale !== 'en') await page.addInitScript((language) => localStorage.setItem('orderbell.settings', JSON.stringify({ language })), locale);
    await named(page, 'Counter');
    await openWebView(page, hub);
    await hub.post({ id: '2041', table: '6', total: 58, currency: 'CNY', items: [{ name: 'Beef noodles', qty: 2 }] });
    await hub.post({ id: '2042', table: '2', total: 36, currency: 'CNY', items: [{ name: 'Dumplings (12)', qty: 1 }] });
    const second = page.locator('.card[data-id="2042"]');
    await second.locator('details.accept summary').click();
    await second.locator('button.ready-in').nth(1).click();
    await expect(second.locator('.answer .state')).toBeVisible();
    await page.locator('.card[data-id="2041"] details.accept summary').click();
    const name = `answer-buttons-${locale}.png`;
    await page.screenshot({ path: `${OUT}/${name}` });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mkdir('docs/screenshots', { recursive: true });
      await copyFile(`${OUT}/${name}`, `docs/screenshots/${name}`);
    }
  });
}

test('an order nobody accepts within N seconds rings louder and names itself in the header, until it is accepted', async ({ page, hub }) => {
  await countPlays(page);
  await page.addInitScript(() => localStorage.setItem('orderbell.settings', JSON.stringify({ escalateAfterS: 3, repeatIntervalS: 3 })));
  await named(page, 'Counter');
  await openWebView(page, hub);
  await page.mouse.click(5, 5); // the tap that allows sound
  await hub.post({ id: 'E-1' });
  const header = page.locator('.topbar .pending');
  await expect(header).toHaveText('1 waiting');
  await expect(header).toHaveText('1 order waiting for 1 min', { timeout: 15_000 });
  await expect(header).toHaveClass(/late/);
  await expect.poll(() => plays(page, 'escalation'), { timeout: 15_000 }).toBeGreaterThan(0);
  const card = page.locator('.card[data-id="E-1"]');
  await card.locator('details.accept summary').click();
  await card.getByRole('button', { name: '10 min' }).click();
  await expect(header).toHaveText('1 waiting');
});
