/**
 * What the desktop cannot do on this PC (main/shell.ts notes: notifications refused, no login
 * item), as banners on the built order screen, with the desktop's bridge stood in.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { QUIET_HUB, installDesktopStandIn, patchDesktopStandIn } from './desktop-stand-in';

const orderScreen = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'renderer', 'index.html')).href;

declare global {
  interface Window {
    pushNotes(notes: string[]): void;
  }
}

test('shows each note from the start and as they change, and drops one that is gone', async ({ page }) => {
  await installDesktopStandIn(page, QUIET_HUB);
  await patchDesktopStandIn(
    page,
    ({ initial }) => {
      const listeners = new Set<(notes: string[]) => void>();
      window.pushNotes = (notes) => listeners.forEach((listener) => listener(notes));
      return {
        getShellNotes: async () => initial,
        onShellNotes: (listener: (notes: string[]) => void) => (listeners.add(listener), () => void listeners.delete(listener)),
      };
    },
    { initial: ['Notifications are refused.'] },
  );
  await page.goto(orderScreen);
  const notes = page.locator('.banner.shell-note');
  await expect(notes).toHaveText(['Notifications are refused.']);
  await page.evaluate(() => window.pushNotes(['Notifications are refused.', 'No login item.']));
  await expect(notes).toHaveText(['Notifications are refused.', 'No login item.']);
  await page.evaluate(() => window.pushNotes(['No login item.']));
  await expect(notes).toHaveText(['No login item.']);
});
