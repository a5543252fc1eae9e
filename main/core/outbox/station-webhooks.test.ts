import { describe, expect, it } from 'vitest';
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
});
