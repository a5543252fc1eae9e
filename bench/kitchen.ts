/**
 * Kitchen display figures for `npm run bench` (`BENCH_ONLY=kitchen`): a real hub with 4
 * stations and the built station screens in Debian's Chromium, one per station and expo.
 * A rush of 300 orders of 5 items, each with items for every station, posted 8 at a time:
 * the time from the last POST's answer until every station screen shows all 300 tiles. Then
 * 100 item bumps tapped on the kitchen's screen: the time from the tap until expo shows the
 * item bumped (p50, p99). Both clocks are the machine's one wall clock (Date.now in each page).
 */
import { chromium, type Page } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { HubProcess, TOKEN, tempData } from './processes';
import { f, percentiles, type Row } from './report';
import { REPS, sized } from './mode';

const RUNS = REPS;
const ORDERS = sized(300, 100);
const BUMPS = sized(100, 30);
const STATIONS = ['bar: category in [drinks]', 'grill: name ~ grill', 'cold: category in [cold]', 'kitchen: default'];
const SCREENS = ['bar', 'grill', 'cold', 'kitchen'];

function rushOrder(i: number): Record<string, unknown> {
  return {
    id: `rush-${i}`,
    table: String((i % 40) + 1),
    items: [{ name: 'Cola', category: 'drinks' }, { name: 'Mixed grill', qty: 2 }, { name: 'Cucumber salad', category: 'cold' }, { name: 'Fried rice' }, { name: 'Dumplings', note: 'no coriander' }],
  };
}

interface KitchenFigures {
  allShownAfterLastPostMs: number;
  bumpToExpo: { p50: number; p99: number; max: number };
}

async function openScreen(browser: Awaited<ReturnType<typeof chromium.launch>>, url: string, station: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await page.goto(`${url}/#token=${TOKEN}&station=${station}`);
  await page.waitForFunction(() => document.querySelector('.station-bar h1')?.textContent !== '' && document.querySelector('.station-notice')?.textContent === '');
  // When the screen first shows every order's tile, and when expo first shows each item bumped.
  await page.evaluate((orders) => {
    const marks = { allAt: 0, bumpedAt: {} as Record<string, number> };
    (window as unknown as { __kitchen: typeof marks }).__kitchen = marks;
    new MutationObserver(() => {
      if (!marks.allAt && document.querySelectorAll('.station-tile').length >= orders) marks.allAt = Date.now();
      for (const item of document.querySelectorAll<HTMLElement>('.station-item.bumped')) {
        const key = `${item.closest<HTMLElement>('.station-tile')!.dataset.id}/${item.closest<HTMLElement>('.station-part')!.dataset.station}/${item.dataset.index}`;
        marks.bumpedAt[key] ??= Date.now();
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  }, ORDERS);
  return page;
}

async function oneRun(): Promise<KitchenFigures> {
  const dataDir = await tempData('kitchen');
  const hub = await HubProcess.start(dataDir, STATIONS.flatMap((station) => ['--station', station]));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const screens = await Promise.all(SCREENS.map((station) => openScreen(browser, hub.url, station)));
    const expo = await openScreen(browser, hub.url, 'expo');
    let next = 0;
    let lastPostAt = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < ORDERS) {
        await hub.post(rushOrder(next++));
        lastPostAt = Date.now();
      }
    }));
    const allAt = await Promise.all(screens.map(async (page) => {
      const handle = await page.waitForFunction(() => (window as unknown as { __kitchen: { allAt: number } }).__kitchen.allAt || undefined, undefined, { timeout: 60_000 });
      return (await handle.jsonValue()) as number;
    }));
    const kitchen = screens[SCREENS.indexOf('kitchen')]!;
    const latencies: number[] = [];
    for (let i = 0; i < BUMPS; i++) {
      const key = `rush-${i}/kitchen/3`;
      const tappedAt = await kitchen.evaluate((id) => {
        const at = Date.now();
        document.querySelector<HTMLElement>(`.station-tile[data-id="${id}"] .station-item[data-index="3"] button`)!.click();
        return at;
      }, `rush-${i}`);
      const handle = await expo.waitForFunction((k) => (window as unknown as { __kitchen: { bumpedAt: Record<string, number> } }).__kitchen.bumpedAt[k], key, { timeout: 10_000 });
      latencies.push(((await handle.jsonValue()) as number) - tappedAt);
    }
    return { allShownAfterLastPostMs: Math.max(...allAt) - lastPostAt, bumpToExpo: percentiles(latencies) };
  } finally {
    await browser.close();
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function kitchenRows(results: Record<string, unknown>): Promise<Row[]> {
  console.error(`kitchen display: ${ORDERS} orders of 5 items over 4 stations, then ${BUMPS} bumps, ${RUNS} runs…`);
  const runs: KitchenFigures[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneRun());
  results.kitchen = runs;
  const worstShown = Math.max(...runs.map((run) => run.allShownAfterLastPostMs));
  const worstP99 = Math.max(...runs.map((run) => run.bumpToExpo.p99));
  return [
    { metric: 'kitchen: 300×5 items on 4 station screens, last shown after last post (ms)', value: f(worstShown, 0), baseline: '', ratio: '', target: '≤ 500 ms', met: worstShown <= 500 ? 'yes' : 'NO' },
    { metric: 'kitchen: bump on a station to expo p50 (ms)', value: f(Math.max(...runs.map((run) => run.bumpToExpo.p50)), 0), baseline: '', ratio: '', target: '', met: '' },
    { metric: 'kitchen: bump on a station to expo p99 (ms)', value: f(worstP99, 0), baseline: '', ratio: '', target: '< 100 ms on a LAN', met: worstP99 < 100 ? 'yes' : 'NO' },
  ];
}
