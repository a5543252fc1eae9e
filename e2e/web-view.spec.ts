import { lanAddresses } from '../main/core/ui/lan';
import { countPlays, expect, openWebView, plays, reportUntouched, test, TOKEN } from './fixtures';

const SHOTS = 'test-results/screenshots';
const fastAlerts = { repeatIntervalS: 3, offlineAlertAfterS: 5, escalateAfterS: 0 };

test.beforeEach(async ({ page }) => {
  await countPlays(page);
});

async function withSettings(page: import('@playwright/test').Page, settings: Record<string, unknown>): Promise<void> {
  await page.addInitScript((value) => localStorage.setItem('orderbell.settings', value), JSON.stringify(settings));
}

// How soon the card appears is measured by `npm run bench` (web view in Chromium: POST → card on screen).
test('an order posted over HTTP appears on the open web view without a reload, with its details', async ({ page, hub }) => {
  await openWebView(page, hub);
  await page.evaluate(() => ((window as unknown as { __opened: boolean }).__opened = true));
  await hub.post({
    id: 'A-1001', channel: 'website', table: '3', total: 58, currency: 'CNY', note: 'no coriander',
    items: [{ name: 'Beef noodles', qty: 2 }, { name: 'Iced tea', qty: 1, note: 'less sugar' }],
  });
  const card = page.locator('.card[data-id="A-1001"]');
  await expect(card).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __opened?: boolean }).__opened)).toBe(true);
  await expect(card).toContainText('2× Beef noodles');
  await expect(card).toContainText('Table 3');
  await expect(card).toContainText('Note: no coriander');
  await hub.post({ id: 'A-1002', customer: { name: 'Li Lei', phone: '138 0000 0000' }, total: '12.50' });
  await expect(page.locator('.card')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/orders.png` });
  await card.locator('.heading').click();
  await expect(page.locator('dialog.order-dialog')).toContainText('Order A-1001');
  await expect(page.locator('dialog.order-dialog .print-where')).toHaveText(/^Kitchen tickets print from the OrderBell desktop app on the PC the printer is attached to/);
  await page.screenshot({ path: `${SHOTS}/detail.png` });
});

test('a pickup or delivery card shows the customer, a phone number to tap, the address, the due time counting down and item prices', async ({ page, hub }) => {
  await openWebView(page, hub);
  const dueAt = new Date(Date.now() + 15 * 60_000 + 20_000).toISOString();
  await hub.post({
    id: 'P-1', channel: 'website', total: 58, currency: 'CNY', dueAt,
    customer: { name: 'Li Lei', phone: '+86 138 0013 8000', address: '3F, 12 Nanjing Road' },
    items: [{ name: 'Beef noodles', qty: 2, price: 29 }],
  });
  const card = page.locator('.card[data-id="P-1"]');
  await expect(card.locator('.customer')).toHaveText('Li Lei · +86 138 0013 8000');
  await expect(card.locator('a.tel')).toHaveAttribute('href', 'tel:+8613800138000');
  await expect(card.locator('.address')).toHaveText('3F, 12 Nanjing Road');
  await expect(card.locator('.due')).toHaveText(/^Due .+ · in 15 min$/);
  await expect(card.locator('.items .price')).toHaveText('CN¥29.00');
  await card.locator('a.tel').evaluate((link) => link.addEventListener('click', (event) => event.preventDefault()));
  await card.locator('a.tel').click(); // dials; it does not open the detail
  await expect(page.locator('dialog.order-dialog')).toBeHidden();
});

test('an order from one of the listed sources shows the source\'s label on its card and in its detail', async ({ page, hub }) => {
  await openWebView(page, hub);
  // What the desktop's pipeline puts into the hub for a listed source: the order with its label.
  await hub.post({ id: 'SRC-1', title: 'Curry', table: '5', source: 'Web shop' });
  const card = page.locator('.card[data-id="SRC-1"]');
  await expect(card.locator('.facts')).toHaveText('Table 5 · Web shop');
  await card.locator('.heading').click();
  await expect(page.locator('dialog.order-dialog dl')).toContainText('SourceWeb shop');
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
  const tillName = await till.evaluate(() => localStorage.getItem('orderbell.deviceDefault'));
  expect(tillName).toMatch(/^Linux Chrome [a-z2-9]{4}$/);
  await expect(kitchen.locator('.card[data-id="C-1"] .handled-by')).toContainText(`Done by ${tillName} at`);
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
  await card.locator('.heading').click();
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

test('Settings explain the card colours, and new, waiting and late cards differ at a glance', async ({ page, hub }) => {
  await openWebView(page, hub);
  await page.getByRole('tab', { name: 'Settings' }).click();
  const legend = page.locator('fieldset.age-legend');
  await expect(legend.locator('legend')).toHaveText('Card colours');
  await expect(legend.locator('li')).toHaveText(['Orange: new, under 3 min', 'Yellow: waiting 3–8 min', 'Red: waiting over 8 min']);
  const colours = await legend.locator('.swatch').evaluateAll((swatches) =>
    swatches.map((swatch) => getComputedStyle(swatch).borderLeftColor.match(/\d+/g)!.map(Number)),
  );
  const distance = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
  const [fresh, waiting, late] = colours as [number[], number[], number[]];
  // Before, new (#c2410c) and waiting (#b45309) were two oranges 23 apart in RGB.
  expect(distance(fresh, waiting)).toBeGreaterThan(100);
  expect(distance(waiting, late)).toBeGreaterThan(100);
});

test('settings show precise validation messages as you type', async ({ page, hub }) => {
  await openWebView(page, hub);
  await page.getByRole('tab', { name: 'Settings' }).click();
  // Its orders come from its hub only: the PC's list of other push servers is not offered.
  await expect(page.locator('.web-source')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a push server' })).toHaveCount(0);
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
  await expect(page.locator('.card[data-id="Z-1"] button.handle')).toHaveText('标为完成');
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
  await expect(page.locator('.banner.offline')).toHaveText(/^Not connected: new orders cannot arrive\. Last error: (connection lost|the main computer closed the connection)/);
  await expect(page.locator('.status-bar .source')).not.toContainText('connected');
  await expect.poll(() => plays(page, 'offline'), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: `${SHOTS}/offline.png` });
  await hub.restart();
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online', { timeout: 25_000 });
  await expect(page.locator('.banner.offline')).toHaveCount(0);
  await hub.post({ id: 'after-restart' });
  await expect(page.locator('.card[data-id="after-restart"]')).toBeVisible();
});

test('a page reloaded while the hub is away still opens, rings the offline alarm, and reconnects by itself', async ({ page, hub }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await withSettings(page, fastAlerts);
  await openWebView(page, hub);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
  });
  await hub.stop();
  await page.reload();
  await expect(page.locator('header .pending')).toHaveText('Offline — all done when last seen');
  await expect(page.locator('.banner.offline')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('body')).toHaveAttribute('data-alert', 'offline');
  await page.screenshot({ path: `${SHOTS}/reloaded-offline.png` });
  await hub.restart();
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online', { timeout: 25_000 });
  await hub.post({ id: 'after-reload' });
  await expect(page.locator('.card[data-id="after-reload"]')).toBeVisible();
  expect(errors).toEqual([]);
});

test('asks for the token once and keeps it', async ({ page, hub }) => {
  await page.goto(hub.url);
  await page.getByLabel('Access code').fill('wrong-token');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('alert')).toHaveText('The main computer did not accept this access code.');
  await page.getByLabel('Access code').fill('e2e-token-0123456789');
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
  // Opening with Enter must not also press the Mark done button in the detail.
  await expect(dialog.getByRole('heading', { name: 'Order K-1' })).toBeFocused();
  await expect(card).toHaveClass(/new/);
  await dialog.getByRole('button', { name: 'Mark done' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.locator('.handled-by')).toContainText(/Done by Linux Chrome [a-z2-9]{4} at/);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(card).toHaveClass(/handled/);
});

test('a long order\'s detail opens at its top, the heading focused: id, table, customer and total in view', async ({ page, hub }) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  await openWebView(page, hub);
  const items = Array.from({ length: 40 }, (_, i) => ({ name: `Dish ${i + 1}`, qty: 1 }));
  await hub.post({ id: 'LONG-1', table: '8', customer: { name: 'Li Lei' }, total: 388, currency: 'CNY', items, note: 'n'.repeat(600) });
  await page.locator('.card[data-id="LONG-1"]').locator('.heading').click();
  const dialog = page.locator('dialog.order-dialog');
  await expect(dialog.getByRole('heading', { name: 'Order LONG-1' })).toBeFocused();
  expect(await dialog.evaluate((element) => element.scrollTop)).toBe(0);
  await expect(dialog.locator('dl')).toBeInViewport();
  await expect(dialog.locator('dl').getByText('Li Lei')).toBeInViewport();
});

test('each tab keeps its own scroll position, and a new order scrolls the oldest waiting one into view', async ({ page, hub }) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  await openWebView(page, hub);
  await hub.post({ id: 'W-1', table: '1' });
  for (let i = 1; i <= 15; i++) {
    await hub.post({ id: `D-${i}` });
    await fetch(`${hub.url}/api/orders/D-${i}/handled`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
  }
  await expect(page.locator('.card.handled')).toHaveCount(15);
  const main = page.locator('main');
  const scrollTop = () => main.evaluate((element) => element.scrollTop);
  await page.getByRole('tab', { name: 'Settings' }).click();
  await main.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  const settingsScroll = await scrollTop();
  expect(settingsScroll).toBeGreaterThan(0);
  await page.getByRole('tab', { name: 'Orders' }).click();
  expect(await scrollTop()).toBe(0);
  await expect(page.locator('.card[data-id="W-1"]')).toBeInViewport();
  await page.getByRole('tab', { name: 'Settings' }).click();
  expect(await scrollTop()).toBe(settingsScroll);
  await page.getByRole('tab', { name: 'Orders' }).click();
  await main.evaluate((element) => element.scrollTo(0, element.scrollHeight)); // reading the done ones
  await expect(page.locator('.card[data-id="W-1"]')).not.toBeInViewport();
  await hub.post({ id: 'W-2', table: '2' });
  await expect(page.locator('.card[data-id="W-1"]')).toBeInViewport();
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

test('asks for a tap as soon as it loads where the browser blocks sound, until a tap lets sound play', async ({ page, hub }) => {
  // No --autoplay-policy flag: this Chromium wants a gesture before sound, as phones' browsers do.
  expect((test.info().project.use.launchOptions?.args ?? []).filter((arg) => arg.includes('autoplay'))).toEqual([]);
  await withSettings(page, fastAlerts);
  const reports = await reportUntouched(page);
  await page.goto(`${hub.url}/#token=${TOKEN}`);
  // Nothing below touches the page until the tap: only its console is read.
  await expect.poll(() => reports).toEqual(expect.arrayContaining(['refused silence: NotAllowedError', 'audio banner shown', 'connection online']));
  await hub.post({ id: 'S-1' });
  await expect.poll(() => reports).toContain('refused new-order: NotAllowedError');
  expect(reports).not.toContain('audio banner gone');
  await page.mouse.click(5, 5); // the tap, on the title bar
  await expect.poll(() => reports).toEqual(expect.arrayContaining(['played silence', 'audio banner gone']));
  await expect.poll(() => reports, { timeout: 5000 }).toContain('played new-order');
  await expect(page.locator('.banner.audio')).toHaveCount(0);
});

test('an order that could not ring flashes the screen and says over the list how to enable sound, now and for good', async ({ page, hub }) => {
  const reports = await reportUntouched(page);
  await page.setViewportSize({ width: 1024, height: 600 });
  await page.goto(`${hub.url}/#token=${TOKEN}`);
  await expect.poll(() => reports).toEqual(expect.arrayContaining(['audio banner shown', 'connection online']));
  await hub.post({ id: 'S-2', table: '5' });
  await expect.poll(() => reports).toContain('refused new-order: NotAllowedError');
  // Read from the page's reports: a locator would be the gesture that enables sound.
  await expect.poll(() => reports).toContain('screen flashed');
  await expect.poll(() => reports.find((line) => line.startsWith('missed ring banner: '))).toMatch(
    /^missed ring banner: An order could not ring: tap anywhere to enable sound\. \| Chrome: .+ \| Edge: .+ \| Safari \(Mac\): .+$/,
  );
  await page.screenshot({ path: `${SHOTS}/ring-refused.png` });
  // Where Chrome's setting is, as a picture the hub serves (read without touching the page).
  const picture = await page.evaluate(() => document.querySelector<HTMLAnchorElement>('.banner.audio.missed li a.picture')?.href);
  expect(picture).toBe(`${hub.url}/help/sound-setting-chrome.png`);
  const image = await page.request.get(picture!);
  expect(image.status()).toBe(200);
  expect(image.headers()['content-type']).toBe('image/png');
  expect(reports).not.toContain('audio banner gone');
});

test('the sound banner, up before any order, says what to do', async ({ page, hub }) => {
  const reports = await reportUntouched(page);
  await page.goto(`${hub.url}/#token=${TOKEN}`);
  await expect.poll(() => reports).toContain('audio banner shown');
  await page.screenshot({ path: `${SHOTS}/sound-locked.png` });
  await expect(page.locator('.banner.audio')).toHaveText('Sound is off: this browser plays none until you tap or click anywhere on this page. Until then new orders do not ring.');
});

test('offers timed mutes only: a tablet\'s page may never be closed to end "until reopened"', async ({ page, hub }) => {
  await openWebView(page, hub);
  const mute = page.locator('.status-bar .mute');
  await expect(mute.getByRole('button')).toHaveText(['Mute 15 min', 'Mute 1 h']);
  await mute.getByRole('button', { name: 'Mute 1 h' }).click();
  await expect(page.locator('.muted-state')).toContainText('Muted until');
});

test('a device named in Chinese, emoji and a right-to-left script marks done on the hub at once, and the other screens say who', async ({ browser, hub }) => {
  const name = '厨房平板 🍜 מטבח';
  const [kitchen, till] = [await browser.newPage(), await browser.newPage()];
  await withSettings(kitchen, { deviceName: name, language: 'zh-CN' });
  for (const page of [kitchen, till]) await openWebView(page, hub);
  await hub.post({ id: 'U-1', table: '2' });
  await kitchen.locator('.card[data-id="U-1"]').getByRole('button', { name: '标为完成' }).click();
  await expect(till.locator('.card[data-id="U-1"] .handled-by')).toContainText(`Done by ${name} at`);
  await expect(kitchen.locator('.card[data-id="U-1"] .handled-by')).not.toHaveClass(/unsent/);
  const listed = await fetch(`${hub.url}/api/orders`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(((await listed.json()) as { orders: { handled: { by: string } | null }[] }).orders[0]!.handled?.by).toBe(name);
});

test('the header says the count is unknown from the first second without the hub, in the offline colour', async ({ page, hub }) => {
  await openWebView(page, hub);
  await hub.post({ id: 'H-1' });
  await hub.post({ id: 'H-2' });
  const count = page.locator('header .pending');
  await expect(count).toHaveText('2 waiting');
  await hub.stop();
  await expect(count).toHaveText('Offline — 2 waiting when last seen', { timeout: 2000 });
  await expect(count).toHaveClass(/offline/);
  expect(await count.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(185, 28, 28)');
  await hub.restart();
  await expect(count).toHaveText('2 waiting', { timeout: 15_000 });
  await expect(count).not.toHaveClass(/offline/);
});

test('a Mark done pressed while offline waits visibly, stops the ringing, and reaches the hub on reconnect', async ({ page, hub }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await withSettings(page, fastAlerts);
  await openWebView(page, hub);
  await page.mouse.click(5, 5);
  await hub.post({ id: 'O-1', table: '4' });
  const card = page.locator('.card[data-id="O-1"]');
  await expect.poll(() => plays(page, 'new-order'), { timeout: 2500 }).toBeGreaterThanOrEqual(1);
  await hub.stop();
  await expect(page.locator('.status-bar .connection')).not.toHaveAttribute('data-state', 'online');
  await card.getByRole('button', { name: 'Mark done' }).click();
  await expect(card.locator('.handled-by')).toHaveText(/^Done here at .+; not yet sent to the main computer: it goes when connected\.$/);
  await expect(card).toHaveClass(/handled/);
  await page.screenshot({ path: `${SHOTS}/handled-offline.png` });
  const rings = await plays(page, 'new-order');
  await page.waitForTimeout(3500); // longer than the repeat interval
  expect(await plays(page, 'new-order')).toBe(rings);
  await hub.restart();
  await expect(card.locator('.handled-by')).toHaveText(/^Done by Linux Chrome [a-z2-9]{4} at /, { timeout: 25_000 });
  const listed = await fetch(`${hub.url}/api/orders`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(((await listed.json()) as { orders: { handled: { by: string } | null }[] }).orders[0]!.handled?.by).toMatch(/^Linux Chrome [a-z2-9]{4}$/);
  expect(errors).toEqual([]);
});

test('says that the hub refused the page\'s token when it was changed, and how to fix it', async ({ page, hub }) => {
  const newToken = 'changed-token-9876543210';
  await openWebView(page, hub);
  await hub.stop();
  await hub.restart(newToken);
  const banner = page.locator('.banner.token');
  await expect(banner).toContainText('The main computer did not accept this page\'s access code, so new orders cannot arrive.', { timeout: 15_000 });
  await expect(banner).toContainText('open its new link (its Phones button) on this device, or enter the new code');
  await expect(page.locator('.status-bar .last-error')).toHaveText(' · Last error: the main computer did not accept this page\'s access code');
  await expect(page.locator('.banner.offline')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/token-refused.png` });
  await banner.getByRole('button', { name: 'Enter the new access code' }).click();
  await expect(page.getByRole('alert')).toHaveText('The main computer did not accept this access code.');
  await page.getByLabel('Access code').fill(newToken);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online');
  await hub.post({ id: 'after-new-token' });
  await expect(page.locator('.card[data-id="after-new-token"]')).toBeVisible();
});

test('shows the hub\'s received time, not the page\'s load time: on the card, in the detail and in History alike', async ({ page, hub }) => {
  await hub.post({ id: 'R-1', table: '5' });
  await page.clock.setSystemTime(Date.now() + 2 * 3600_000); // the page is (re)loaded two hours later
  await openWebView(page, hub);
  const card = page.locator('.card[data-id="R-1"]');
  await expect(card.locator('.age')).toHaveText('2 h ago');
  await card.locator('.heading').click();
  const received = page.locator('dialog.order-dialog .row').filter({ hasText: 'Received' }).locator('dd');
  const shown = await received.textContent();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.locator('.history-row[data-id="R-1"] .when')).toHaveText(shown!);
});

test.describe('a hub open to the shop network (--host 0.0.0.0)', () => {
  test.use({ hubArgs: ['--host', '0.0.0.0'] });

  test('a page opened at 127.0.0.1 on the hub\'s PC gives phones the hub\'s LAN addresses, never loopback, and the link opens a working screen', async ({ page, hub, browser }) => {
    const lan = lanAddresses().map((address) => `http://${address}:${hub.port}/`);
    expect(lan.length, 'this machine needs a LAN address for phones to reach').toBeGreaterThan(0);
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await openWebView(page, hub);
    await page.locator('.status-bar').getByRole('button', { name: `Phones: ${lan.join(', ')} · QR code` }).click();
    const panel = page.locator('dialog.phones-dialog');
    await expect(panel.locator('figcaption')).toHaveText(lan);
    await expect(panel).not.toContainText('127.0.0.1');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${lan[0]}#token=${TOKEN}`);
    await expect(phone.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online');
    await phone.close();
  });
});

test('a page opened at 127.0.0.1 on a hub only this PC can reach offers phones no link they could not open', async ({ page, hub }) => {
  await openWebView(page, hub);
  await expect(page.locator('.status-bar .source')).toContainText(hub.url);
  await expect(page.locator('.status-bar .phones-button')).toHaveCount(0);
});
