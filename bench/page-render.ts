/**
 * Page render figures for `npm run bench`: the built order screen in Debian's Chromium, served
 * by a real hub, through a rush of 300 orders at 150/s (test/page-rush.ts, as the Playwright
 * suite's timing report measures it). Run three times; the table shows the worst.
 */
import { sized } from './mode';
import { chromium } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { measureRush, rushOrder, type RushFigures } from '../test/page-rush';
import { HubProcess, TOKEN, tempData } from './processes';
import { f, type Row } from './report';

const RUNS = sized(3, 1);

async function oneRush(): Promise<RushFigures> {
  const dataDir = await tempData('page');
  const hub = await HubProcess.start(dataDir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${hub.url}/#token=${TOKEN}`);
    await page.waitForSelector('.status-bar .connection[data-state="online"]');
    return await measureRush(page, (order) => hub.post(order), rushOrder, 300, 150);
  } finally {
    await browser.close();
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Rows for the bench's table, and the raw runs for bench-results.json. */
export async function pageRender(results: Record<string, unknown>): Promise<Row[]> {
  console.error(`page render: 300 orders at 150/s, ${RUNS} runs…`);
  const runs: RushFigures[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneRush());
  results.pageRender = runs;
  const worst = (key: keyof RushFigures) => Math.max(...runs.map((run) => run[key]));
  const row = (metric: string, value: number, target: string, limit: number): Row => ({ metric, value: f(value, 0), baseline: '', ratio: '', target, met: value < limit ? 'yes' : 'NO' });
  return [
    row('page: 300-order rush, last card after last post (ms)', worst('lastCardAfterLastPostMs'), '< 500 ms', 500),
    row('page: rush, slowest key press to paint (ms)', worst('slowestInputMs'), '< 100 ms', 100),
    { ...row('page: rush, longest task (ms)', worst('longestTaskMs'), '', Infinity), met: '' },
    { ...row('page: rush, longest timer stall (ms)', worst('maxTimerLagMs'), '', Infinity), met: '' },
  ];
}
