/** A real `orderbell hub` process per test, on an ephemeral port with a temp data dir. */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TOKEN = 'e2e-token-0123456789';
const CLI = join(import.meta.dirname, '..', 'dist', 'cli.js');

export interface HubProcess {
  url: string;
  port: number;
  dataDir: string;
  post(order: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
  /** Starts the hub again on its port and data directory; with a token, as if its owner changed it. */
  restart(token?: string): Promise<void>;
}

/** libfaketime, preloaded into the hub itself (the faketime wrapper would stand between the test and the hub's process). */
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

/** `clock`: the hub's wall clock runs this far off (e.g. '-12m'), so the orders it receives are that old. */
export async function spawnHub(dataDir: string, port = 0, token = TOKEN, extra: string[] = [], clock?: string): Promise<{ child: ChildProcess; url: string; port: number; token: string }> {
  const env = clock ? { ...process.env, LD_PRELOAD: LIBFAKETIME, FAKETIME: clock, DONT_FAKE_MONOTONIC: '1' } : process.env;
  const child = spawn(process.execPath, [CLI, 'hub', '--port', String(port), '--data', dataDir, '--token', token, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // A hub on every address (--host 0.0.0.0) is opened at 127.0.0.1 like one on loopback.
      const match = /listening on http:\/\/(?:127\.0\.0\.1|0\.0\.0\.0):(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
  return { child, url, port: Number(new URL(url).port), token };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

export const test = base.extend<{ hub: HubProcess; hubArgs: string[] }>({
  /** More `orderbell hub` flags for a test, e.g. test.use({ hubArgs: ['--rate-limit', '1000'] }). */
  hubArgs: [[], { option: true }],
  hub: async ({ hubArgs }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'orderbell-e2e-'));
    let running = await spawnHub(dataDir, 0, TOKEN, hubArgs);
    const hub: HubProcess = {
      get url() {
        return running.url;
      },
      get port() {
        return running.port;
      },
      dataDir,
      async post(order) {
        const response = await fetch(`${running.url}/api/orders`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${running.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(order),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      },
      stop: () => stopChild(running.child),
      async restart(token) {
        running = await spawnHub(dataDir, running.port, token, hubArgs);
      },
    };
    await use(hub);
    await stopChild(running.child);
    await rm(dataDir, { recursive: true, force: true });
  },
});

/**
 * Stores each order as received `clock` ago ('-12m'): posted to this hub's data directory by the
 * hub run under faketime at that clock. The hub is stopped meanwhile and started again after.
 */
export async function postEarlier(hub: HubProcess, orders: readonly (readonly [string, Record<string, unknown>])[]): Promise<void> {
  await hub.stop();
  for (const [clock, order] of orders) {
    const earlier = await spawnHub(hub.dataDir, hub.port, undefined, [], clock);
    await fetch(`${earlier.url}/api/orders`, { method: 'POST', headers: { Authorization: `Bearer ${earlier.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(order) });
    await stopChild(earlier.child);
  }
  await hub.restart();
}

/** Counts every play() of the page's audio elements, by sound, in window.__plays. */
export async function countPlays(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const plays: Record<string, number> = {};
    (window as unknown as { __plays: Record<string, number> }).__plays = plays;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      const sound = this.dataset.sound ?? 'unknown';
      plays[sound] = (plays[sound] ?? 0) + 1;
      return play.call(this);
    };
  });
}

export async function plays(page: Page, sound: string): Promise<number> {
  return page.evaluate((name) => (window as unknown as { __plays: Record<string, number> }).__plays[name] ?? 0, sound);
}

/**
 * What the page does, reported as console messages, which the test reads without calling into
 * the page: Playwright's evaluate and locators run there as a user gesture, and a gesture is
 * exactly what lets a browser play sound. Reports: the sound banner shown or gone, the text of
 * the banner for a ring the browser refused, the screen's first flash, the connection's state, and each play() as played or refused (with whether the page had ever
 * been activated by a user).
 */
export async function reportUntouched(page: Page): Promise<string[]> {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (message.text().startsWith('[e2e] ')) reports.push(message.text().slice(6));
  });
  await page.addInitScript(() => {
    const report = (text: string) => console.info(`[e2e] ${text}`);
    let banner = false;
    let missed = '';
    let flashed = false;
    let connection = '';
    new MutationObserver(() => {
      const shown = document.querySelector('.banner.audio') !== null;
      if (shown !== banner) report(`audio banner ${(banner = shown) ? 'shown' : 'gone'}`);
      const missedText = [...(document.querySelector('.banner.audio.missed')?.querySelectorAll('strong, li') ?? [])].map((part) => part.textContent).join(' | ');
      if (missedText && missedText !== missed) report(`missed ring banner: ${(missed = missedText)}`);
      if (!flashed && document.body?.classList.contains('flash')) {
        flashed = true;
        report('screen flashed');
      }
      const state = document.body?.dataset.connection ?? '';
      if (state !== connection) report(`connection ${(connection = state)}`);
    }).observe(document, { childList: true, subtree: true, attributes: true });
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      const sound = this.dataset.sound;
      const result = play.call(this);
      result.then(
        () => report(`played ${sound}`),
        (error: DOMException) => report(`refused ${sound}: ${error.name}${navigator.userActivation.hasBeenActive ? ' after a gesture' : ''}`),
      );
      return result;
    };
  });
  return reports;
}

/** Opens the web view with the token already given, as "#token=…" in a shared link does. */
export async function openWebView(page: Page, hub: HubProcess, locale?: string): Promise<void> {
  if (locale) await page.addInitScript((language) => localStorage.setItem('orderbell.settings', JSON.stringify({ language })), locale);
  await page.goto(`${hub.url}/#token=${TOKEN}`);
  await expect(page.locator('.status-bar .connection')).toHaveAttribute('data-state', 'online');
}

export { expect };
