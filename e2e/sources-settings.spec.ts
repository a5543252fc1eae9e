/**
 * The settings' list of sources on the desktop, in a real browser: the built order screen
 * with a stand-in for the Electron preload's bridge (Electron itself cannot run here). The
 * stand-in reports sources in its status and answers validation the way validateSettings
 * does for the cases used here; what the page saves is recorded.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS } from '../main/core/settings';
import type { OrderBellApi, StatusView } from '../preload/api';

const page_ = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'renderer', 'index.html')).href;

declare global {
  interface Window {
    saved: unknown[];
  }
}

const status: StatusView = {
  connection: { state: 'offline', lastError: 'App: connection refused (is the server running?)' },
  source: { kind: 'hub', url: 'http://127.0.0.1:8083', lanAddresses: [], clients: 2 },
  sources: [
    { label: 'Web shop', kind: 'socketio', state: 'online', recoverable: false },
    { label: 'App', kind: 'mqtt', state: 'offline', lastError: 'connection refused (is the server running?)', recoverable: true },
  ],
  alert: { ringing: false, level: 'idle', unhandled: 0, mute: { kind: 'none' }, quiet: 'none', printer: false },
};

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ({ settings, status }) => {
      window.saved = [];
      const none = () => () => {};
      // validateSettings' answers for the lists this test types: a list, each mqtt entry with a topic.
      const check = (value: { sources?: unknown }) => {
        if (!Array.isArray(value.sources)) return { ok: false, errors: [{ field: 'sources', code: 'type', params: { want: 'list' } }] };
        const missing = value.sources.findIndex((entry: { kind?: string; topic?: string }) => entry.kind === 'mqtt' && !entry.topic);
        return missing >= 0 ? { ok: false, errors: [{ field: `sources[${missing}].topic`, code: 'required' }] } : { ok: true };
      };
      window.orderbell = {
        environment: 'desktop',
        listOrders: async () => [],
        markHandled: async () => {},
        queryHistory: async () => ({ orders: [], total: 0 }),
        getStatus: async () => status,
        getSettings: async () => settings,
        validateSettings: async (value: { sources?: unknown }) => check(value),
        saveSettings: async (value: { sources?: unknown }) => (window.saved.push(value), check(value)),
        testConnection: async () => ({ ok: true, message: '' }),
        sendTestOrder: async () => ({ ok: true, message: '' }),
        mute: async () => {},
        onOrdersChanged: none,
        onStatus: none,
        onAlert: none,
        onOpenOrder: none,
      } as unknown as OrderBellApi;
    },
    { settings: { ...DEFAULT_SETTINGS, language: 'en', sources: [{ kind: 'socketio', label: 'Web shop', url: 'http://127.0.0.1:2120', uid: 'shop-1' }] }, status },
  );
  await page.goto(page_);
});

test('the status bar shows each listed source\'s state, names the one that is down, and warns of one without history', async ({ page }) => {
  const bar = page.locator('#status');
  await expect(bar).toContainText('Web shop: Online');
  await expect(bar).toContainText('App: Offline');
  await expect(bar).toContainText('Web shop keeps no history: orders sent while it is offline cannot be recovered from it');
  await expect(bar.locator('.last-error')).toContainText('App: connection refused');
});

test('the list of sources is edited as JSON: bad JSON and a bad entry are named, a good list is saved', async ({ page }) => {
  await page.getByRole('tab', { name: 'Settings' }).click();
  const box = page.getByLabel('More sources (JSON)');
  await expect(box).toHaveValue(/"label": "Web shop"/);
  const error = page.locator('.field[data-field="sources"] .error');

  await box.fill('[{ "kind": "mqtt", ');
  await expect(error).toHaveText(/^Not valid JSON: /);
  await box.fill('[{ "kind": "mqtt", "label": "App", "url": "mqtt://127.0.0.1:1883" }]');
  await expect(error).toHaveText('sources[0].topic: Required.');
  await page.getByRole('button', { name: 'Save' }).click();
  expect(await page.evaluate(() => window.saved.length)).toBe(0);

  const list = [{ kind: 'mqtt', label: 'App', url: 'mqtt://127.0.0.1:1883', topic: 'shop/1/orders' }];
  await box.fill(JSON.stringify(list));
  await expect(error).toHaveText('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.evaluate(() => window.saved.length)).toBe(1);
  expect(((await page.evaluate(() => window.saved[0])) as { sources: unknown }).sources).toEqual(list);
});
