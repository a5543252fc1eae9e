/**
 * The settings' list of sources on the desktop, in a real browser: the built order screen
 * with the desktop's bridge stood in (e2e/desktop-stand-in.ts). The stand-in reports sources
 * in its status and validates with the settings' own validation (validateSettings, run in the
 * test process); what the page saves is recorded.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS } from '../main/core/settings/settings';
import type { SourceConfig } from '../main/core/settings/source-config';
import type { StatusView } from '../preload/api';
import { installValidatingStandIn, patchDesktopStandIn } from './desktop-stand-in';

const page_ = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'renderer', 'index.html')).href;

declare global {
  interface Window {
    tested: unknown[];
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

const webShop: SourceConfig = { kind: 'socketio', label: 'Web shop', url: 'http://127.0.0.1:2120', uid: 'shop-1' };

/** The desktop stand-in with these sources listed, validating with the settings' own checks and recording what is saved and tested. */
async function standIn(page: Page, sources: SourceConfig[]): Promise<void> {
  await installValidatingStandIn(page, { settings: { ...DEFAULT_SETTINGS, language: 'en', sources }, status });
  await patchDesktopStandIn(page, () => {
    window.tested = [];
    return {
      testConnection: async (value: unknown) => (window.tested.push(value), { ok: false, message: 'Web shop: cannot connect: connection refused (is the server running?).' }),
    };
  });
}

test.beforeEach(async ({ page }) => {
  await standIn(page, [webShop]);
  await page.goto(page_);
});

test('the status bar shows each listed source\'s state, names the one that is down, and warns of one without history', async ({ page }) => {
  const bar = page.locator('#status');
  await expect(bar).toContainText('Web shop: Online');
  await expect(bar).toContainText('App: Offline');
  await expect(bar).toContainText('Web shop keeps no history: orders sent while it is offline cannot be recovered from it');
  await expect(bar.locator('.last-error')).toContainText('App: connection refused');
});

/** The block of the source whose legend is `name`. */
const source = (page: Page, name: string): Locator => page.locator('fieldset.source-row').filter({ has: page.locator('legend', { hasText: name }) });
const errorAt = (page: Page, path: string): Locator => page.locator(`.field[data-field="${path}"] > .error`);
const savedSources = async (page: Page): Promise<unknown> => ((await page.evaluate(() => window.saved.at(-1))) as { sources: unknown }).sources;

test('each listed source is a form of its kind\'s fields; a new one shows its errors at the field, and saves once they are fixed', async ({ page }) => {
  await page.getByRole('tab', { name: 'Settings' }).click();
  const shop = source(page, 'Web shop');
  await expect(shop.getByLabel('Kind')).toHaveValue('socketio');
  await expect(shop.getByLabel('Server address')).toHaveValue('http://127.0.0.1:2120');
  await expect(shop.getByLabel('User id (uid)')).toHaveValue('shop-1');
  await expect(shop.getByLabel('Topic')).toHaveCount(0);

  await page.getByRole('button', { name: 'Add a push server' }).click();
  const added = source(page, 'Source 2');
  await expect(added.getByLabel('Name (shown on its orders)')).toBeFocused();
  await added.getByLabel('Name (shown on its orders)').fill('App');
  const app = source(page, 'App');
  await app.getByLabel('Kind').selectOption('mqtt');
  await expect(app.getByLabel('User id (uid)')).toHaveCount(0);
  await app.getByLabel('Server address').fill('http://127.0.0.1:1883');
  await expect(errorAt(page, 'sources[1].url')).toHaveText('Must start with one of: mqtt:// mqtts:// ws:// wss://');
  await expect(errorAt(page, 'sources[1].topic')).toHaveText('Required.');
  await expect(errorAt(page, 'sources[0].uid')).toHaveText('');
  await page.getByRole('button', { name: 'Save' }).click();
  expect(await page.evaluate(() => window.saved.length)).toBe(0);

  await app.getByLabel('Server address').fill('mqtt://127.0.0.1:1883');
  await app.getByLabel('Topic').fill('shop/1/orders');
  await app.getByLabel('Password').fill('secret');
  await expect(app.getByLabel('MQTT version')).toHaveValue('auto');
  await app.getByLabel('MQTT version').selectOption('3.1.1');
  await expect(page.locator('.field.invalid')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.evaluate(() => window.saved.length)).toBe(1);
  expect(await savedSources(page)).toEqual([webShop, { kind: 'mqtt', label: 'App', url: 'mqtt://127.0.0.1:1883', topic: 'shop/1/orders', password: 'secret', protocolVersion: '3.1.1' }]);
});

test('every kind offers its own fields, and what cannot be read (a header line, a mapping) is named at its field', async ({ page }) => {
  await page.getByRole('tab', { name: 'Settings' }).click();
  const shop = source(page, 'Web shop');
  const labels = async () => (await shop.locator('.field > label').allTextContents()).slice(3);
  await shop.getByLabel('Kind').selectOption('pusher');
  expect(await labels()).toEqual([
    'App key',
    'Cluster (Pusher: mt1, eu…; the address may then stay empty)',
    'Channel',
    'Events (comma-separated; empty: the usual ones)',
    'Auth endpoint (private channels)',
    'Headers (one “Name: value” per line)',
    'Catch-up address (orders missed while offline)',
    'Offline after no answer for (seconds; default 20)',
    'Field mapping (JSON)',
  ]);
  await expect(errorAt(page, 'sources[0].key')).toHaveText('Required.');
  const cluster = shop.getByLabel('Cluster (Pusher: mt1, eu…; the address may then stay empty)');
  await cluster.fill('EU west');
  await expect(errorAt(page, 'sources[0].cluster')).toHaveText('Must be a cluster name: lowercase letters, digits and “-”.');
  await cluster.fill('eu');
  await expect(errorAt(page, 'sources[0].cluster')).toHaveText('');
  await shop.getByLabel('Kind').selectOption('text');
  expect(await labels()).toEqual(['Access key (token)', 'Text sent on connecting', 'Heartbeat text', 'Heartbeat every (seconds)', 'Ignore messages matching (regular expression)', 'Offline after no answer for (seconds; default 20)', 'Field mapping (JSON)']);
  await shop.getByLabel('Ignore messages matching (regular expression)').fill('^{"type":"(ping');
  await expect(errorAt(page, 'sources[0].ignore')).toHaveText('Must be a valid regular expression.');
  await shop.getByLabel('Heartbeat every (seconds)').fill('0');
  await expect(errorAt(page, 'sources[0].heartbeatS')).toHaveText('Must be from 1 to 3600.');
  await shop.getByLabel('Kind').selectOption('centrifugo');
  expect(await labels()).toEqual(['Access key (token)', 'Channel', 'Offline after no answer for (seconds; default 20)', 'Field mapping (JSON)']);

  await shop.getByLabel('Kind').selectOption('sse');
  expect(await labels()).toEqual(['Headers (one “Name: value” per line)', 'Events (comma-separated; empty: the usual ones)', 'Dead after silence of (seconds; default 45)', 'Field mapping (JSON)']);
  await shop.getByLabel('Server address').fill('http://127.0.0.1:3000/.well-known/mercure?topic=orders');
  await shop.getByLabel('Headers (one “Name: value” per line)').fill('Authorization: Bearer jwt\nno colon');
  await expect(errorAt(page, 'sources[0].headers')).toHaveText('This line is not “Name: value”: no colon');
  await shop.getByLabel('Headers (one “Name: value” per line)').fill('Authorization: Bearer jwt');
  await shop.getByText('Advanced').click();
  await shop.getByLabel('Field mapping (JSON)').fill('{ "id": ');
  await expect(errorAt(page, 'sources[0].mapping')).toHaveText(/^Not valid JSON: /);
  await shop.getByLabel('Field mapping (JSON)').fill('{ "colour": ["c"] }');
  await expect(errorAt(page, 'sources[0].mapping')).toHaveText('Unknown setting.');
  await shop.getByLabel('Field mapping (JSON)').fill('{ "id": ["order.sn"] }');
  await expect(page.locator('.field.invalid')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.evaluate(() => window.saved.length)).toBe(1);
  expect(await savedSources(page)).toEqual([
    { kind: 'sse', label: 'Web shop', url: 'http://127.0.0.1:3000/.well-known/mercure?topic=orders', headers: { Authorization: 'Bearer jwt' }, mapping: { id: ['order.sn'] } },
  ]);
});

test('a source\'s dead-link time is a field of its own: shown as saved, checked, saved as a number, and absent when left empty', async ({ page }) => {
  await standIn(page, [{ ...webShop, deadAfterS: 45 }]);
  await page.goto(page_);
  await page.getByRole('tab', { name: 'Settings' }).click();
  const shop = source(page, 'Web shop');
  const deadAfter = shop.getByLabel('Offline after no answer for (seconds; default 20)');
  await expect(deadAfter).toHaveValue('45');
  await deadAfter.fill('0');
  await expect(errorAt(page, 'sources[0].deadAfterS')).toHaveText('Must be from 1 to 3600.');
  await page.getByRole('button', { name: 'Save' }).click();
  expect(await page.evaluate(() => window.saved.length)).toBe(0);
  await deadAfter.fill('30');
  await expect(errorAt(page, 'sources[0].deadAfterS')).toHaveText('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.evaluate(() => window.saved.length)).toBe(1);
  expect(await savedSources(page)).toEqual([{ ...webShop, deadAfterS: 30 }]);
  await deadAfter.fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.evaluate(() => window.saved.length)).toBe(2);
  expect(await savedSources(page)).toEqual([webShop]);
  // sse's silence is its idle limit: it has no second field for it.
  await shop.getByLabel('Kind').selectOption('sse');
  await expect(shop.getByLabel('Offline after no answer for (seconds; default 20)')).toHaveCount(0);
});

test('a source is removed with its button, and the list saves without it', async ({ page }) => {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await source(page, 'Web shop').getByRole('button', { name: 'Remove this push server' }).click();
  await expect(page.locator('fieldset.source-row')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.evaluate(() => window.saved.length)).toBe(1);
  expect(await savedSources(page)).toEqual([]);
});

test('a source\'s own Test connection tests the form with that source alone, and shows the answer in its block', async ({ page }) => {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Add a push server' }).click();
  const shop = source(page, 'Web shop');
  await shop.getByLabel('User id (uid)').fill('shop-2');
  await shop.getByRole('button', { name: 'Test connection' }).click();
  await expect(shop.locator('.form-message')).toHaveText('Web shop: cannot connect: connection refused (is the server running?).');
  await expect(source(page, 'Source 2').locator('.form-message')).toHaveText('');
  const tested = (await page.evaluate(() => window.tested)) as { sources: unknown; volume: unknown }[];
  expect(tested).toHaveLength(1);
  expect(tested[0]!.sources).toEqual([{ ...webShop, uid: 'shop-2' }]);
  expect(tested[0]!.volume).toBe(DEFAULT_SETTINGS.volume);
});
