/**
 * Kitchen display figures for `npm run bench` (`BENCH_ONLY=kitchen`): a real hub with 4
 * stations and the built station screens in Debian's Chromium, one per station and expo.
 * A rush of 300 orders of 5 items, each with items for every station, posted 8 at a time:
 * the time from the last POST's answer until every station screen shows all 300 tiles. Then
 * 100 item bumps tapped on the kitchen's screen: the time from the tap until expo shows the
 * item bumped (p50, p99), split at the moment the bump's frame reached expo's page, and what
 * the five pages and the hub spent on the main thread (kitchen-probes.ts). Every clock is the
 * machine's one wall clock (Date.now in each page).
 */
import { chromium, type Page } from '@playwright/test';
import { readFile, rm } from 'node:fs/promises';
import { HubProcess, TOKEN, tempData } from './processes';
import { f, percentiles, type Percentiles, type Row } from './report';
import { REPS, sized } from './mode';
import { chromiumCpuSeconds, PageMeter, spent, watchPage, type PageCpu } from './kitchen-probes';

const RUNS = REPS;
const ORDERS = sized(300, 100);
const BUMPS = sized(100, 30);
const STATIONS = ['bar: category in [drinks]', 'grill: name ~ grill', 'cold: category in [cold]', 'kitchen: default'];
const SCREENS = ['bar', 'grill', 'cold', 'kitchen'];
/** The item tapped on the kitchen's screen: the fourth of each order, "Fried rice". */
const TAPPED = { station: 'kitchen', index: 3 };

function rushOrder(i: number): Record<string, unknown> {
  return {
    id: `rush-${i}`,
    table: String((i % 40) + 1),
    items: [{ name: 'Cola', category: 'drinks' }, { name: 'Mixed grill', qty: 2 }, { name: 'Cucumber salad', category: 'cold' }, { name: 'Fried rice' }, { name: 'Dumplings', note: 'no coriander' }],
  };
}

interface KitchenFigures {
  load: string;
  /** From the first POST until the last one's answer. */
  rushMs: number;
  allShownAfterLastPostMs: number;
  bumpToExpo: Percentiles;
  /** From the tap until the bump's frame came off expo's WebSocket: the bump through the browser, the hub and its journal. */
  bumpToExpoFrame: Percentiles;
  /** From that frame until expo showed the item: expo's page alone. */
  expoFrameToShown: Percentiles;
  /** The five pages' main threads, summed (ms), during the rush and per bump. */
  pagesRush: PageCpu;
  pagesPerBump: PageCpu;
  /** CPU (ms) of the hub and of all of Chromium (its browser, network and page processes): the whole rush, and per bump. */
  hubRushMs: number;
  hubPerBumpMs: number;
  chromiumRushMs: number;
  chromiumPerBumpMs: number;
}

async function openScreen(browser: Awaited<ReturnType<typeof chromium.launch>>, url: string, station: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await watchPage(page, ORDERS, TAPPED);
  await page.goto(`${url}/#token=${TOKEN}&station=${station}`);
  await page.waitForFunction(() => document.querySelector('.station-bar h1')?.textContent !== '' && document.querySelector('.station-notice')?.textContent === '');
  return page;
}

/** When the page first showed `key` (see kitchen-probes.ts), waiting for it up to `timeoutMs`. */
async function shownOn(page: Page, key: string, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${page.url()} did not show ${key} within ${timeoutMs / 1000} s`)), timeoutMs)));
  try {
    return await Promise.race([page.evaluate((key) => window.__kitchenShown(key), key), late]);
  } finally {
    clearTimeout(timer);
  }
}

const loadAverage = async (): Promise<string> => (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');

async function oneRun(): Promise<KitchenFigures> {
  const load = await loadAverage();
  const dataDir = await tempData('kitchen');
  const hub = await HubProcess.start(dataDir, STATIONS.flatMap((station) => ['--station', station]));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const screens = await Promise.all(SCREENS.map((station) => openScreen(browser, hub.url, station)));
    const expo = await openScreen(browser, hub.url, 'expo');
    const meters = await Promise.all([...screens, expo].map((page) => PageMeter.of(page)));
    const readPages = (): Promise<PageCpu[]> => Promise.all(meters.map((meter) => meter.read()));
    const [pagesBefore, hubBefore, chromiumBefore] = [await readPages(), await hub.cpuSeconds(), await chromiumCpuSeconds()];
    let next = 0;
    let lastPostAt = 0;
    const firstPostAt = Date.now();
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < ORDERS) {
        await hub.post(rushOrder(next++));
        lastPostAt = Date.now();
      }
    }));
    const allAt = await Promise.all(screens.map((page) => shownOn(page, 'all', 60_000)));
    const [pagesRushed, hubRushed, chromiumRushed] = [await readPages(), await hub.cpuSeconds(), await chromiumCpuSeconds()];
    const kitchen = screens[SCREENS.indexOf(TAPPED.station)]!;
    const taps: { id: string; at: number }[] = [];
    for (let i = 0; i < BUMPS; i++) {
      const id = `rush-${i}`;
      const at = await kitchen.evaluate(({ id, index }) => {
        const at = Date.now();
        document.querySelector<HTMLElement>(`.station-tile[data-id="${id}"] .station-item[data-index="${index}"] button`)!.click();
        return at;
      }, { id, index: TAPPED.index });
      taps.push({ id, at });
      await shownOn(expo, `${id}/${TAPPED.station}/${TAPPED.index}`, 10_000);
    }
    const [pagesBumped, hubBumped, chromiumBumped] = [await readPages(), await hub.cpuSeconds(), await chromiumCpuSeconds()];
    const marks = await expo.evaluate(() => window.__kitchen);
    const shownAt = (id: string): number => marks.bumpedAt[`${id}/${TAPPED.station}/${TAPPED.index}`]!;
    const perBump = spent(pagesRushed, pagesBumped);
    for (const key of Object.keys(perBump) as (keyof PageCpu)[]) perBump[key] /= BUMPS;
    return {
      load,
      rushMs: lastPostAt - firstPostAt,
      allShownAfterLastPostMs: Math.max(...allAt) - lastPostAt,
      bumpToExpo: percentiles(taps.map((tap) => shownAt(tap.id) - tap.at)),
      bumpToExpoFrame: percentiles(taps.map((tap) => marks.frameAt[tap.id]! - tap.at)),
      expoFrameToShown: percentiles(taps.map((tap) => shownAt(tap.id) - marks.frameAt[tap.id]!)),
      pagesRush: spent(pagesBefore, pagesRushed),
      pagesPerBump: perBump,
      hubRushMs: (hubRushed - hubBefore) * 1000,
      hubPerBumpMs: ((hubBumped - hubRushed) * 1000) / BUMPS,
      chromiumRushMs: (chromiumRushed - chromiumBefore) * 1000,
      chromiumPerBumpMs: ((chromiumBumped - chromiumRushed) * 1000) / BUMPS,
    };
  } finally {
    await browser.close();
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const cpuText = (cpu: PageCpu): string =>
  `task ${f(cpu.task, 1)}, script ${f(cpu.script, 1)}, style ${f(cpu.style, 1)} (${f(cpu.styleCount, 1)}×), layout ${f(cpu.layout, 1)} (${f(cpu.layoutCount, 1)}×)`;
const worstOf = (runs: KitchenFigures[], figure: (run: KitchenFigures) => number): string => f(Math.max(...runs.map(figure)), 0);

export async function kitchenRows(results: Record<string, unknown>): Promise<Row[]> {
  console.error(`kitchen display: ${ORDERS} orders of 5 items over 4 stations, then ${BUMPS} bumps, ${RUNS} runs…`);
  const runs: KitchenFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await oneRun();
    console.error(
      `  run ${i + 1} (load ${run.load}): rush posted in ${f(run.rushMs, 0)} ms, last shown +${f(run.allShownAfterLastPostMs, 0)} ms; bump → expo p50/p99 ${f(run.bumpToExpo.p50, 0)}/${f(run.bumpToExpo.p99, 0)} ms` +
        ` (→ expo's frame ${f(run.bumpToExpoFrame.p50, 0)}/${f(run.bumpToExpoFrame.p99, 0)}, frame → shown ${f(run.expoFrameToShown.p50, 0)}/${f(run.expoFrameToShown.p99, 0)});` +
        ` pages' main threads, rush: ${cpuText(run.pagesRush)}; per bump: ${cpuText(run.pagesPerBump)}; CPU, hub / Chromium: rush ${f(run.hubRushMs, 0)} / ${f(run.chromiumRushMs, 0)} ms, per bump ${f(run.hubPerBumpMs, 1)} / ${f(run.chromiumPerBumpMs, 1)} ms`,
    );
    runs.push(run);
  }
  results.kitchen = runs;
  const worstShown = Math.max(...runs.map((run) => run.allShownAfterLastPostMs));
  const worstP99 = Math.max(...runs.map((run) => run.bumpToExpo.p99));
  const row = (metric: string, value: string, target = '', met = ''): Row => ({ metric, value, baseline: '', ratio: '', target, met });
  return [
    row(`kitchen: ${ORDERS}×5 items on 4 station screens, last shown after last post (ms)`, f(worstShown, 0), '≤ 500 ms', worstShown <= 500 ? 'yes' : 'NO'),
    row('kitchen: bump on a station to expo p50 (ms)', worstOf(runs, (run) => run.bumpToExpo.p50)),
    row('kitchen: bump on a station to expo p99 (ms)', f(worstP99, 0), '< 100 ms on a LAN', worstP99 < 100 ? 'yes' : 'NO'),
    row("kitchen: bump to expo's WebSocket p99; its frame to shown p99 (ms)", `${worstOf(runs, (run) => run.bumpToExpoFrame.p99)}; ${worstOf(runs, (run) => run.expoFrameToShown.p99)}`),
    row('kitchen: CPU of Chromium (5 pages), whole rush; per bump (ms)', `${worstOf(runs, (run) => run.chromiumRushMs)}; ${f(Math.max(...runs.map((run) => run.chromiumPerBumpMs)), 1)}`),
    row('kitchen: CPU of the hub, whole rush; per bump (ms)', `${worstOf(runs, (run) => run.hubRushMs)}; ${f(Math.max(...runs.map((run) => run.hubPerBumpMs)), 1)}`),
  ];
}
