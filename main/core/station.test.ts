import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from './settings/settings';
import { Station, type Notice } from './station';
import type { AlertAction } from './alerts/policy';
import type { StatusView } from './ui/status-views';
import { lanAddresses } from './ui/lan';
import { freePort } from '../../test/cli';
import { defer, sleep, tempDir, waitFor } from '../../test/helpers';
import { startHub } from '../../test/hub-harness';
import { FaultProxy } from '../../test/fault-proxy';
import { LegacyTextServer } from '../../test/legacy-text-server';

async function station(settings: Partial<Settings>, dataDir?: string) {
  const dir = dataDir ?? (await tempDir());
  const instance = new Station({ dataDir: dir, settings: { ...DEFAULT_SETTINGS, ...settings }, device: 'till' });
  const notices: Notice[] = [];
  const alerts: AlertAction[] = [];
  const statuses: StatusView[] = [];
  instance.on('notice', (notice) => notices.push(notice));
  instance.on('alert', (action) => alerts.push(action));
  instance.on('status', (status) => statuses.push(status));
  await instance.start();
  let stopped = false;
  const stop = async () => {
    if (!stopped) (stopped = true), await instance.stop();
  };
  defer(stop);
  await waitFor(() => instance.status().connection.state === 'online', 5000, 'online');
  return { station: instance, notices, alerts, statuses, dir, stop };
}

describe('Station', () => {
  it('out of the box runs the embedded hub on this PC and takes orders through it', async () => {
    const port = await freePort();
    const { station: s, notices, dir } = await station({ source: { kind: 'hub', port, token: '', lan: false } });
    const status = s.status();
    expect(status.source).toMatchObject({ kind: 'hub', url: `http://127.0.0.1:${port}`, lanAddresses: [] });
    expect(status.source.token).toMatch(/^[\w-]{32}$/);
    const response = await fetch(`http://127.0.0.1:${port}/api/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${status.source.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'S-1', table: '4' }),
    });
    expect(response.status).toBe(201);
    await waitFor(() => notices.length === 1);
    expect(notices[0]).toMatchObject({ kind: 'order', view: { id: 'S-1' } });
    expect(s.listOrders().map((v) => v.id)).toEqual(['S-1']);
    expect(s.status().alert).toMatchObject({ ringing: true, unhandled: 1 });
    expect(dir).toBeTruthy();
  });

  it('rings the moment an order arrives, before the list even shows it, not at the alert clock\'s next second', async () => {
    const hub = await startHub();
    const { station: s } = await station({ source: { kind: 'push-server', url: hub.wsUrl, token: hub.info.token, mode: 'json', helloText: '' } });
    const events: string[] = [];
    s.on('alert', (action) => action.kind === 'sound' && events.push(`sound:${action.sound}`));
    s.on('orders', (views) => events.push(`orders:${views.map((view) => view.id).join(',')}`));
    await hub.post({ id: 'NOW-1' });
    await waitFor(() => events.includes('orders:NOW-1'));
    expect(events.indexOf('sound:new-order')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('sound:new-order')).toBeLessThan(events.indexOf('orders:NOW-1'));
  });

  it('tells its status once per change, not at every tick of the alert clock: an idle till wakes its tray and page for nothing', async () => {
    const { station: s, statuses } = await station({ source: { kind: 'hub', port: await freePort(), token: '', lan: false } });
    await sleep(1500); // the connection's last changes settle
    const before = statuses.length;
    await sleep(3500);
    expect(statuses.length).toBe(before);
    s.mute('15m');
    await waitFor(() => statuses.length === before + 1, 2000, 'the mute to be told');
    expect(statuses.at(-1)!.alert.mute.kind).not.toBe('none');
  });

  it('shows the LAN addresses when the hub is open to the shop network', async () => {
    const port = await freePort();
    const { station: s } = await station({ source: { kind: 'hub', port, token: 'lan-token-0123456789', lan: true } });
    expect(s.status().source.lanAddresses).toEqual(lanAddresses().map((a) => `http://${a}:${port}/`));
  });

  it('answers a status asked while its hub moves to another address: no address until the hub listens again', async () => {
    const port = await freePort();
    const s = new Station({ dataDir: await tempDir(), settings: { ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: 'move-token-0123456789', lan: true } }, device: 'till' });
    defer(() => s.stop());
    const failures: unknown[] = [];
    const urls = new Set<string>();
    let asking = true;
    const ask = () => {
      try {
        urls.add(s.status().source.url);
      } catch (error) {
        failures.push(error);
      }
      if (asking) setImmediate(ask);
    };
    await s.start();
    ask();
    // "Only this PC": the hub stops and starts again on loopback, as the desktop's firewall answer does.
    await s.applySettings({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: 'move-token-0123456789', lan: false } });
    asking = false;
    expect(failures).toEqual([]);
    expect([...urls].every((url) => url === '' || url === `http://127.0.0.1:${port}`)).toBe(true);
    expect(s.status().source).toMatchObject({ url: `http://127.0.0.1:${port}`, lanAddresses: [], clients: 0 });
  });

  it('connects to a push server, rings, and handles', async () => {
    const hub = await startHub();
    const { station: s, alerts } = await station({ source: { kind: 'push-server', url: hub.wsUrl, token: hub.info.token, mode: 'json', helloText: '' } });
    await hub.post({ id: 'P-1' });
    await waitFor(() => s.listOrders().length === 1);
    await waitFor(() => alerts.some((a) => a.kind === 'sound'), 3000, 'a ring');
    await s.markHandled('P-1');
    expect(s.status().alert.unhandled).toBe(0);
    await waitFor(() => ((hub.hub as unknown as { journal: { get(id: string): { handled?: unknown } } }).journal.get('P-1')?.handled) !== undefined);
  });

  it('counts the offline alarm\'s grace from the last word the hub said: a silent Wi-Fi drop alarms the moment it is found, not the grace after', async () => {
    const hub = await startHub();
    const proxy = await FaultProxy.listen(hub.info.port);
    defer(() => proxy.stop());
    const source = { kind: 'push-server', url: `ws://127.0.0.1:${proxy.port}/ws`, token: hub.info.token, mode: 'json', helloText: '' } as const;
    const { station: s, statuses } = await station({ source, offlineAlertAfterS: 5 });
    const before = statuses.length;
    proxy.mode = 'blackhole';
    // The link is found dead only at its heartbeat limit (15 s of silence), longer than the 5 s grace.
    await waitFor(() => s.status().connection.state !== 'online', 30_000, 'the silent link found dead');
    const found = statuses.slice(before).find((status) => status.connection.state !== 'online')!;
    expect(found.connection.lastError).toMatch(/no answer from the server/);
    expect(found.alert.level).toBe('offline');
  }, 45_000);

  it('takes a text push server\'s messages as orders through the text adapter: says hello, skips its housekeeping frames, rings, and handles', async () => {
    const legacy = await LegacyTextServer.start();
    const { station: s, notices } = await station({ source: { kind: 'push-server', url: legacy.url, token: 't1', mode: 'text', helloText: '{"type":"bind","token":"{token}"}' } });
    await waitFor(() => legacy.received.length === 1, 5000, 'the hello');
    expect(legacy.received).toEqual(['{"type":"bind","token":"t1"}']);
    legacy.send('{"type":"ping"}');
    legacy.send('Table 3: two soups');
    await waitFor(() => notices.length === 1, 5000, 'the order');
    expect(s.listOrders().map((view) => view.order)).toEqual([expect.objectContaining({ text: 'Table 3: two soups', source: 'text' })]);
    expect(s.status().alert).toMatchObject({ ringing: true, unhandled: 1 });
    await s.markHandled(s.listOrders()[0]!.id);
    expect(s.status().alert.unhandled).toBe(0);
  });

  it('signs the orders it handles with the device name from the settings, and takes a new name at once', async () => {
    const hub = await startHub();
    const source = { kind: 'push-server', url: hub.wsUrl, token: hub.info.token, mode: 'json', helloText: '' } as const;
    const { station: s } = await station({ source, deviceName: 'Front counter' });
    const handledBy = async (id: string) => {
      const { orders } = (await hub.get('/api/orders')).body as { orders: { order: { id: string }; handled: { by: string } | null }[] };
      return orders.find((stored) => stored.order.id === id)?.handled?.by;
    };
    await hub.post({ id: 'N-1' });
    await waitFor(() => s.listOrders().length === 1);
    await s.markHandled('N-1');
    await expect.poll(() => handledBy('N-1')).toBe('Front counter');
    await s.applySettings({ ...DEFAULT_SETTINGS, source, deviceName: '  ' });
    await waitFor(() => s.status().connection.state === 'online');
    await hub.post({ id: 'N-2' });
    await waitFor(() => s.listOrders().length === 2);
    await s.markHandled('N-2');
    await expect.poll(() => handledBy('N-2')).toBe('till');
  });

  it.each([
    ['Chinese, emoji and right-to-left', { deviceName: '厨房平板 🍜 מטבח' }, 'till', '厨房平板 🍜 מטבח'],
    ['over 256 characters (a computer\'s name)', { deviceName: '' }, '收银台🍜'.repeat(80), `${'收银台🍜'.repeat(12)}收银台`],
  ])('signs what it handles with a %s name, kept to 64 characters, on a push server and in its own hub', async (_kind, named, computer, kept) => {
    const hub = await startHub();
    const sources = [{ kind: 'push-server', url: hub.wsUrl, token: hub.info.token, mode: 'json', helloText: '' } as const, { kind: 'hub', port: await freePort(), token: 'own-hub-token-0123456789', lan: false } as const];
    for (const source of sources) {
      const dataDir = await tempDir();
      const s = new Station({ dataDir, settings: { ...DEFAULT_SETTINGS, source, ...named }, device: computer });
      await s.start();
      defer(() => s.stop());
      await waitFor(() => s.status().connection.state === 'online', 5000, 'online');
      await (source.kind === 'hub' ? s.sendTestOrder() : hub.post({ id: 'N-1' }));
      await waitFor(() => s.listOrders().length === 1);
      const id = s.listOrders()[0]!.id;
      await s.markHandled(id);
      await waitFor(() => s.listOrders()[0]!.handled !== null);
      expect(s.listOrders()[0]!.handled!.by).toBe(kept);
      if (source.kind === 'push-server') await expect.poll(async () => ((await hub.get('/api/orders')).body.orders as { handled: { by: string } | null }[])[0]!.handled?.by).toBe(kept);
      await s.stop();
    }
  });

  it('renames itself without restarting the embedded hub: the shop\'s other devices stay connected', async () => {
    const port = await freePort();
    const source = { kind: 'hub', port, token: 'rename-token-0123456789', lan: false } as const;
    const { station: s } = await station({ source });
    const phone = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${source.token}`);
    defer(() => phone.terminate());
    let phoneClosed = false;
    phone.on('close', () => (phoneClosed = true));
    await new Promise((resolve) => phone.once('open', resolve));
    phone.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0 }));
    await s.applySettings({ ...DEFAULT_SETTINGS, source, deviceName: 'Bar' });
    await waitFor(() => s.status().connection.state === 'online' && s.status().source.clients === 2);
    expect(phoneClosed).toBe(false);
  });

  it('stops ringing when another device handles the order', async () => {
    const hub = await startHub();
    const { station: s } = await station({ source: { kind: 'push-server', url: hub.wsUrl, token: hub.info.token, mode: 'json', helloText: '' } });
    await hub.post({ id: 'P-2' });
    await waitFor(() => s.status().alert.unhandled === 1);
    await fetch(`${hub.info.url}/api/orders/P-2/handled`, { method: 'POST', headers: { Authorization: `Bearer ${hub.info.token}` } });
    await waitFor(() => s.status().alert.unhandled === 0);
  });

  it('re-alerts unhandled orders after a restart as one summary', async () => {
    const hub = await startHub();
    const source = { kind: 'push-server', url: hub.wsUrl, token: hub.info.token, mode: 'json', helloText: '' } as const;
    const first = await station({ source });
    for (const id of ['R-1', 'R-2']) await hub.post({ id });
    await waitFor(() => first.station.listOrders().length === 2);
    await first.stop();
    const now = Date.now() + 10 * 60_000;
    const second = new Station({ dataDir: first.dir, settings: { ...DEFAULT_SETTINGS, source }, now: () => now });
    const notices: Notice[] = [];
    second.on('notice', (notice) => notices.push(notice));
    await second.start();
    defer(() => second.stop());
    await waitFor(() => notices.length === 1, 3000, 'the summary');
    expect(notices).toEqual([{ kind: 'summary', count: 2 }]);
    // A page that subscribes only now still reads the summary in the status.
    expect(second.status().missedSummary).toBe(2);
    await second.markHandled('R-1');
    expect(second.status().missedSummary).toBe(2);
    await second.markHandled('R-2');
    expect(second.status().missedSummary).toBeUndefined();
  });

  it('sums up orders missed while away, but gives a live order its own alert even if its sender\'s clock is an hour behind', async () => {
    const hub = await startHub();
    const anHourAgo = new Date(Date.now() - 3600_000).toISOString();
    for (const id of ['M-1', 'M-2']) await hub.post({ id, createdAt: anHourAgo });
    const { station: s, notices } = await station({ source: { kind: 'push-server', url: hub.wsUrl, token: hub.info.token, mode: 'json', helloText: '' } });
    await waitFor(() => notices.length === 1, 3000, 'the summary');
    expect(notices).toEqual([{ kind: 'summary', count: 2 }]);
    await hub.post({ id: 'LIVE-1', createdAt: anHourAgo });
    await waitFor(() => notices.length === 2);
    expect(notices[1]).toMatchObject({ kind: 'order', view: { id: 'LIVE-1' } });
    expect(s.status().alert.unhandled).toBe(3);
  });

  it('switches source when settings change, and reports a push server it cannot reach', async () => {
    const hub = await startHub();
    const port = await freePort();
    const { station: s } = await station({ source: { kind: 'hub', port, token: 'a-token-0123456789', lan: false } });
    const pushSource = { kind: 'push-server', url: hub.wsUrl, token: hub.info.token, mode: 'json', helloText: '' } as const;
    expect(await s.testConnection(pushSource)).toEqual({ kind: 'connected', url: hub.wsUrl });
    const dead = await freePort();
    expect(await s.testConnection({ ...pushSource, url: `ws://127.0.0.1:${dead}/ws` })).toMatchObject({ kind: 'failed', error: expect.stringMatching(/ECONNREFUSED/) });
    // The hub counts this PC's own device once its hello is taken.
    await waitFor(() => s.status().connection.state === 'online', 10_000, 'this PC online with its hub');
    expect(await s.testConnection({ kind: 'hub', port, token: '', lan: false })).toEqual({ kind: 'hub-running', port, clients: 1 });
    await s.applySettings({ ...DEFAULT_SETTINGS, source: pushSource });
    await waitFor(() => s.status().connection.state === 'online' && s.status().source.kind === 'push-server');
    await hub.post({ id: 'after-switch' });
    await waitFor(() => s.listOrders().some((v) => v.id === 'after-switch'));
  });

  it('sends a test order through its own hub', async () => {
    const port = await freePort();
    const { station: s, notices } = await station({ source: { kind: 'hub', port, token: 't-token-0123456789', lan: false } });
    expect(await s.sendTestOrder()).toMatchObject({ kind: 'sent', seq: 1 });
    await waitFor(() => notices.length === 1);
  });

  it('stays up and says why when the hub port is taken, and recovers when the port changes', async () => {
    const blocker = await startHub();
    const dir = await tempDir();
    const s = new Station({ dataDir: dir, settings: { ...DEFAULT_SETTINGS, source: { kind: 'hub', port: blocker.info.port, token: 'p-token-0123456789', lan: false } } });
    await s.start();
    defer(() => s.stop());
    expect(s.status().connection).toEqual({ state: 'offline', lastError: `the hub could not start: port ${blocker.info.port} is already in use; choose another port` });
    await s.applySettings({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: 'p-token-0123456789', lan: false } });
    await waitFor(() => s.status().connection.state === 'online');
  });

  it('marks an order handled here when the hub could not start: it stops ringing', async () => {
    const blocker = await startHub();
    const s = new Station({ dataDir: await tempDir(), settings: { ...DEFAULT_SETTINGS, source: { kind: 'hub', port: blocker.info.port, token: 'h-token-0123456789', lan: false } }, device: 'till' });
    await s.start();
    defer(() => s.stop());
    expect(await s.sendTestOrder()).toEqual({ kind: 'local' });
    const [order] = s.listOrders();
    expect(s.status().alert.unhandled).toBe(1);
    await s.markHandled(order!.id);
    expect(s.status().alert.unhandled).toBe(0);
    expect(s.listOrders()[0]).toMatchObject({ id: order!.id, handled: { by: 'till' } });
  });

  it('mutes and unmutes', async () => {
    const port = await freePort();
    const { station: s } = await station({ source: { kind: 'hub', port, token: 'm-token-0123456789', lan: false } });
    s.mute('1h');
    expect(s.status().alert.mute.kind).toBe('until');
    s.mute('until-reopened');
    s.windowReopened();
    expect(s.status().alert.mute.kind).toBe('none');
  });
});

describe('lanAddresses', () => {
  it('lists external IPv4 addresses only', () => {
    expect(
      lanAddresses({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
        eth0: [
          { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
          { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 1 },
        ],
      }),
    ).toEqual(['192.168.1.20']);
  });
});
