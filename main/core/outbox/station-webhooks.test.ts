import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { webhookReceiver } from '../../../test/webhook-receiver';
import { DEFAULT_SETTINGS, type Settings } from '../settings/settings';
import { Station } from '../station';
import type { StatusView } from '../ui/status-views';

async function desktopHub(webhooks: Settings['webhooks']) {
  const port = await freePort();
  const settings: Settings = { ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: 'station-webhook-token-0123', lan: false }, webhooks };
  const station = new Station({ dataDir: await tempDir(), settings, device: 'Till 1' });
  const statuses: StatusView[] = [];
  station.on('status', (status) => statuses.push(status));
  await station.start();
  defer(() => station.stop());
  await waitFor(() => station.status().connection.state === 'online', 5000, 'online');
  const post = (id: string) =>
    fetch(`http://127.0.0.1:${port}/api/orders`, { method: 'POST', headers: { Authorization: 'Bearer station-webhook-token-0123', 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) });
  return { station, statuses, settings, post };
}

describe("The desktop app's hub tells its webhooks (Settings → Webhooks)", () => {
  it('posts Mark done on this PC to the webhook, and shows a failing one in the status until it answers', async () => {
    const receiver = await webhookReceiver();
    receiver.answer = 'fail';
    const { station, post } = await desktopHub([{ url: receiver.url, secret: 'shop-secret' }]);
    expect((await post('D-1')).status).toBe(201);
    await waitFor(() => station.listOrders().length === 1, 5000, 'the order here');
    await station.markHandled('D-1');
    await waitFor(() => station.status().deliveries?.[0]?.state === 'failing', 5000, 'the failure in the status');
    expect(station.status().deliveries).toEqual([
      expect.objectContaining({ name: `webhook ${receiver.url}`, state: 'failing', waiting: 1, lastError: 'answered 500: database is down' }),
    ]);
    receiver.answer = 'ok';
    await waitFor(() => receiver.accepted.length === 1, 10_000, 'the delivery');
    expect(receiver.accepted[0]!.body).toMatchObject({ id: 'D-1', state: 'done', by: 'Till 1' });
    await waitFor(() => station.status().deliveries?.[0]?.state === 'ok', 5000, 'the status back to ok');
  });

  it('takes a webhook added in Settings without restarting the hub, and none once removed', async () => {
    const receiver = await webhookReceiver();
    const { station, settings, post } = await desktopHub([]);
    expect(station.status().deliveries).toBeUndefined();
    await station.applySettings({ ...settings, webhooks: [{ url: receiver.url, secret: 'shop-secret' }] });
    await post('D-2');
    await waitFor(() => station.listOrders().length === 1, 5000, 'the order here');
    await station.markHandled('D-2');
    await waitFor(() => receiver.accepted.length === 1, 10_000, 'the delivery');
    await station.applySettings(settings);
    expect(station.status().deliveries).toBeUndefined();
  });

  it("tells the webhook once about an order nobody answered for Settings' minutes, and not about one answered", async () => {
    const receiver = await webhookReceiver();
    const { station, settings, post } = await desktopHub([{ url: receiver.url, secret: 'shop-secret' }]);
    await station.applySettings({ ...settings, unansweredAfterMin: 1 });
    for (const id of ['S-1', 'S-2']) expect((await post(id)).status).toBe(201);
    await waitFor(() => station.listOrders().length === 2, 5000, 'the orders here');
    await station.markHandled('S-2');
    await waitFor(() => receiver.accepted.length === 1, 10_000, "S-2's done");
    // A minute and a bit later, as the hub's clock sees it.
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
    defer(() => vi.restoreAllMocks());
    await waitFor(() => receiver.accepted.length === 2, 15_000, 'the order.unanswered');
    await new Promise((resolve) => setTimeout(resolve, 5500));
    expect(receiver.accepted.map((hook) => [hook.body.event, hook.body.id])).toEqual([['order.state', 'S-2'], ['order.unanswered', 'S-1']]);
    expect((receiver.accepted[1]!.body as unknown as { waitingS: number }).waitingS).toBeGreaterThanOrEqual(60);
  });
});
