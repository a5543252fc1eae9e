/**
 * The README's pictures of the order screen: the real built page against a real hub with a
 * lunchtime's orders, some waiting longer than others (posted to the hub run under faketime),
 * on a 1024×600 screen and a 390×844 phone, with the answer buttons and one order accepted. Written to test-results; with
 * UPDATE_SCREENSHOTS=1 also to docs/screenshots/, the files README.md shows.
 */
import { chromium, type Page } from '@playwright/test';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setLanguage, t } from '../main/core/ui/i18n';
import { expect, openWebView, postEarlier, reportUntouched, spawnHub, stopChild, test, TOKEN, type HubProcess } from './fixtures';

const OUT = 'test-results/screenshots';

const LUNCH = [
  { id: '1041', channel: 'meituan', table: '6', total: 126, currency: 'CNY', items: [{ name: 'Kung Pao chicken', qty: 1 }, { name: 'Mapo tofu', qty: 1 }, { name: 'Steamed rice', qty: 3 }], note: 'No peanuts: allergy' },
  { id: '1042', channel: 'website', customer: { name: 'Li Lei', phone: '138 0013 8000' }, total: 58, currency: 'CNY', items: [{ name: 'Beef noodles', qty: 2 }] },
];
const NOW = [
  { id: '1043', channel: 'website', table: '3', total: 74.5, currency: 'CNY', items: [{ name: 'Dumplings (12)', qty: 1 }, { name: 'Hot and sour soup', qty: 1 }, { name: 'Iced tea', qty: 2, note: 'less sugar' }] },
  { id: '1044', channel: 'ele.me', customer: { name: 'Wang Fang' }, total: 42, currency: 'CNY', items: [{ name: 'Fried rice with egg', qty: 1 }, { name: 'Plum juice', qty: 1 }], note: 'Ring twice, the doorbell is broken. Leave at the door if no answer; call 139 0000 0000 and say it is the order for the third floor, flat 302, not 203' },
  { id: '1045', channel: 'website', table: '9', total: 31, currency: 'CNY', items: [{ name: 'Wonton soup', qty: 1 }] },
  { id: '1046', channel: 'meituan', table: '1', total: 212, currency: 'CNY', items: [{ name: 'Peking duck (half)', qty: 1 }, { name: 'Pancakes', qty: 2 }, { name: 'Cucumber salad', qty: 1 }, { name: 'Tsingtao beer', qty: 4 }, { name: 'Steamed rice', qty: 4 }, { name: 'Mango pudding', qty: 2 }, { name: 'Green tea', qty: 1 }] },
];

/** Orders received 12 and 5 minutes ago by this very hub (its journal keeps when), then two now, and one handled. */
async function lunchtime(hub: HubProcess): Promise<void> {
  await postEarlier(hub, [['-12m', LUNCH[0]!], ['-5m', LUNCH[1]!], ['-20m', { id: '1040', table: '2', total: 36, currency: 'CNY', items: [{ name: 'Green tea', qty: 2 }] }]]);
  for (const order of NOW) await hub.post(order);
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = `${OUT}/${name}`;
  await page.screenshot({ path });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir('docs/screenshots', { recursive: true });
    await copyFile(path, `docs/screenshots/${name}`);
  }
}

async function ready(page: Page, hub: HubProcess, locale?: string): Promise<void> {
  test.setTimeout(60_000); // three hubs start and stop before the page opens
  await lunchtime(hub);
  await page.addInitScript(() => localStorage.setItem('orderbell.renameInvited', '1'));
  await openWebView(page, hub, locale);
  await page.mouse.click(5, 5); // the tap that allows sound
  await page.locator('.card[data-id="1040"] button.handle').click();
  // One order answered, so the pictures show both an order's answer buttons and an accepted one.
  const accepted = page.locator('.card[data-id="1042"]');
  await accepted.locator('details.accept summary').click();
  await accepted.locator('button.ready-in').nth(1).click();
  await expect(accepted.locator('.answer .state')).toBeVisible();
  await expect(page.locator('.card.new')).toHaveCount(6);
  await expect(page.locator('.banner')).toHaveCount(0);
  await page.locator('main').evaluate((main) => main.scrollTo(0, 0)); // pressing Mark done scrolled to the card
}

test('README: the order screen on a 1024×600 screen', async ({ page, hub }) => {
  await page.setViewportSize({ width: 1024, height: 600 });
  await ready(page, hub);
  await expect(page.locator('.card[data-id="1041"]')).toHaveClass(/age-late/);
  await expect(page.locator('.card[data-id="1042"]')).toHaveClass(/age-waiting/);
  await shoot(page, 'orders-desktop.png');
});

test('README: the order screen on a 390×844 phone', async ({ page, hub }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await ready(page, hub);
  await shoot(page, 'orders-phone.png');
});

test('README: the order screen on a phone, in Chinese', async ({ page, hub }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await ready(page, hub, 'zh-CN');
  await shoot(page, 'orders-phone-zh-CN.png');
});

for (const locale of ['en', 'zh-CN']) {
  test(`docs: the header without the hub, on a 1024×600 screen, ${locale}`, async ({ page, hub }) => {
    await page.setViewportSize({ width: 1024, height: 600 });
    await ready(page, hub, locale === 'en' ? undefined : locale);
    await hub.stop();
    await expect(page.locator('header .pending')).toHaveClass(/offline/);
    await shoot(page, `offline-header${locale === 'en' ? '' : `-${locale}`}.png`);
  });
}

for (const locale of ['en', 'zh-CN']) {
  test(`docs: an order that could not ring, on a 1024×600 screen, ${locale}`, async ({ page, hub }) => {
    await page.setViewportSize({ width: 1024, height: 600 });
    const reports = await reportUntouched(page);
    await page.addInitScript(() => localStorage.setItem('orderbell.renameInvited', '1'));
    if (locale !== 'en') await page.addInitScript((language) => localStorage.setItem('orderbell.settings', JSON.stringify({ language })), locale);
    await page.goto(`${hub.url}/#token=${TOKEN}`); // no tap: the browser blocks sound
    for (const order of NOW.slice(0, 2)) await hub.post(order);
    // Only the page's reports are read: a locator would be the gesture that enables sound.
    await expect.poll(() => reports).toContain('screen flashed');
    await expect.poll(() => reports.some((line) => line.startsWith('missed ring banner: '))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past the flash: a still picture
    await shoot(page, `ring-refused${locale === 'en' ? '' : `-${locale}`}.png`);
  });
}

for (const locale of ['en', 'zh-CN'] as const) {
  test(`docs: where Chrome's setting is that lets the order screen always ring, ${locale}`, async () => {
    // Chrome's settings pages open only in a browser profile of their own.
    const profile = await mkdtemp(join(tmpdir(), 'orderbell-chrome-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      viewport: { width: 1024, height: 600 },
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`chrome://settings/content/siteDetails?site=${encodeURIComponent('http://192.168.1.20:8083')}`);
      // Debian's Chromium speaks English only: the note over the picture is the help's own words, in the shop's language.
      setLanguage(locale);
      const help = t('audioAllowChrome');
      setLanguage('en');
      const chosen = await page.getByText('Sound', { exact: true }).evaluate((label, note) => {
        const row = label.closest('#permissionItem') as HTMLElement;
        const select = row.querySelector('select')!;
        select.value = 'allow';
        select.dispatchEvent(new Event('change', { bubbles: true }));
        row.scrollIntoView({ block: 'center' });
        Object.assign(row.style, { outline: '4px solid #e53935', outlineOffset: '4px', borderRadius: '6px' });
        const box = document.createElement('div');
        box.textContent = note;
        Object.assign(box.style, { position: 'fixed', left: '300px', right: '40px', bottom: '24px', padding: '14px 18px', background: '#fff3cd', border: '3px solid #e53935', borderRadius: '8px', font: '20px sans-serif', zIndex: '9999' });
        document.body.append(box);
        return select.options[select.selectedIndex]!.text;
      }, help);
      expect(chosen).toBe('Allow');
      await shoot(page, `sound-setting-chrome${locale === 'en' ? '' : `-${locale}`}.png`);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
}

for (const locale of ['en', 'zh-CN']) {
  test(`docs: pickup and delivery details on the card, on a 390×844 phone, ${locale}`, async ({ page, hub }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.addInitScript(() => localStorage.setItem('orderbell.renameInvited', '1'));
    await openWebView(page, hub, locale === 'en' ? undefined : locale);
    await page.mouse.click(5, 5); // the tap that allows sound
    const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000 + 20_000).toISOString();
    await hub.post({
      id: '2051', channel: 'website', total: 87, currency: 'CNY', dueAt: soon(25),
      customer: { name: 'Li Lei', phone: '+86 138 0013 8000', address: '3F, 12 Nanjing Road, Jing\'an' },
      items: [{ name: 'Beef noodles', qty: 2, price: 29 }, { name: 'Dumplings (12)', qty: 1, price: 29 }],
    });
    await hub.post({ id: '2052', channel: 'meituan', total: 42, currency: 'CNY', dueAt: soon(-4), customer: { name: 'Wang Fang', phone: '139 0000 0000' }, items: [{ name: 'Fried rice with egg', qty: 1, price: 42 }] });
    await expect(page.locator('.card .due')).toHaveCount(2);
    await shoot(page, `pickup-card${locale === 'en' ? '' : `-${locale}`}.png`);
  });
}

for (const locale of ['en', 'zh-CN']) {
  test(`docs: the short rename invitation, and an order's detail in the web view, ${locale}`, async ({ page, hub }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openWebView(page, hub, locale === 'en' ? undefined : locale);
    await page.mouse.click(5, 5); // the tap that allows sound
    for (const order of NOW.slice(0, 2)) await hub.post(order);
    await expect(page.locator('.banner.rename')).toBeVisible();
    const suffix = locale === 'en' ? '' : `-${locale}`;
    await shoot(page, `rename-invite${suffix}.png`);
    await page.locator('.card[data-id="1044"]').locator('.heading').click();
    await expect(page.locator('dialog.order-dialog h2')).toBeFocused();
    await shoot(page, `detail-web${suffix}.png`);
  });
}
