import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signature } from '../main/core/outbox/webhook';
import { defer, sleep, tempDir, waitForAsync } from '../test/helpers';
import { post, request, startHubProcess } from '../test/hub-process';
import { endProcess, freePort, spawnServer } from '../test/server-process';

// docs/integration.md's PHP webhook receiver, as written, under Debian's php-cli (`php -S`),
// told by a real `orderbell hub` process.
const SECRET = 'shop-webhook-secret-0123456789';

async function receiverCode(): Promise<string> {
  const markdown = await readFile(join(import.meta.dirname, 'integration.md'), 'utf8');
  const block = /^```php webhook-receiver\n([\s\S]*?)^```$/m.exec(markdown);
  if (!block) throw new Error('docs/integration.md has no ```php webhook-receiver block');
  return block[1]!;
}

type ShopRecords = {
  orders: Record<string, { state: string; by: string; seq: number }>;
  applied: Record<string, number>;
  unanswered?: Record<string, { waitingS: number; at: string }>;
};

describe('docs/integration.md: the PHP webhook receiver', () => {
  it('takes each signed state change and order.unanswered from a real hub once, and refuses a forged, a replayed-late and a repeated one', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'orderbell-hook.php'), await receiverCode());
    const records = join(dir, 'shop-orders.json');
    const phpPort = await freePort();
    const php = await spawnServer('php', 'env', [`ORDERBELL_WEBHOOK_SECRET=${SECRET}`, `SHOP_ORDERS_FILE=${records}`, 'php', '-S', `127.0.0.1:${phpPort}`, '-t', dir], phpPort);
    defer(() => endProcess(php.child, 'SIGTERM'));
    const hook = `http://127.0.0.1:${phpPort}/orderbell-hook.php`;
    await writeFile(join(dir, 'secret'), SECRET);

    const port = await freePort();
    await startHubProcess(join(dir, 'hub'), port, ['--webhook', hook, '--webhook-secret-file', join(dir, 'secret'), '--unanswered-after', '4s']);
    for (const id of ['web-1', 'web-2', 'web-3']) expect((await post(port, id))?.status).toBe(201);
    for (const id of ['web-1', 'web-3']) expect((await request(port, 'POST', `/api/orders/${id}/handled`)).status).toBe(200);
    // The receiver rewrites its file under flock; this reader takes no lock, so it may catch a write half done: read again.
    const shop = async (): Promise<ShopRecords> => {
      for (let tries = 0; ; tries++) {
        const text = await readFile(records, 'utf8').catch(() => '{"orders":{},"applied":{}}');
        try {
          return JSON.parse(text) as ShopRecords;
        } catch (error) {
          if (tries >= 100) throw error;
          await sleep(20);
        }
      }
    };
    await waitForAsync(async () => Object.keys((await shop()).orders).length === 2, 15_000, 'both changes in the shop');
    const seen = await shop();
    expect(Object.keys(seen.orders).sort()).toEqual(['web-1', 'web-3']);
    expect(seen.orders['web-1']).toMatchObject({ state: 'done', by: expect.stringMatching(/^api@127\.0\.0\.1/) });
    // Nobody answered web-2: the shop hears it once (web-1 and web-3 were done in time).
    await waitForAsync(async () => (await shop()).unanswered?.['web-2'] !== undefined, 15_000, 'web-2 unanswered in the shop');
    const late = await shop();
    expect(Object.keys(late.unanswered!)).toEqual(['web-2']);
    expect(late.unanswered!['web-2']!.waitingS).toBeGreaterThanOrEqual(4);
    expect(late.orders['web-2']).toBeUndefined();

    // As a retry or an attacker would send them, straight to the page.
    const body = JSON.stringify({ event: 'order.state', id: 'web-2', state: 'done', by: 'Till', at: new Date().toISOString(), seq: 99 });
    const send = (timestamp: number, signed: string, key = 'web-2:99') =>
      fetch(hook, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'X-OrderBell-Timestamp': String(timestamp), 'X-OrderBell-Signature': signed } });
    const now = Math.floor(Date.now() / 1000);
    expect((await send(now, signature('not the secret', String(now), body))).status).toBe(401);
    expect((await send(now - 600, signature(SECRET, String(now - 600), body))).status).toBe(401);
    expect((await shop()).orders['web-2']).toBeUndefined();
    expect((await send(now, signature(SECRET, String(now), body))).status).toBe(204);
    const applied = Object.keys((await shop()).applied).length;
    expect((await send(now, signature(SECRET, String(now), body))).status).toBe(204);
    expect(Object.keys((await shop()).applied)).toHaveLength(applied);
    expect((await shop()).orders['web-2']).toMatchObject({ state: 'done', seq: 99 });
    // An event it does not know yet (a newer OrderBell): taken, so it is not retried, and ignored.
    const newer = JSON.stringify({ event: 'order.something-new', id: 'web-2', seq: 100 });
    const signedNewer = signature(SECRET, String(now), newer);
    const answered = await fetch(hook, { method: 'POST', body: newer, headers: { 'Idempotency-Key': 'web-2:100', 'X-OrderBell-Timestamp': String(now), 'X-OrderBell-Signature': signedNewer } });
    expect(answered.status).toBe(204);
    expect((await shop()).orders['web-2']).toMatchObject({ state: 'done', seq: 99 });
  });
});
