/**
 * The desktop window as a station screen, in real Chromium: the built renderer with the
 * desktop's bridge stood in (e2e/desktop-stand-in.ts), its kitchen methods answered by a real
 * desktop Station (core, in this test process) that is a device of a real `orderbell hub` with
 * stations, as a PC beside the main computer is. A web view on the same hub shows expo.
 * The Settings' kitchen and printer parts are written to test-results; with UPDATE_SCREENSHOTS=1
 * also to docs/screenshots/.
 */
import type { Page } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';
import { DEFAULT_SETTINGS, type Settings } from '../main/core/settings/settings';
import { Station } from '../main/core/station';
import { parseStations } from '../main/core/orders/stations';
import type { BumpAction, KitchenView, StatusView } from '../preload/api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installValidatingStandIn, patchDesktopStandIn } from './desktop-stand-in';
import { expect, test, TOKEN, type HubProcess } from './fixtures';

test.beforeEach(() => test.setTimeout(120_000));
test.use({ hubArgs: ['--station', 'bar: category in [drinks, 饮品]', '--station', 'grill: name ~ 烤|BBQ', '--station', 'kitchen: default'] });

declare global {
  interface Window {
    kitchenView(): Promise<KitchenView>;
    kitchenBump(id: string, action: BumpAction): Promise<{ ok: boolean; message: string }>;
    /** The stand-in's onKitchen listeners, told each view the desktop station emits. */
    kitchenHeard?: (view: KitchenView) => void;
  }
}

const LUNCH = { id: 'L-1', table: 4, items: [{ name: 'Cola', category: 'drinks' }, { name: '烤鸡翅', qty: 2 }, { name: 'Beef noodles', note: 'no onion' }] };

const status: StatusView = {
  connection: { state: 'online' },
  source: { kind: 'push-server', url: '', lanAddresses: [], clients: null },
  alert: { ringing: false, level: 'idle', unhandled: 0, mute: { kind: 'none' }, quiet: 'none', printer: false },
};

/** A desktop Station whose source is the hub on another PC (here: the test's hub), as Settings → Source sets it. */
async function deviceOf(hub: HubProcess, language: Settings['language']): Promise<{ station: Station; settings: Settings; stop(): Promise<void> }> {
  const settings: Settings = { ...DEFAULT_SETTINGS, language, source: { kind: 'push-server', url: `ws://127.0.0.1:${hub.port}/ws`, token: TOKEN, mode: 'json', helloText: '' } };
  const dataDir = await mkdtemp(join(tmpdir(), 'orderbell-e2e-desktop-'));
  const station = new Station({ dataDir, settings, device: 'Kitchen PC' });
  await station.start();
  const stop = async () => {
    await station.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  await expect.poll(() => station.status().connection.state).toBe('online');
  return { station, settings, stop };
}

/** The stand-in's kitchen answered by `station`: what it says, and each change it tells. */
async function desktopWindow(page: Page, station: Station, settings: Settings): Promise<void> {
  await page.exposeFunction('kitchenView', () => station.kitchenView());
  await page.exposeFunction('kitchenBump', (id: string, action: BumpAction) => station.bump(id, action));
  station.on('kitchen', (view) => void page.evaluate((heard) => window.kitchenHeard?.(heard), view).catch(() => {}));
  await installValidatingStandIn(page, { settings, status });
  await patchDesktopStandIn(page, () => ({
    getKitchen: () => window.kitchenView(),
    bump: (id: string, action: BumpAction) => window.kitchenBump(id, action),
    onKitchen: (listener: (view: KitchenView) => void) => {
      window.kitchenHeard = listener;
      return () => (window.kitchenHeard = undefined);
    },
  }));
}

const tile = (page: Page, id: string) => page.locator(`.station-tile[data-id="${id}"]`);

test("the desktop window set to the bar in Settings shows only the bar's items, and its bump reaches expo in a web view on the same hub", async ({ page, browser, hub }) => {
  const { station, settings, stop } = await deviceOf(hub, 'en');
  try {
    await desktopWindow(page, station, settings);
    await page.goto(hub.url);
    await page.getByRole('tab', { name: 'Settings' }).click();
    // The stations are the hub's, heard over this PC's link: its own Settings list none.
    await expect(page.getByLabel('This screen shows').locator('option')).toHaveText(['All orders (counter)', 'Expo: every station', 'Station bar', 'Station grill', 'Station kitchen'], { timeout: 15_000 });
    await page.getByLabel('This screen shows').selectOption('bar');
    await expect(page.locator('.station-bar h1')).toHaveText('Station: bar');
    await expect(page.locator('.station-notice')).toBeEmpty();

    const expo = await (await browser.newContext()).newPage();
    await expo.goto(`${hub.url}/#token=${TOKEN}&station=expo`);
    await expect(expo.locator('.station-notice')).toBeEmpty();

    await hub.post(LUNCH);
    // Through the hub, the desktop station's link and this test process: a loaded machine may take seconds.
    await expect.poll(() => tile(page, 'L-1').locator('.station-item .name').allTextContents(), { timeout: 15_000 }).toEqual(['Cola']);
    await expect(tile(expo, 'L-1')).toBeVisible({ timeout: 15_000 });

    await tile(page, 'L-1').locator('.station-item', { hasText: 'Cola' }).locator('button').click();
    // The bump went to the main computer's hub and came back: the bar's part is done here and on expo.
    await expect(tile(page, 'L-1')).toHaveCount(0, { timeout: 15_000 });
    await expect(tile(expo, 'L-1').locator('.station-part[data-station="bar"]')).toHaveClass(/done/, { timeout: 15_000 });
    await expect(tile(expo, 'L-1').locator('.station-part[data-station="kitchen"]')).not.toHaveClass(/done/);

    // Back to the counter's order screen with the station screen's own button.
    await page.getByRole('button', { name: 'All orders (counter)' }).click();
    await expect(page.locator('.station-bar')).toHaveCount(0);
  } finally {
    await stop();
  }
});

for (const language of ['en', 'zh-CN'] as const) {
  test(`docs: the desktop Settings' "this screen shows" and station printers, ${language}`, async ({ page, hub }) => {
    const { station, settings, stop } = await deviceOf(hub, language);
    try {
      const stations = parseStations('bar: category in [drinks, 饮品]\ngrill: name ~ 烤|BBQ\nkitchen: default');
      if (!stations.ok) throw new Error(stations.error);
      const withPrinters: Settings = {
        ...settings,
        stations: stations.value,
        printer: { ...settings.printer, address: 'tcp://192.168.1.50:9100', backup: 'tcp://192.168.1.52:9100', backupAfterS: 30 },
        stationPrinters: [
          { station: 'bar', address: 'tcp://192.168.1.51:9100', backup: 'tcp://192.168.1.52:9100', backupAfterS: 30 },
          { station: 'grill', address: 'system:EPSON_TM_T20', backup: '', backupAfterS: 30 },
        ],
      };
      // Tall enough for the whole form: only the screen's body scrolls, under a header that stays.
      await page.setViewportSize({ width: 1024, height: 4000 });
      await desktopWindow(page, station, withPrinters);
      await page.goto(hub.url);
      await page.getByRole('tab', { name: language === 'en' ? 'Settings' : '设置' }).click();
      const display = page.locator('#setting-display');
      await expect(display.locator('option')).toHaveCount(5);
      await page.locator('fieldset', { has: display }).screenshot({ path: `test-results/screenshots/desktop-display-${language}.png` });
      await copyShot(`desktop-display-${language}.png`);
      const printers = page.locator('fieldset', { has: page.locator('#setting-printer-address') });
      await expect(printers.locator('.station-printer-row')).toHaveCount(2);
      await printers.screenshot({ path: `test-results/screenshots/desktop-station-printers-${language}.png` });
      await copyShot(`desktop-station-printers-${language}.png`);
    } finally {
      await stop();
    }
  });
}

async function copyShot(name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  await mkdir('docs/screenshots', { recursive: true });
  await copyFile(`test-results/screenshots/${name}`, `docs/screenshots/${name}`);
}
