/**
 * Time to ring in the real web view: the page in Chromium (Debian's, as the browser tests
 * use), from an order's frame reaching the page's WebSocket to the audio element's play()
 * and to its `playing` event, when the audio pipeline reports sound under way; and from the
 * POST to the hub to the order's card on screen, the first order on a page just opened included.
 */
import { sized } from './mode';
import { chromium } from '@playwright/test';
import { HubProcess, TOKEN, sleep, tempData } from './processes';
import { percentiles, type Percentiles } from './report';

const ORDERS = sized(15, 5);
const SPACING_MS = 1300;

interface PageTimes {
  arrivals: Record<string, number>;
  plays: number[];
  playing: number[];
  /** By the wall clock the bench shares with the page, to compare with the POST's. */
  cardsShownAt: Record<string, number>;
}

/** Runs in the page before its own scripts: notes frame arrivals and sound starts on the page's clock. */
function instrument(): void {
  const times: PageTimes = { arrivals: {}, plays: [], playing: [], cardsShownAt: {} };
  (window as unknown as { __times: PageTimes }).__times = times;
  new MutationObserver(() => {
    for (const card of document.querySelectorAll<HTMLElement>('.card[data-id]')) times.cardsShownAt[card.dataset.id!] ??= Date.now();
  }).observe(document, { childList: true, subtree: true });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Added before the page sets onmessage: it sees each frame first.
      this.addEventListener('message', (event) => {
        const text = String(event.data);
        const at = text.indexOf('"id":"');
        if (text.startsWith('{"type":"order"') && at >= 0) times.arrivals[text.slice(at + 6, text.indexOf('"', at + 6))] ??= performance.now();
      });
    }
  };
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (this.dataset.sound === 'new-order') {
      times.plays.push(performance.now());
      this.addEventListener('playing', () => times.playing.push(performance.now()), { once: true });
    }
    return play.call(this);
  };
}

/**
 * The web view in Chromium: frame to the audio element's play(), and to its `playing` event
 * (null if the browser never played); the hub's POST to the card on screen.
 */
export interface ChromiumRing {
  play: Percentiles;
  playing: Percentiles | null;
  postToCard: Percentiles;
}

export async function chromiumRingTimes(): Promise<ChromiumRing> {
  const hub = await HubProcess.start(await tempData('chromium'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.addInitScript(instrument);
    await page.goto(`${hub.url}/#token=${TOKEN}`);
    await page.locator('.status-bar .connection[data-state="online"]').waitFor();
    const play: number[] = [];
    const playing: number[] = [];
    const postToCard: number[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const id = `chromium-${i}`;
      const posted = Date.now();
      await hub.post({ id });
      await page.waitForFunction((n) => (window as unknown as { __times: PageTimes }).__times.plays.length > n, i);
      await page.waitForFunction((cardId) => cardId in (window as unknown as { __times: PageTimes }).__times.cardsShownAt, id);
      await sleep(SPACING_MS);
      const times = await page.evaluate(() => (window as unknown as { __times: PageTimes }).__times);
      play.push(times.plays[i]! - times.arrivals[id]!);
      if (times.playing[i] !== undefined) playing.push(times.playing[i]! - times.arrivals[id]!);
      postToCard.push(times.cardsShownAt[id]! - posted);
    }
    return { play: percentiles(play), playing: playing.length === ORDERS ? percentiles(playing) : null, postToCard: percentiles(postToCard) };
  } finally {
    await browser.close();
    await hub.stop();
  }
}
