/**
 * What the kitchen bench watches inside each station screen, to say where a bump's or a
 * rush's time goes: when the page's DOM first shows every tile and each item bumped (a
 * MutationObserver: the moment the page changed, not a poll), when each bump's frame came off
 * the page's WebSocket, how much of the page's main thread the screen used (Chromium's own
 * task, script, style and layout times and counts), and the CPU of all of Chromium's processes.
 */
import type { CDPSession, Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';

/** The marks a page keeps, all on the machine's one clock (Date.now). */
export interface PageMarks {
  /** When the page first showed `orders` tiles. */
  allAt: number;
  /** When the page first showed an item bumped, by `order/station/index`. */
  bumpedAt: Record<string, number>;
  /** When a `bumps` frame for the order first came off the WebSocket with its `station`'s item `index` bumped, by order id. */
  frameAt: Record<string, number>;
}

declare global {
  interface Window {
    __kitchen: PageMarks;
    /** Resolves when the page first shows every tile (`all`) or an item bumped (`order/station/index`), to that time: no poll that would cost the page a frame. */
    __kitchenShown: (key: string) => Promise<number>;
  }
}

/** Installs the marks before the page's own scripts run. */
export async function watchPage(page: Page, orders: number, bumped: { station: string; index: number }): Promise<void> {
  await page.addInitScript(
    ({ orders, station, index }) => {
      const marks: PageMarks = { allAt: 0, bumpedAt: {}, frameAt: {} };
      window.__kitchen = marks;
      const waiting = new Map<string, (at: number) => void>();
      const shown = (key: string): number | undefined => (key === 'all' ? marks.allAt || undefined : marks.bumpedAt[key]);
      window.__kitchenShown = (key) => new Promise((resolve) => {
        const at = shown(key);
        if (at === undefined) waiting.set(key, resolve);
        else resolve(at);
      });
      const tell = (key: string, at: number): void => {
        waiting.get(key)?.(at);
        waiting.delete(key);
      };
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener('message', (event) => {
            const text = String(event.data);
            if (!text.startsWith('{"type":"bumps"')) return;
            const message = JSON.parse(text) as { id: string; bumps: Record<string, { items: Record<string, unknown> } | undefined> };
            if (message.bumps[station]?.items[String(index)]) marks.frameAt[message.id] ??= Date.now();
          });
        }
      };
      new MutationObserver(() => {
        if (!marks.allAt && document.querySelectorAll('.station-tile').length >= orders) tell('all', (marks.allAt = Date.now()));
        for (const item of document.querySelectorAll<HTMLElement>('.station-item.bumped')) {
          const key = `${item.closest<HTMLElement>('.station-tile')!.dataset.id}/${item.closest<HTMLElement>('.station-part')!.dataset.station}/${item.dataset.index}`;
          if (marks.bumpedAt[key] === undefined) tell(key, (marks.bumpedAt[key] = Date.now()));
        }
      }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
    },
    { orders, ...bumped },
  );
}

/** Milliseconds of a page's main thread, from Chromium's own counters. */
export interface PageCpu {
  task: number;
  script: number;
  style: number;
  layout: number;
  /** How many times the pages recalculated style and laid out: the same work whatever the load. */
  styleCount: number;
  layoutCount: number;
}

export class PageMeter {
  private constructor(private readonly session: CDPSession) {}

  static async of(page: Page): Promise<PageMeter> {
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    return new PageMeter(session);
  }

  async read(): Promise<PageCpu> {
    const { metrics } = await this.session.send('Performance.getMetrics');
    const value = (name: string): number => metrics.find((metric) => metric.name === name)?.value ?? 0;
    return {
      task: value('TaskDuration') * 1000,
      script: value('ScriptDuration') * 1000,
      style: value('RecalcStyleDuration') * 1000,
      layout: value('LayoutDuration') * 1000,
      styleCount: value('RecalcStyleCount'),
      layoutCount: value('LayoutCount'),
    };
  }
}

/** What the pages spent between two readings, summed over the pages. */
export function spent(before: PageCpu[], after: PageCpu[]): PageCpu {
  const sum: PageCpu = { task: 0, script: 0, style: 0, layout: 0, styleCount: 0, layoutCount: 0 };
  after.forEach((reading, i) => {
    for (const key of Object.keys(sum) as (keyof PageCpu)[]) sum[key] += reading[key] - before[i]![key];
  });
  return sum;
}

/** CPU seconds (user + system) of the Chromium this process launched, with every process under it: browser, GPU, network and pages. */
export async function chromiumCpuSeconds(): Promise<number> {
  const stats: { pid: number; ppid: number; name: string; cpu: number }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      stats.push({ pid: Number(entry), ppid: Number(fields[1]), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cpu: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // The process ended while the list was read.
    }
  }
  const tree = new Set(stats.filter((stat) => stat.ppid === process.pid && stat.name.includes('chrom')).map((stat) => stat.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const stat of stats) if (!tree.has(stat.pid) && tree.has(stat.ppid)) grew = tree.add(stat.pid) !== undefined;
  }
  return stats.filter((stat) => tree.has(stat.pid)).reduce((sum, stat) => sum + stat.cpu, 0);
}
