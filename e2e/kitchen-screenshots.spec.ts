/**
 * docs/screenshots of the kitchen display: a station screen at lunchtime on a 1280×800 tablet
 * and a 1920×1080 TV, in English and Chinese, and expo on the TV. Orders of different ages
 * come from the hub run under faketime, so tiles show both age thresholds. Written to
 * test-results; with UPDATE_SCREENSHOTS=1 also to docs/screenshots/.
 */
import type { Page } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';
import { expect, postEarlier, test, TOKEN, type HubProcess } from './fixtures';

test.beforeEach(() => test.setTimeout(120_000));
test.use({ hubArgs: ['--station', 'bar: category in [drinks, 饮品]', '--station', 'grill: name ~ 烤|BBQ|grill', '--station', 'kitchen: default'] });

const EARLIER: [string, Record<string, unknown>][] = [
  ['-11m', { id: '1041', table: '6', items: [{ name: 'Kung Pao chicken', qty: 1, note: 'No peanuts: allergy' }, { name: 'Mapo tofu', qty: 1 }, { name: 'Steamed rice', qty: 3 }, { name: 'Tsingtao beer', qty: 2, category: 'drinks' }] }],
  ['-6m', { id: '1042', customer: { name: 'Li Lei', phone: '138 0013 8000' }, items: [{ name: 'Beef noodles', qty: 2 }, { name: '烤羊肉串', qty: 10 }] }],
];
const NOW: Record<string, unknown>[] = [
  { id: '1043', table: '3', items: [{ name: 'Dumplings (12)', qty: 1 }, { name: 'Hot and sour soup', qty: 1 }, { name: 'Iced tea', qty: 2, category: 'drinks', note: 'less sugar' }] },
  { id: '1044', customer: { name: 'Wang Fang', address: '12 Nanjing Road' }, items: [{ name: 'Fried rice with egg', qty: 1, note: 'extra spicy' }, { name: 'Plum juice', qty: 1, category: '饮品' }] },
  { id: '1045', table: '9', items: [{ name: 'Wonton soup', qty: 1 }, { name: 'Grilled fish', qty: 1 }] },
  { id: '1046', table: '1', note: 'Birthday: bring the pudding with a candle', items: [{ name: 'Peking duck (half)', qty: 1 }, { name: 'Pancakes', qty: 2 }, { name: 'Cucumber salad', qty: 1 }, { name: 'Mango pudding', qty: 2 }] },
  { id: '1047', table: '12', items: [{ name: '宫保鸡丁', qty: 1 }, { name: '米饭', qty: 2 }, { name: '酸梅汤', qty: 2, category: '饮品' }] },
];

async function lunchtime(hub: HubProcess): Promise<void> {
  await postEarlier(hub, EARLIER);
  for (const order of NOW) await hub.post(order);
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = `test-results/screenshots/${name}`;
  await page.screenshot({ path });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir('docs/screenshots', { recursive: true });
    await copyFile(path, `docs/screenshots/${name}`);
  }
}

async function open(page: Page, hub: HubProcess, station: string, locale: string): Promise<void> {
  if (locale !== 'en') await page.addInitScript((language) => localStorage.setItem('orderbell.settings', JSON.stringify({ language })), locale);
  await page.goto(`${hub.url}/#token=${TOKEN}&station=${station}`);
  await expect(page.locator('.station-notice')).toBeEmpty();
}

for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
  for (const locale of ['en', 'zh-CN']) {
    test(`docs: the kitchen station screen at ${width}×${height}, ${locale}`, async ({ page, hub }) => {
      await page.setViewportSize({ width, height });
      await lunchtime(hub);
      await open(page, hub, 'kitchen', locale);
      await expect(page.locator('.station-tile')).toHaveCount(7);
      await expect(page.locator('.station-tile[data-id="1041"]')).toHaveClass(/late/);
      await expect(page.locator('.station-tile[data-id="1042"]')).toHaveClass(/warn/);
      await page.locator('.station-tile[data-id="1043"] .station-item button').first().click();
      await expect(page.locator('.station-tile[data-id="1043"] .station-item.bumped')).toHaveCount(1);
      await page.keyboard.press('3');
      await shoot(page, `kitchen-station-${width}x${height}${locale === 'en' ? '' : `-${locale}`}.png`);
    });
  }
}

test('docs: expo on a 1920×1080 TV', async ({ page, hub }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await lunchtime(hub);
  await open(page, hub, 'expo', 'en');
  await expect(page.locator('.station-tile')).toHaveCount(7);
  await page.locator('.station-tile[data-id="1041"] .station-part[data-station="bar"] .station-item button').click();
  await expect(page.locator('.station-tile[data-id="1041"] .station-part[data-station="bar"]')).toHaveClass(/done/);
  await shoot(page, 'kitchen-expo-1920x1080.png');
});
