/**
 * The Reports tab in Chromium: the real built page against a real hub whose journal holds
 * known orders (the web view, through GET /api/reports), and the desktop's page through the
 * preload contract; English and Chinese; and the pictures in docs/screenshots.
 */
import type { Page } from '@playwright/test';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { computeReport } from '../main/core/reports/figures';
import { reportOrderOf } from '../main/core/reports/report-order';
import { DEFAULT_SETTINGS } from '../main/core/settings/settings';
import { busyMonth, SHANGHAI_DAY, writeJournalLines, writeReportJournal, type JournalEntry } from '../test/report-journal';
import { installDesktopStandIn, patchDesktopStandIn, QUIET_HUB } from './desktop-stand-in';
import { FakePrinterServer } from '../test/fake-printer-server';
import { expect, openWebView, test, type HubProcess } from './fixtures';

const OUT = 'test-results/screenshots';
test.use({ hubArgs: ['--keep-days', '3650', '--time-zone', 'Asia/Shanghai'] });

/** The hub, stopped, given a journal of `entries`, and started again on it. */
async function hubWith(hub: HubProcess, write: (path: string) => Promise<void>): Promise<void> {
  await hub.stop();
  await write(join(hub.dataDir, 'hub-journal.log'));
  await hub.restart();
}

async function showReport(page: Page, from: string, to: string): Promise<void> {
  await page.locator('nav.tabs [data-tab="reports"]').click();
  await page.locator('.report-range input[name="from"]').fill(from);
  await page.locator('.report-range input[name="to"]').fill(to);
  await page.locator('.report-range button[type="submit"]').click();
  // Three reports over a busy month on a loaded machine: bounded, not tight (speed is measured in npm run bench).
  await expect(page.locator('.report-results')).toHaveAttribute('data-drawn', `${from}/${to}`, { timeout: 30_000 });
}

const figure = (page: Page, name: string) => page.locator(`.report-tile[data-figure="${name}"] strong`);

/** Every chart has drawn on its canvas: some pixel is not transparent. */
async function chartsDrawn(page: Page): Promise<number> {
  return page.locator('.report-chart canvas').evaluateAll((canvases) =>
    canvases.filter((canvas) => {
      const { width, height } = canvas as HTMLCanvasElement;
      const pixels = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, width, height).data;
      return width > 0 && height > 0 && pixels.some((value, index) => index % 4 === 3 && value > 0);
    }).length,
  );
}

test('web view: the hand-checked day, in English', async ({ page, hub }) => {
  await hubWith(hub, (path) => writeReportJournal(path, SHANGHAI_DAY));
  await openWebView(page, hub);
  await showReport(page, '2026-12-01', '2026-12-01');
  await expect(figure(page, 'orders')).toHaveText('6');
  await expect(figure(page, 'sales')).toHaveText('23.00 CNY + 5 USD');
  await expect(figure(page, 'answer-median')).toHaveText('45 s');
  await expect(figure(page, 'answer-p90')).toHaveText('90 min 0 s');
  await expect(figure(page, 'late')).toHaveText('3');
  await expect(figure(page, 'open')).toHaveText('2');
  await expect(page.locator('.report-tile[data-figure="late"] .label')).toHaveText('Not answered within 60 s');
  await expect(page.locator('.report-chart figcaption')).toHaveText([
    'Orders per hour, and the typical time to answer',
    'Busy hours by day of the week',
    'How fast orders were answered',
    'Sales per channel (CNY)',
  ]);
  expect(await chartsDrawn(page)).toBe(4);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.report-range button', { hasText: 'Figures as CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('orderbell-2026-12-01-2026-12-01.csv');
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.split('\r\n').slice(0, 2)).toEqual([
    '\uFEFFday,orders,currency,total,median answer s,p90 answer s,median make s,p90 make s,not answered in time,rejected,open at closing',
    '2026-12-01,6,CNY,23.00,45.0,5400.0,,,3,0,2',
  ]);

  // On paper: the report alone, without the screen's header, tabs and status bar.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.topbar')).toBeHidden();
  await expect(page.locator('footer.status-bar')).toBeHidden();
  await expect(page.locator('.report-chart')).toHaveCount(4);
});

test('web view: the same day in Chinese, and a bad range says why', async ({ page, hub }) => {
  await hubWith(hub, (path) => writeReportJournal(path, SHANGHAI_DAY));
  await openWebView(page, hub, 'zh-CN');
  await showReport(page, '2026-12-01', '2026-12-02');
  await expect(page.locator('nav.tabs [data-tab="reports"]')).toHaveText('报表');
  await expect(figure(page, 'orders')).toHaveText('7');
  await expect(page.locator('.report-tile[data-figure="orders"] .label')).toHaveText('订单数');
  await expect(page.locator('.report-tile[data-figure="late"] .label')).toHaveText('超过 60 秒未接单');
  await expect(page.locator('.report-chart figcaption').first()).toHaveText('每小时订单数与一般接单用时');
  expect(await chartsDrawn(page)).toBe(4);

  await page.locator('.report-range input[name="from"]').fill('2026-12-05');
  await page.locator('.report-range input[name="to"]').fill('2026-12-01');
  await page.locator('.report-range button[type="submit"]').click();
  await expect(page.locator('.report-results [role="alert"]')).toHaveText('无法加载报表：to (2026-12-01) is before from (2026-12-05)');
});

test('desktop: the page draws what the preload contract answers', async ({ page }) => {
  const orders = SHANGHAI_DAY.map((entry) => reportOrderOf({ order: entry.order, receivedAt: Date.parse(entry.arrived), handled: entry.handled }));
  const reports = Object.fromEntries(
    (['day', 'hour', 'channel'] as const).map((by) => [by, computeReport(orders, { from: '2026-12-01', to: '2026-12-01', by, timeZone: 'Asia/Shanghai', now: Date.parse('2026-12-05T00:00:00Z') })]),
  );
  await installDesktopStandIn(page, { ...QUIET_HUB, settings: { ...DEFAULT_SETTINGS, language: 'en' } });
  await patchDesktopStandIn(page, (answers) => ({ getReport: async (request) => answers[request.by!]! }), reports);
  await page.goto('about:blank');
  await page.goto(new URL('../dist/renderer/index.html', import.meta.url).href);
  await showReport(page, '2026-12-01', '2026-12-01');
  await expect(figure(page, 'orders')).toHaveText('6');
  await expect(figure(page, 'sales')).toHaveText('23.00 CNY + 5 USD');
  expect(await chartsDrawn(page)).toBe(4);
});

test("desktop, in Chinese: Print summary asks for the shown days' summary on the receipt printer and says what came of it", async ({ page }) => {
  await installDesktopStandIn(page, { ...QUIET_HUB, settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } });
  await patchDesktopStandIn(page, () => {
    const asked: unknown[] = [];
    (window as unknown as { asked: unknown[] }).asked = asked;
    return { printSummary: async (request) => (asked.push(request), { ok: false, message: '请先在设置中选择打印机。' }) };
  });
  await page.goto(new URL('../dist/renderer/index.html', import.meta.url).href);
  await page.locator('nav.tabs [data-tab="reports"]').click();
  await page.locator('.report-range input[name="from"]').fill('2026-12-01');
  await page.locator('.report-range input[name="to"]').fill('2026-12-02');
  await page.locator('.report-range button[name="print-summary"]', { hasText: '打印汇总' }).click();
  await expect(page.locator('.reports .print-notice.bad')).toHaveText('请先在设置中选择打印机。');
  expect(await page.evaluate(() => (window as unknown as { asked: unknown[] }).asked)).toEqual([{ from: '2026-12-01', to: '2026-12-02', by: 'day' }]);
  await expect(page.locator('.report-range button[name="print-page"]')).toHaveText('打印成页面');
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${OUT}/${name}` });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir('docs/screenshots', { recursive: true });
    await copyFile(`${OUT}/${name}`, `docs/screenshots/${name}`);
  }
}

/** A busy month in Shanghai: the busy hours at local lunch and dinner. */
const MONTH: JournalEntry[] = busyMonth(9000, Date.parse('2026-11-05T16:00:00Z'), 30);

test.describe('docs', () => {
  // A hub that prints (a fake receipt printer), as the shop's main computer does: the pictures show Print summary beside Print as a page.
  test.use({
    hubArgs: async ({}, use) => {
      const printer = new FakePrinterServer();
      await printer.up();
      await use(['--keep-days', '3650', '--time-zone', 'Asia/Shanghai', '--print', printer.url, '--backlog', 'skip']);
      await printer.down();
    },
  });
  for (const [size, width, height] of [['till', 1024, 600], ['phone', 390, 844]] as const) {
    for (const locale of ['en', 'zh-CN']) {
      test(`docs: the Reports tab on a ${size} (${width}×${height}), ${locale}`, async ({ page, hub }) => {
        test.setTimeout(60_000);
        await page.setViewportSize({ width, height });
        await hubWith(hub, (path) => writeJournalLines(path, MONTH));
        await page.addInitScript(() => localStorage.setItem('orderbell.renameInvited', '1'));
        await openWebView(page, hub, locale === 'en' ? undefined : locale);
        await showReport(page, '2026-11-29', '2026-12-05');
        expect(await chartsDrawn(page)).toBe(4);
        // Readable: no tile or chart wider than the screen.
        const widest = await page.locator('.report-tile, .report-chart').evaluateAll((boxes) => Math.max(...boxes.map((box) => box.getBoundingClientRect().right)));
        expect(widest).toBeLessThanOrEqual(width);
        await expect(page.locator('.report-range button[name="print-summary"]')).toBeVisible();
        const suffix = `${size}${locale === 'en' ? '' : `-${locale}`}`;
        await shoot(page, `reports-${suffix}.png`);
        await page.locator('.report-charts').evaluate((charts) => charts.scrollIntoView());
        await shoot(page, `reports-charts-${suffix}.png`);
      });
    }
  }
});
