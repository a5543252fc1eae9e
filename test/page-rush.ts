/// <reference lib="dom" />
/**
 * A rush on the order screen, measured in the page itself: orders posted to a real hub at a
 * steady rate, and how long after the last one every card is on screen, how far the page's
 * timers fell behind, its longest task and its slowest response to a key press meanwhile.
 * Shared by the Playwright suite's timing report and `npm run bench`; figures, not assertions.
 */
import type { Page } from '@playwright/test';

export interface RushFigures {
  orders: number;
  perSecond: number;
  /** From the first post to the hub's answer to the last. */
  postingMs: number;
  /** From the hub's answer to the last post until the page has drawn every card. */
  lastCardAfterLastPostMs: number;
  /** The most a 10 ms timer in the page ran late: how long the page could not react at all. */
  maxTimerLagMs: number;
  /** The page's longest task (Long Tasks API; 0 when none reached 50 ms). */
  longestTaskMs: number;
  /** The slowest key press from the key going down to the next paint (Event Timing; 0 when all were under 16 ms). */
  slowestInputMs: number;
}

interface PageProbe {
  ids: Set<string>;
  target: number;
  drawnAt: number;
  maxLag: number;
  longestTask: number;
  slowestInput: number;
}

/** Starts watching the page: call once it shows its orders, before posting. */
async function watch(page: Page, target: number): Promise<void> {
  await page.evaluate((count) => {
    const probe: PageProbe = { ids: new Set(), target: count, drawnAt: 0, maxLag: 0, longestTask: 0, slowestInput: 0 };
    (window as unknown as { __rush: PageProbe }).__rush = probe;
    new MutationObserver((records) => {
      if (probe.drawnAt) return;
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof HTMLElement)) continue;
          // The first cards come inside their list, the list being what is added.
          for (const card of [node, ...node.querySelectorAll<HTMLElement>('.card')]) if (card.classList.contains('card') && card.dataset.id) probe.ids.add(card.dataset.id);
        }
      }
      // On screen once painted: a frame after the last card went in, then past its paint.
      if (probe.ids.size >= probe.target) requestAnimationFrame(() => setTimeout(() => (probe.drawnAt ||= Date.now())));
    }).observe(document.body, { childList: true, subtree: true });
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      probe.maxLag = Math.max(probe.maxLag, now - last - 10);
      last = now;
    }, 10);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longestTask = Math.max(probe.longestTask, entry.duration);
    }).observe({ type: 'longtask' });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'keydown') probe.slowestInput = Math.max(probe.slowestInput, entry.duration);
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  }, target);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Posts `orders` orders (made by `order(i)`) at `perSecond`, pressing a key in the page every
 * 100 ms meanwhile, and returns the figures once every card is drawn (or after 30 s).
 */
export async function measureRush(
  page: Page,
  post: (order: Record<string, unknown>) => Promise<unknown>,
  order: (index: number) => Record<string, unknown>,
  orders = 300,
  perSecond = 150,
): Promise<RushFigures> {
  await watch(page, orders);
  const start = Date.now();
  const posts: Promise<unknown>[] = [];
  let posting = true;
  const typing = (async () => {
    while (posting) {
      await page.keyboard.press('Shift');
      await sleep(100);
    }
  })();
  for (let i = 0; i < orders; i++) {
    const wait = start + (i * 1000) / perSecond - Date.now();
    if (wait > 0) await sleep(wait);
    posts.push(post(order(i)));
  }
  await Promise.all(posts);
  const lastPostAt = Date.now();
  const probe = page.waitForFunction(() => (window as unknown as { __rush: PageProbe }).__rush.drawnAt > 0, undefined, { timeout: 30_000, polling: 50 });
  await probe.catch(() => undefined);
  posting = false;
  await typing;
  const figures = await page.evaluate(() => {
    const { drawnAt, maxLag, longestTask, slowestInput, ids } = (window as unknown as { __rush: PageProbe }).__rush;
    return { drawnAt, maxLag, longestTask, slowestInput, cards: ids.size };
  });
  return {
    orders: figures.cards,
    perSecond,
    postingMs: lastPostAt - start,
    lastCardAfterLastPostMs: figures.drawnAt ? Math.max(0, figures.drawnAt - lastPostAt) : Number.NaN,
    maxTimerLagMs: Math.round(figures.maxLag),
    longestTaskMs: Math.round(figures.longestTask),
    slowestInputMs: Math.round(figures.slowestInput),
  };
}

/** A realistic order for a rush: a table, a few items, a total. */
export function rushOrder(index: number): Record<string, unknown> {
  return {
    id: `rush-${index}`,
    channel: index % 3 === 0 ? 'meituan' : 'website',
    table: String((index % 24) + 1),
    total: 38 + (index % 7) * 6.5,
    currency: 'CNY',
    items: [
      { name: '宫保鸡丁 Kung Pao chicken', qty: 1 },
      { name: '米饭 Rice', qty: 1 + (index % 3) },
      { name: '酸梅汤 Plum juice', qty: 1 },
    ],
    ...(index % 5 === 0 ? { note: 'Less spicy, no peanuts please' } : {}),
  };
}
