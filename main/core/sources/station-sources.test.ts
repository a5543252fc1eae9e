/** The station with the settings' list of sources: through the embedded hub to every device, or on its own. */
import { join } from 'node:path';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { Mosquitto } from '../../../test/mosquitto';
import { startWebMsgSender } from '../../../test/web-msg-sender';
import { Journal } from '../journal/journal';
import { OrderReceiver } from '../link/receiver';
import { DEFAULT_SETTINGS, type Settings } from '../settings/settings';
import type { AlertAction } from '../alerts/policy';
import { Station, type Notice } from '../station';

async function station(settings: Partial<Settings>) {
  const instance = new Station({ dataDir: await tempDir(), settings: { ...DEFAULT_SETTINGS, ...settings }, device: 'till' });
  const notices: Notice[] = [];
  const alerts: AlertAction[] = [];
  instance.on('notice', (notice) => notices.push(notice));
  instance.on('alert', (action) => alerts.push(action));
  await instance.start();
  defer(() => instance.stop());
  return { station: instance, notices, alerts };
}

describe('Station with a list of sources', () => {
  it('sends orders from every source to every device of the embedded hub, and rings once for an id from two sources', async () => {
    const [web, broker] = await Promise.all([startWebMsgSender(), Mosquitto.start()]);
    const port = await freePort();
    const { station: s, notices } = await station({
      source: { kind: 'hub', port, token: 'hub-token-0123456789', lan: false },
      sources: [
        { kind: 'socketio', label: 'Web shop', url: web.url, uid: 'shop' },
        { kind: 'mqtt', label: 'App', url: broker.url, topic: 'orders' }, // a client id derived from this device
      ],
    });
    await waitFor(() => s.status().connection.state === 'online' && web.online().includes('shop'), 10_000, 'online');
    expect(s.status().sources).toEqual([
      expect.objectContaining({ label: 'Web shop', kind: 'socketio', state: 'online', recoverable: false }),
      expect.objectContaining({ label: 'App', kind: 'mqtt', state: 'online', recoverable: true }),
    ]);

    // A phone on the hub: a second device.
    const phoneJournal = await Journal.open(join(await tempDir(), 'phone.log'));
    const phone = new OrderReceiver({ url: `ws://127.0.0.1:${port}/ws`, token: 'hub-token-0123456789', journal: phoneJournal, device: 'phone' });
    const phoneOrders: string[] = [];
    phone.on('order', (stored) => phoneOrders.push(stored.order.id));
    phone.start();
    defer(async () => (await phone.stop(), await phoneJournal.close()));
    await waitFor(() => phone.connection.status.state === 'online', 5000, 'phone online');

    const pub = await mqtt.connectAsync(broker.url);
    defer(() => pub.endAsync(true));
    await web.publish('{"id":"BOTH-1","title":"Soup"}', 'shop');
    await pub.publishAsync('orders', '{"id":"BOTH-1","title":"Soup"}', { qos: 1 });
    await pub.publishAsync('orders', '{"id":"APP-1"}', { qos: 1 });
    await waitFor(() => phoneOrders.includes('APP-1') && s.listOrders().some((view) => view.id === 'APP-1'), 10_000, 'APP-1 everywhere');
    expect(phoneOrders.sort()).toEqual(['APP-1', 'BOTH-1']);
    expect(s.listOrders().map((view) => view.id).sort()).toEqual(['APP-1', 'BOTH-1']);
    expect(notices.filter((notice) => notice.kind === 'order' && notice.view.id === 'BOTH-1')).toHaveLength(1);
  });

  it('names the listed source that is down in the connection status and in the offline alarm', async () => {
    const port = await freePort();
    const { station: s, alerts } = await station({
      offlineAlertAfterS: 1,
      source: { kind: 'hub', port, token: 'hub-token-0123456789', lan: false },
      sources: [{ kind: 'mqtt', label: 'Chain broker', url: `mqtt://127.0.0.1:${await freePort()}`, topic: 'orders', clientId: 'till' }],
    });
    await waitFor(() => /^Chain broker: /.test(s.status().connection.lastError ?? ''), 10_000, 'the source named');
    expect(s.status().connection.state).not.toBe('online');
    await waitFor(() => alerts.some((action) => action.kind === 'voice'), 10_000, 'the offline alarm');
    expect(alerts.find((action) => action.kind === 'voice')).toMatchObject({ line: { kind: 'offline', source: 'Chain broker' } });
  });
});
