/**
 * Settings → Updates on the desktop, in a real browser: the built order screen with the
 * desktop's bridge stood in (e2e/desktop-stand-in.ts), feeding update states the way
 * main/updater.ts does and recording what the page asks.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UpdateView } from '../main/core/updates/policy';
import { QUIET_HUB, installDesktopStandIn, patchDesktopStandIn } from './desktop-stand-in';

const page_ = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'renderer', 'index.html')).href;

const base: UpdateView = { version: '1.0.0', state: { kind: 'idle' }, lastCheckAt: null, lastError: null, installFrom: '03:00', installUntil: '05:00', canRestart: false };

declare global {
  interface Window {
    pushUpdate(view: UpdateView): void;
    saved: unknown[];
    checks: number;
  }
}

test('shows the version, the state as it changes, checks on demand, and saves the update options', async ({ page }) => {
  const ready: UpdateView = { ...base, state: { kind: 'ready', version: '1.1.0', wait: 'opening-hours' }, lastCheckAt: Date.UTC(2026, 2, 2, 9, 30) };
  await installDesktopStandIn(page, QUIET_HUB);
  await patchDesktopStandIn(
    page,
    ({ initial, afterCheck }) => {
      const listeners = new Set<(view: UpdateView) => void>();
      window.saved = [];
      window.checks = 0;
      window.pushUpdate = (view) => listeners.forEach((listener) => listener(view));
      return {
        saveSettings: async (value: unknown) => (window.saved.push(value), { ok: true }),
        getUpdateStatus: async () => initial,
        checkForUpdates: async () => (window.checks++, afterCheck),
        onUpdateStatus: (listener: (view: UpdateView) => void) => (listeners.add(listener), () => void listeners.delete(listener)),
      };
    },
    { initial: base, afterCheck: ready },
  );
  await page.goto(page_);
  await page.getByRole('tab', { name: 'Settings' }).click();

  const panel = page.locator('.update-panel');
  await expect(panel.locator('.update-version')).toHaveText('Version 1.0.0');
  await expect(panel.locator('.update-state')).toHaveText('Checks for updates shortly');
  await expect(panel.locator('.update-last-check')).toHaveText('Not checked yet');

  await page.evaluate((view) => window.pushUpdate(view), { ...base, state: { kind: 'downloading', version: '1.1.0', percent: 42 } } as UpdateView);
  await expect(panel.locator('.update-state')).toHaveText('Downloading version 1.1.0: 42 %');
  await expect(panel.getByRole('button', { name: 'Check now' })).toBeDisabled();

  await page.evaluate((view) => window.pushUpdate(view), { ...base, state: { kind: 'failed', error: 'the update server answered 500', retryAt: null } } as UpdateView);
  await expect(panel.locator('.update-state')).toHaveText('Update failed: the update server answered 500');
  await panel.getByRole('button', { name: 'Check now' }).click();
  await expect(panel.locator('.update-state')).toHaveText('Version 1.1.0 is ready; it installs between 03:00 and 05:00');
  await expect(panel.locator('.update-last-check')).toContainText('Last check');
  expect(await page.evaluate(() => window.checks)).toBe(1);

  await page.getByLabel('Update OrderBell automatically').uncheck();
  await page.getByLabel('Install updates from').fill('22:30');
  await page.getByLabel('Update server (empty: the built-in one)').fill(' http://192.168.1.10:8080/orderbell/ ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.form-message')).toHaveText('Saved.');
  const saved = (await page.evaluate(() => window.saved)) as { updates: unknown }[];
  expect(saved.at(-1)!.updates).toEqual({ enabled: false, feedUrl: 'http://192.168.1.10:8080/orderbell/', installFrom: '22:30', installUntil: '05:00' });
});
