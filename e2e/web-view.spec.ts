import { cardArrival, countPlays, expect, openWebView, plays, recordCardArrivals, test } from './fixtures';

const SHOTS = 'test-results/screenshots';
const fastAlerts = { repeatIntervalS: 3, offlineAlertAfterS: 5, escalateAfterS: 0 };

test.beforeEach(async ({ page }) => {
  await countPlays(page);
});

async function withSettings(page: import('@playwright/test').Page, settings: Record<string, unknown>): Promise<void> {
  await page.addInitScript((value) => localStorage.setItem('orderbell.settings', value), JSON.stringify(settings));
}

test('an order posted over HTTP appears within a second, with its details', async ({ page, hub }) => {
  await openWebView(page, hub);
  await recordCardArrivals(page);
  const posted = Date.now();
  await hub.post({
    id: 'A-1001', channel: 'website', table: '3', total: 58, currency: 'CNY', note: 'no coriander',
    items: [{ name: 'Beef noodles', qty: 2 }, { name: 'Iced tea', qty: 1, note: 'less sugar' }],
  });
  const card = page.locator('.card[data-id="A-1001"]');
  await expect(card).toBeVisible();
  expect((await cardArrival(page, 'A-1001')) - posted).toBeLessThan(1000);
  await expect(card).toContainText('2× Beef noodles');
  await expect(card).toContainText('Table 3');
  await expect(card).toContainText('Note: no coriander');
  await hub.post({ id: 'A-1002', customer: { name: 'Li Lei', phone: '138 0000 0000' }, total: '12.50' });
  await expect(page.locator('.card')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/orders.png` });
  await card.click();
  await expect(page.locator('dialog.order-dialog')).toContainText('Order A-1001');
  await page.screenshot({ path: `${SHOTS}/detail.png` });
});

test('the sound starts at once, repeats, and stops when handled here', async ({ page, hub }) => {
  await withSettings(page, fastAlerts);
  await openWebView(page, hub);
  await page.mouse.click(5, 300); // the tap browsers ask for before sound
  await hub.post({ id: 'B-1' });
  await expect.poll(() => plays(page, 'new-order'), { timeout: 2500 }).toBeGreaterThanOrEqual(1);
  await expect.poll(() => plays(page, 'new-order'), { timeout: 5000 }).toBeGreaterThanOrEqual(2);
  await page.locator('.card[data-id="B-1"] button.handle').click();
  await expect(page.locator('.card[data-id="B-1"]')).toHaveClass(/handled/);
  const after = await plays(page, 'new-order');
  await page.waitForTimeout(3500);
  expect(await plays(page, 'new-order')).toBe(after);
});

test('handled on one page stops the alert on a second page', async ({ browser, hub }) => {
  const pages = await Promise.all([browser.newPage(), browser.newPage()]);
  for (const page of pages) {
    await countPlays(page);
    await withSettings(page, fastAlerts);
    await openWebView(page, hub);
    await page.mouse.click(5, 300);
  }
  const [till, kitchen] = pages as [import('@playwright/test').Page, import('@playwright/test').Page];
  await hub.post({ id: 'C-1', table: '7' });
  await expect.poll(() => plays(kitchen, 'new-order'), { timeout: 2500 }).toBeGreaterThanOrEqual(1);
  await till.locator('.card[data-id="C-1"] button.handle').click();
  await expect(kitchen.locator('.card[data-id="C-1"]')).toHaveClass(/handled/);
  await expect(kitchen.locator('.card[data-id="C-1"] .handled-by')).toContainText('Handled by web view');
  const after = await plays(kitchen, 'new-order');
  await kitchen.waitForTimeout(3500);
  expect(await plays(kitchen, 'new-order')).toBe(after);
});

test('order fields carrying markup render as text and run nothing', async ({ page, hub }) => {
  await openWebView(page, hub);
  const img = '<img src=x onerror="window.__xss=1">';
  const script = '<script>window.__xss=2</script>';
  await hub.post({ id: 'X-1', title: img, note: script, items: [{ name: img, qty: 1 }], customer: { name: script }, channel: '<b>bold</b>' });
  const card = page.locator('.card[data-id="X-1"]');
  await expect(card).toContainText(img);
  await expect(card).toContainText(script);
  await card.click();
  await expect(page.locator('dialog.order-dialog')).toContainText(script);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('#app img, #app script, #app b').count()).toBe(0);
});

test('history search finds an order by text and date', async ({ page, hub }) => {
  await openWebView(page, hub);
  await hub.post({ id: 'H-1', items: [{ name: 'Mapo tofu', qty: 1 }] });
  await hub.post({ id: 'H-2', items: [{ name: 'Fried rice', qty: 2 }], note: 'extra egg' });
  await expect(page.locator('.card')).toHaveCount(2);
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByLabel('Search orders').fill('fried egg');
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  await page.getByLabel('From').fill(day);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('.history-row')).toHaveCount(1);
  await expect(page.locator('.history-row')).toContainText('#H-2');
  await expect(page.locator('.history-row .summary')).toHaveText('2× Fried rice');
  await expect(page.locator('.count')).toHaveText('1 order');
  await page.screenshot({ path: `${SHOTS}/history.png` });
});

test('settings show precise validation messages as you type', async ({ page, hub }) => {
  await openWebView(page, hub);
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('Play on')).toHaveValue('');
  await expect(page.getByLabel('Play on').locator('option').first()).toHaveText('System default output');
  await page.getByLabel('Volume (0–100)').fill('150');
  await expect(page.locator('[data-field="volume"] .error')).toHaveText('Must be from 0 to 100.');
  await page.getByLabel('Repeat every (seconds)').fill('1');
  await expect(page.locator('[data-field="repeatIntervalS"] .error')).toHaveText('Must be from 3 to 600.');
  await page.getByLabel('Quiet hours').fill('weekends late');
  await expect(page.locator('[data-field="quietHours"] .error')).toContainText('Line 1:');
  await page.screenshot({ path: `${SHOTS}/settings-invalid.png` });
  await page.getByLabel('Volume (0–100)').fill('60');
  await page.getByLabel('Repeat every (seconds)').fill('15');
  await page.getByLabel('Quiet hours').fill('Mon-Fri 22:00-07:00 silent');
  await expect(page.locator('.field.invalid')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.form-message')).toHaveText('Saved.');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.form-message')).toContainText('Connected:');
  await page.getByRole('button', { name: 'Send test order' }).click();
  await expect(page.locator('.form-message')).toContainText('Test order sent');
});

test('speaks the UI in Chinese or English, switchable', async ({ page, hub }) => {
  await openWebView(page, hub, 'zh-CN');
  await hub.post({ id: 'Z-1', table: '3', total: 58, currency: 'CNY', items: [{ name: '牛肉面', qty: 2 }] });
  await expect(page.getByRole('tab', { name: '订单' })).toBeVisible();
  await expect(page.locator('.card[data-id="Z-1"]')).toContainText('3 号桌');
  await expect(page.locator('.card[data-id="Z-1"] button.handle')).toHaveText('已处理');
  await expect(page.locator('.status-bar .connection')).toHaveText('在线');
  await page.screenshot({ path: `${SHOTS}/orders-zh-CN.png` });
  await page.getByRole('tab', { name: '设置' }).click();
  await page.getByLabel('语言').selectOption('en');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('tab', { name: 'Orders' })).toBeVisible();
});

test('being offline is itself an alert, and it recovers when the hub returns', async ({ page, hub }) => {
  await withSettings(page, fastAlerts);
  await openWebView(page, hub);
  await page.mouse.click(5, 300);
  await hub.stop();
  await expect(page.locator('.status-bar .connection')).not.toHaveAttribute('data-state', 'online');
  await expect(page.locator('.banner.offline')).toBeVisible({ timeout: 8000 });
  await expect(page.locator('.banner.offline')).toHaveText(/^Not connected: new orders cannot arrive\. Last error: (connection lost|closed by the hub)/);
  await expect(page.locator('.status-bar .source')).not.toContainText('connected');
  await expect.poll(() => plays(page, 'offline'), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: `${SHOTS}/offline.png` });
  await hub.restart();
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online', { timeout: 25_000 });
  await expect(page.locator('.banner.offline')).toHaveCount(0);
  await hub.post({ id: 'after-restart' });
  await expect(page.locator('.card[data-id="after-restart"]')).toBeVisible();
});

test('asks for the token once and keeps it', async ({ page, hub }) => {
  await page.goto(hub.url);
  await page.getByLabel('Token').fill('wrong-token');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('alert')).toHaveText('The hub refused this token.');
  await page.getByLabel('Token').fill('e2e-token-0123456789');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online');
  await page.reload();
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online');
});

test('works from the keyboard: open an order, mark it handled, close the detail', async ({ page, hub }) => {
  await openWebView(page, hub);
  await hub.post({ id: 'K-1', table: '2' });
  const card = page.locator('.card[data-id="K-1"]');
  await expect(card).toBeVisible();
  await card.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog.order-dialog');
  await expect(dialog).toBeVisible();
  // Opening with Enter must not also press the Handled button in the detail.
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await expect(card).toHaveClass(/new/);
  await dialog.getByRole('button', { name: 'Handled' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.locator('.handled-by')).toContainText('Handled by web view');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(card).toHaveClass(/handled/);
});

test('a status that changes every second leaves keyboard focus on the mute buttons and screen readers in peace', async ({ page, hub }) => {
  await openWebView(page, hub);
  const announcer = page.locator('.visually-hidden[role="status"]');
  await expect(announcer).toHaveText('Online');
  await hub.stop();
  const countdown = page.locator('.status-bar .connection');
  await expect(countdown).toContainText('Reconnecting in');
  await expect(announcer).toHaveText('Offline');
  await announcer.evaluate((node) => {
    const changes = { count: 0 };
    (window as unknown as { __announcements: typeof changes }).__announcements = changes;
    new MutationObserver((records) => (changes.count += records.length)).observe(node, { childList: true, characterData: true, subtree: true });
  });
  const mute = page.getByRole('button', { name: 'Mute 15 min' });
  await mute.focus();
  const before = await countdown.textContent();
  await expect(countdown).not.toHaveText(before!);
  await page.waitForTimeout(1500);
  await expect(mute).toBeFocused();
  expect(await page.evaluate(() => (window as unknown as { __announcements: { count: number } }).__announcements.count)).toBe(0);
  await page.keyboard.press('Enter');
  await expect(page.locator('.muted-state')).toContainText('Muted until');
});

test('can be put on a phone\'s home screen: a web app manifest the page\'s own policy allows', async ({ page, hub }) => {
  await openWebView(page, hub);
  // What Chromium itself makes of the manifest when it offers "Add to Home screen".
  const cdp = await page.context().newCDPSession(page);
  const { url, errors, data } = await cdp.send('Page.getAppManifest');
  expect(url).toBe(`${hub.url}/manifest.webmanifest`);
  expect(errors).toEqual([]);
  expect(JSON.parse(data!)).toMatchObject({ name: 'OrderBell', display: 'standalone', start_url: './', icons: [{ src: 'icon.png', sizes: '512x512' }] });
  expect((await page.request.get(`${hub.url}/icon.png`)).status()).toBe(200);
});
