/**
 * A real page in Chromium behind a link that goes silent (the fault proxy's blackhole, as
 * shop Wi-Fi dropping): the page cannot see WebSocket pings, so only the protocol heartbeat
 * tells it the link is dead.
 */
import { FaultProxy } from '../test/fault-proxy';
import { TOKEN, countPlays, expect, plays, test } from './fixtures';

test('a page behind a link that goes silent says offline, raises the offline alarm, and catches up once the link is back', async ({ page, hub }) => {
  test.setTimeout(120_000);
  const proxy = await FaultProxy.listen(hub.port);
  try {
    await countPlays(page);
    await page.addInitScript(() => localStorage.setItem('orderbell.settings', JSON.stringify({ offlineAlertAfterS: 5 })));
    await page.goto(`http://127.0.0.1:${proxy.port}/#token=${TOKEN}`);
    const connection = page.locator('.status-bar .connection');
    await expect(connection).toHaveAttribute('data-state', 'online');
    await page.mouse.click(5, 300); // the tap browsers ask for before sound

    proxy.mode = 'blackhole';
    // Before the heartbeat the page said "Online" here for 150 s and more; its limit is now 15 s.
    await expect(connection).not.toHaveAttribute('data-state', 'online', { timeout: 60_000 });
    await expect(page.locator('.banner.offline')).toContainText('no word from the main computer for', { timeout: 30_000 });
    await expect.poll(() => plays(page, 'offline'), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

    await hub.post({ id: 'missed-1' });
    proxy.mode = 'pass';
    await expect(connection).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
    await expect(page.locator('.card[data-id="missed-1"]')).toBeVisible();
  } finally {
    await proxy.stop();
  }
});
