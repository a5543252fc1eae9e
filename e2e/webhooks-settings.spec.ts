/**
 * Settings → webhooks and a failing webhook in the status bar, in a real browser: the built
 * order screen with the desktop's bridge stood in (e2e/desktop-stand-in.ts), validating with
 * the settings' own validation in the test process; what the page saves is recorded.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS } from '../main/core/settings/settings';
import type { StatusView } from '../preload/api';
import { installValidatingStandIn } from './desktop-stand-in';

const page_ = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'renderer', 'index.html')).href;

const status: StatusView = {
  connection: { state: 'online' },
  source: { kind: 'hub', url: 'http://127.0.0.1:8083', lanAddresses: [], clients: 1 },
  alert: { ringing: false, level: 'idle', unhandled: 0, mute: { kind: 'none' }, quiet: 'none', printer: false },
  deliveries: [{ name: 'webhook https://shop.example/hook', state: 'failing', waiting: 3, givenUp: 0, lastError: 'answered 500: database is down' }],
};

test.beforeEach(async ({ page }) => {
  await installValidatingStandIn(page, { settings: { ...DEFAULT_SETTINGS, language: 'en' }, status });
  await page.goto(page_);
});

test('the status bar says which webhook is not answering, how many updates wait and why', async ({ page }) => {
  await expect(page.locator('#status')).toContainText('webhook https://shop.example/hook is not answering: 3 updates waiting (answered 500: database is down)');
});

test('a webhook is added with its address and secret key, its errors shown at each field, and saved once they are fixed', async ({ page }) => {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Add a webhook' }).click();
  const url = page.getByLabel('Webhook address');
  const secret = page.getByLabel('Secret key');
  await url.fill('ftp://shop.example/hook');
  await expect(page.locator('.field[data-field="webhooks[0].url"] > .error')).toHaveText('Must start with http:// or https://.');
  await expect(page.locator('.field[data-field="webhooks[0].secret"] > .error')).toHaveText('Required.');
  await page.getByRole('button', { name: 'Save' }).click();
  expect(await page.evaluate(() => window.saved.length)).toBe(0);
  await url.fill('https://shop.example/orderbell-hook.php');
  await secret.fill('s3cret-key');
  await expect(page.locator('.field.invalid')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.evaluate(() => window.saved.length)).toBe(1);
  const saved = (await page.evaluate(() => window.saved.at(-1))) as { webhooks: unknown };
  expect(saved.webhooks).toEqual([{ url: 'https://shop.example/orderbell-hook.php', secret: 's3cret-key' }]);
});
