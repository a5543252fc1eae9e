import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AlertAction, OrderView, StatusView } from '../preload/api';
import { WebBridge } from './web-bridge';
import { storedDefaultName } from './device-name';
import { defer, sleep, tempDir, waitFor } from '../test/helpers';
import { startHub, type RunningHub } from '../test/hub-harness';
import { FaultProxy } from '../test/proxy';
import { browserLikeSocket, MemoryStorage } from '../test/browser';

async function bridgeTo(hub: RunningHub, storage: Storage = new MemoryStorage()) {
  const bridge = new WebBridge(hub.info.url, hub.info.token, storage, Date.now, browserLikeSocket);
  const orders: OrderView[][] = [];
  const alerts: AlertAction[] = [];
  const statuses: StatusView[] = [];
  bridge.onOrdersChanged((list) => orders.push(list));
  bridge.onAlert((action) => alerts.push(action));
  bridge.onStatus((status) => statuses.push(status));
  await bridge.start();
  defer(() => bridge.stop());
  await waitFor(() => statuses.at(-1)?.connection.state === 'online');
  /** The name this page made for itself on first load, as the next load reads it. */
  const name = storedDefaultName(storage, 'not used: the name exists');
  return { bridge, orders, alerts, statuses, name };
}

/** The same hub back on its port and data directory, as after a restart. */
function restartHub(hub: RunningHub): Promise<RunningHub> {
  return startHub({ port: hub.info.port, dataDir: hub.dataDir });
}

function handledOnHub(answer: { body: Record<string, unknown> }, id: string): string | undefined {
  return (answer.body.orders as { order: { id: string }; handled: { by: string } | null }[]).find((o) => o.order.id === id)?.handled?.by;
}

describe('WebBridge status', () => {
  it('offers the Phones link with its own address and token, unless a phone could not open that address', async () => {
    const onLan = new WebBridge('http://192.168.1.20:8083', 'shop-token', new MemoryStorage());
    expect((await onLan.getStatus()).source).toMatchObject({ lanAddresses: ['http://192.168.1.20:8083/'], token: 'shop-token' });
    for (const origin of ['http://127.0.0.1:8083', 'http://localhost:8083', 'http://[::1]:8083']) {
      expect((await new WebBridge(origin, 'shop-token', new MemoryStorage()).getStatus()).source.lanAddresses).toEqual([]);
    }
  });
});

describe('WebBridge against a real hub', () => {
  it('receives orders, rings for them, and marks them handled on the hub', async () => {
    const hub = await startHub();
    const { bridge, orders, alerts, name } = await bridgeTo(hub);
    await hub.post({ id: 'W-1', table: '2' });
    await waitFor(() => orders.at(-1)?.some((view) => view.id === 'W-1') === true);
    await waitFor(() => alerts.some((action) => action.kind === 'sound' && action.sound === 'new-order'), 3000);
    expect((await bridge.getStatus()).alert).toMatchObject({ ringing: true, unhandled: 1 });
    await bridge.markHandled('W-1');
    await waitFor(() => orders.at(-1)?.find((view) => view.id === 'W-1')?.handled?.by === name);
    expect((await bridge.getStatus()).alert).toMatchObject({ ringing: false, unhandled: 0 });
    const stored = (await hub.get('/api/orders')).body.orders as { handled: { by: string } }[];
    expect(stored[0]!.handled.by).toBe(name);
  });

  it('signs, unnamed, as this browser with a suffix of its own: two pages differ, and a reload keeps the name', async () => {
    const hub = await startHub();
    const storage = new MemoryStorage();
    const first = await bridgeTo(hub, storage);
    const other = await bridgeTo(hub);
    expect(first.name).toMatch(/^\S+ \S+ [a-z2-9]{4}$/);
    expect(other.name).not.toBe(first.name);
    first.bridge.stop();
    expect((await bridgeTo(hub, storage)).name).toBe(first.name);
  });

  it('rings for an id posted again after it left the hub\'s retention, which the hub numbered anew', async () => {
    const hub = await startHub({ journal: { maxOrders: 2 } });
    const { bridge, orders } = await bridgeTo(hub);
    for (const id of ['R-1', 'R-2', 'R-3']) await hub.post({ id });
    await waitFor(() => orders.at(-1)?.length === 3);
    await bridge.markHandled('R-1');
    expect((await hub.post({ id: 'R-1', note: 'again' })).body).toEqual({ id: 'R-1', seq: 4 });
    await waitFor(() => orders.at(-1)?.find((view) => view.id === 'R-1')?.seq === 4);
    expect(orders.at(-1)!.find((view) => view.id === 'R-1')).toMatchObject({ order: { note: 'again' }, handled: null });
    expect((await bridge.getStatus()).alert).toMatchObject({ ringing: true, unhandled: 3 });
  });

  it('takes the whole history of a hub restored from a backup while it was away, each order once', async () => {
    const first = await startHub();
    await first.post({ id: 'W-1' });
    await first.stop(); // a clean stop: the backup's hub-seq.json says seq 1
    const backup = join(await tempDir(), 'backup');
    await cp(first.dataDir, backup, { recursive: true });
    let hub = await restartHub(first);
    const proxy = await FaultProxy.start(hub.info.port);
    const bridge = new WebBridge(`http://127.0.0.1:${proxy.port}`, hub.info.token, new MemoryStorage(), Date.now, browserLikeSocket);
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await bridge.start();
    defer(() => bridge.stop());
    await hub.post({ id: 'W-2' });
    await hub.post({ id: 'W-3' });
    await expect.poll(async () => (await bridge.listOrders()).length, { timeout: 5000 }).toBe(3);

    proxy.mode = 'blackhole';
    proxy.cutAll();
    await hub.stop();
    await cp(backup, hub.dataDir, { recursive: true });
    hub = await restartHub(hub);
    // The backend posts W-3 again (the restored hub numbers it 2), then new orders at 3 and 4.
    for (const id of ['W-3', 'N-1', 'N-2']) expect((await hub.post({ id })).status).toBe(201);
    proxy.mode = 'pass';

    // Redialling after the link came back takes up to the backoff's 3 s.
    await expect.poll(async () => (await bridge.listOrders()).map((view) => [view.id, view.seq]).sort(), { timeout: 10_000 }).toEqual([
      ['N-1', 3],
      ['N-2', 4],
      ['W-1', 1],
      ['W-2', 2],
      ['W-3', 3],
    ]);
    expect(warnings).toHaveBeenCalledWith(expect.stringMatching(/^the hub does not hold this page's order at seq 3/));
    expect((await bridge.getStatus()).alert).toMatchObject({ unhandled: 5 });
  });

  it('tells its status once per change, not at every tick of the alert clock: an idle page renders nothing', async () => {
    const hub = await startHub();
    const { bridge, statuses } = await bridgeTo(hub);
    await sleep(1500);
    const before = statuses.length;
    await sleep(3500);
    expect(statuses.length).toBe(before);
    await hub.post({ id: 'IDLE-1' });
    await waitFor(() => statuses.at(-1)?.alert.unhandled === 1, 5000, 'the new order in the status');
    await bridge.markHandled('IDLE-1');
    await waitFor(() => statuses.at(-1)?.alert.unhandled === 0, 5000, 'the handled order in the status');
  });

  it('counts itself among the hub\'s devices as soon as it is connected', async () => {
    const hub = await startHub();
    const { statuses } = await bridgeTo(hub);
    await waitFor(() => statuses.at(-1)?.source.clients === 1);
  });

  it('signs the orders it handles with the device name from its settings, from the moment it is saved', async () => {
    const hub = await startHub();
    const { bridge, statuses } = await bridgeTo(hub);
    const settings = await bridge.getSettings();
    expect(await bridge.saveSettings({ ...settings, deviceName: 'Kitchen tablet' })).toEqual({ ok: true });
    await waitFor(() => statuses.at(-1)?.connection.state === 'online');
    await hub.post({ id: 'K-1' });
    await waitFor(() => (bridge as unknown as { orders: Map<string, unknown> }).orders.has('K-1'));
    await bridge.markHandled('K-1');
    await expect
      .poll(async () => ((await hub.get('/api/orders')).body.orders as { order: { id: string }; handled: { by: string } | null }[]).find((o) => o.order.id === 'K-1')?.handled?.by)
      .toBe('Kitchen tablet');
  });

  it('redials when the page returns from a long time in the background, replacing a link that died unnoticed', async () => {
    const hub = await startHub();
    const proxy = await FaultProxy.start(hub.info.port);
    let offset = 0;
    const statuses: StatusView[] = [];
    const bridge = new WebBridge(`http://127.0.0.1:${proxy.port}`, hub.info.token, new MemoryStorage(), () => Date.now() + offset, browserLikeSocket);
    bridge.onStatus((status) => statuses.push(status));
    await bridge.start();
    defer(() => bridge.stop());
    await waitFor(() => statuses.at(-1)?.connection.state === 'online');
    bridge.pageHidden();
    proxy.mode = 'blackhole'; // the phone's link dies without a close …
    proxy.mode = 'pass'; // … while new connections would work again
    await hub.post({ id: 'L-1' });
    offset += 5000;
    bridge.pageShown(); // back after 5 s: the link is trusted
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await bridge.listOrders()).map((view) => view.id)).toEqual([]);
    bridge.pageHidden();
    offset += 60_000;
    bridge.pageShown(); // back after a minute: redial and resume
    await expect.poll(async () => (await bridge.listOrders()).map((view) => view.id)).toEqual(['L-1']);
  });

  it('sums up the backlog it loads, but rings a live order on its own even if its sender\'s clock is an hour behind', async () => {
    const hub = await startHub();
    const anHourAgo = new Date(Date.now() - 3600_000).toISOString();
    for (const id of ['M-1', 'M-2']) await hub.post({ id, createdAt: anHourAgo });
    const { alerts } = await bridgeTo(hub);
    await waitFor(() => alerts.some((action) => action.kind === 'summary'), 3000, 'the summary');
    expect(alerts.filter((action) => action.kind === 'summary')).toEqual([{ kind: 'summary', count: 2 }]);
    const soundsBefore = alerts.length;
    await hub.post({ id: 'LIVE-1', createdAt: anHourAgo });
    await waitFor(() => alerts.slice(soundsBefore).some((action) => action.kind === 'sound'), 3000, 'a ring for the live order');
    expect(alerts.filter((action) => action.kind === 'summary')).toHaveLength(1);
  });

  it('searches the hub\'s whole history, not only the orders the page has loaded', async () => {
    const hub = await startHub();
    await hub.post({ id: 'H-1', note: 'window seat' });
    await hub.post({ id: 'H-2', note: 'window seat, high chair' });
    await hub.post({ id: 'H-3' });
    const unstarted = new WebBridge(hub.info.url, hub.info.token, new MemoryStorage(), Date.now, browserLikeSocket);
    const page = await unstarted.queryHistory({ text: 'window', offset: 0, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.orders.map((view) => [view.id, view.seq, view.order.note])).toEqual([['H-2', 2, 'window seat, high chair']]);
    expect(page.orders[0]!.receivedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('searches what the page holds while the hub is out of reach', async () => {
    const hub = await startHub();
    await hub.post({ id: 'old-1', note: 'window seat' });
    const { bridge } = await bridgeTo(hub);
    await waitFor(() => (bridge as unknown as { orders: Map<string, unknown> }).orders.size === 1);
    await hub.stop();
    expect((await bridge.queryHistory({ text: 'window', offset: 0, limit: 10 })).orders.map((view) => view.id)).toEqual(['old-1']);
  });

  it('loads the recent backlog on start and searches it', async () => {
    const hub = await startHub();
    await hub.post({ id: 'old-1', note: 'window seat' });
    await hub.post({ id: 'old-2' });
    const { bridge } = await bridgeTo(hub);
    await waitFor(() => (bridge as unknown as { orders: Map<string, unknown> }).orders.size === 2);
    const page = await bridge.queryHistory({ text: 'window', offset: 0, limit: 10 });
    expect(page.orders.map((view) => view.id)).toEqual(['old-1']);
  });

  it('validates and keeps settings in storage, but not the source', async () => {
    const hub = await startHub();
    const storage = new MemoryStorage();
    const { bridge } = await bridgeTo(hub, storage);
    const settings = await bridge.getSettings();
    expect(await bridge.saveSettings({ ...settings, volume: 101 })).toEqual({
      ok: false,
      errors: [{ field: 'volume', code: 'range', params: { min: 0, max: 100 } }],
    });
    expect(await bridge.saveSettings({ ...settings, volume: 30, source: { kind: 'push-server', url: 'ws://elsewhere' } })).toEqual({ ok: true });
    expect(JSON.parse(storage.getItem('orderbell.settings')!)).toMatchObject({ volume: 30, source: { kind: 'hub' } });
  });

  it('tests the connection and sends a test order', async () => {
    const hub = await startHub();
    const { bridge, orders } = await bridgeTo(hub);
    expect(await bridge.testConnection()).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected: 1 device, last order #/) });
    expect(await bridge.sendTestOrder()).toMatchObject({ ok: true });
    await waitFor(() => orders.at(-1)?.some((view) => view.order.channel === 'test') === true);
  });

  it('queues a Handled pressed while the hub is away, shows it as unsent, stops ringing, and sends it on reconnect', async () => {
    const hub = await startHub();
    const { bridge, orders, statuses, name } = await bridgeTo(hub);
    await hub.post({ id: 'Q-1' });
    await waitFor(() => orders.at(-1)?.some((view) => view.id === 'Q-1') === true);
    await hub.stop();
    await waitFor(() => statuses.at(-1)?.connection.state === 'offline');
    await bridge.markHandled('Q-1'); // no error: it waits
    expect(orders.at(-1)!.find((view) => view.id === 'Q-1')).toMatchObject({ handled: { by: name }, handledUnsent: true });
    expect((await bridge.getStatus()).alert).toMatchObject({ ringing: false, unhandled: 0 });
    const back = await restartHub(hub);
    await waitFor(() => orders.at(-1)?.find((view) => view.id === 'Q-1')?.handledUnsent === undefined, 10_000, 'the hub\'s confirmation');
    expect(handledOnHub(await back.get('/api/orders'), 'Q-1')).toBe(name);
  });

  it('keeps an unsent Handled across a reload, and neither rings for the order nor forgets to send it', async () => {
    const hub = await startHub();
    const storage = new MemoryStorage();
    const first = await bridgeTo(hub, storage);
    await hub.post({ id: 'Q-2' });
    await waitFor(() => first.orders.at(-1)?.some((view) => view.id === 'Q-2') === true);
    await hub.stop();
    await first.bridge.markHandled('Q-2');
    first.bridge.stop(); // the page reloads while the hub is away
    const back = await restartHub(hub);
    const second = await bridgeTo(back, storage);
    await waitFor(() => second.orders.at(-1)?.find((view) => view.id === 'Q-2')?.handled?.by === first.name);
    expect((await second.bridge.getStatus()).alert.unhandled).toBe(0);
    await expect.poll(async () => handledOnHub(await back.get('/api/orders'), 'Q-2')).toBe(first.name);
    expect(second.alerts.filter((action) => action.kind === 'sound')).toEqual([]);
    expect(storage.getItem('orderbell.unsentHandles')).toBe('[]');
  });

  it('shows on the card why the hub did not take a Mark done, rather than waiting without a word', async () => {
    const hub = await startHub();
    const { bridge, orders, statuses } = await bridgeTo(hub);
    await hub.post({ id: 'E-1' });
    await waitFor(() => orders.at(-1)?.some((view) => view.id === 'E-1') === true);
    await hub.stop();
    await startHub({ port: hub.info.port, dataDir: hub.dataDir, token: 'a-new-token-0123456789' });
    await waitFor(() => statuses.at(-1)?.connection.state !== 'online');
    await bridge.markHandled('E-1');
    expect(orders.at(-1)!.find((view) => view.id === 'E-1')).toMatchObject({ handledUnsent: true, handledUnsentError: expect.stringMatching(/token/) });
  });

  it('is offline, saying why, and alarms while the hub refuses its hello; online once the hub takes it', async () => {
    const hub = await startHub();
    let breakHello = true;
    // A hello the hub cannot take, as a client of another version might send it.
    const tampering = (url: string): WebSocket => {
      const socket = browserLikeSocket(url);
      const send = socket.send.bind(socket);
      socket.send = (data) => send(breakHello ? String(data).replace('"lastSeq":', '"lastSeq":-1,"was":') : data);
      return socket;
    };
    const bridge = new WebBridge(hub.info.url, hub.info.token, new MemoryStorage(), Date.now, tampering);
    const statuses: StatusView[] = [];
    const orders: OrderView[][] = [];
    bridge.onStatus((status) => statuses.push(status));
    bridge.onOrdersChanged((list) => orders.push(list));
    await bridge.saveSettings({ ...(await bridge.getSettings()), offlineAlertAfterS: 5 });
    await bridge.start();
    defer(() => bridge.stop());
    await waitFor(() => statuses.at(-1)?.connection.lastError?.startsWith('the main computer refused this device') === true, 5000, 'the refusal');
    expect(statuses.at(-1)!.connection).toMatchObject({ state: 'offline', lastError: 'the main computer refused this device (hello.lastSeq: must be a non-negative integer)' });
    expect((await hub.get('/api/health')).body.clients).toBe(0);
    await waitFor(() => statuses.at(-1)?.alert.level === 'offline', 9000, 'the offline alarm');
    breakHello = false;
    await hub.post({ id: 'after' });
    await waitFor(() => orders.at(-1)?.some((view) => view.id === 'after') === true, 10_000, 'the order once taken');
    expect(statuses.at(-1)!.connection.state).toBe('online');
  });

  it('says that the hub refused the token when it was changed on the hub, and forgets that once connected', async () => {
    const hub = await startHub();
    const { statuses } = await bridgeTo(hub);
    await hub.stop();
    const changed = await startHub({ port: hub.info.port, dataDir: hub.dataDir, token: 'a-new-token-0123456789' });
    await waitFor(() => statuses.at(-1)?.connection.tokenRefused === true, 10_000, 'the refusal');
    expect(statuses.at(-1)!.connection).toMatchObject({ state: expect.stringMatching(/^(offline|connecting)$/), lastError: 'the main computer did not accept this page\'s access code' });
    await changed.stop();
    await restartHub(hub); // the old token is back
    await waitFor(() => statuses.at(-1)?.connection.state === 'online', 15_000, 'the reconnect');
    expect(statuses.at(-1)!.connection.tokenRefused).toBeUndefined();
  });

  it('reports the offline hub as offline, not as a refused token', async () => {
    const hub = await startHub();
    const { statuses } = await bridgeTo(hub);
    await hub.stop();
    await waitFor(() => statuses.filter((status) => status.connection.state === 'offline').length >= 2, 10_000, 'two failed redials');
    expect(statuses.some((status) => status.connection.tokenRefused)).toBe(false);
  });

  it('shows when the hub received an order, not when the page loaded it', async () => {
    const hub = await startHub();
    await hub.post({ id: 'T-1' });
    const receivedAt = Date.parse(((await hub.get('/api/orders')).body.orders as { receivedAt: string }[])[0]!.receivedAt);
    const anHourLater = () => Date.now() + 3600_000; // the page opens an hour later
    const bridge = new WebBridge(hub.info.url, hub.info.token, new MemoryStorage(), anHourLater, browserLikeSocket);
    await bridge.start();
    defer(() => bridge.stop());
    await expect.poll(async () => (await bridge.listOrders()).map((view) => view.receivedAt)).toEqual([receivedAt]);
  });

  it('keeps a mute across a reload until its end, and forgets it once unmuted', async () => {
    const hub = await startHub();
    const storage = new MemoryStorage();
    const first = await bridgeTo(hub, storage);
    await first.bridge.mute('1h');
    const until = (await first.bridge.getStatus()).alert.mute;
    expect(until).toMatchObject({ kind: 'until' });
    first.bridge.stop(); // the page reloads
    const reloaded = await bridgeTo(hub, storage);
    expect((await reloaded.bridge.getStatus()).alert.mute).toEqual(until);
    await reloaded.bridge.mute('off');
    reloaded.bridge.stop();
    expect((await (await bridgeTo(hub, storage)).bridge.getStatus()).alert.mute).toEqual({ kind: 'none' });
  });

  it('mutes for a set time only: "until reopened" could last for ever on a page never closed', async () => {
    const hub = await startHub();
    const { bridge } = await bridgeTo(hub);
    await expect(bridge.mute('until-reopened')).rejects.toThrow('This page mutes for a set time only');
    expect((await bridge.getStatus()).alert.mute).toEqual({ kind: 'none' });
    await bridge.mute('15m');
    expect((await bridge.getStatus()).alert.mute.kind).toBe('until');
  });

  it('reports offline with the retry time and the reason when the hub goes away, and no stale device count', async () => {
    const hub = await startHub();
    const { statuses } = await bridgeTo(hub);
    await hub.stop();
    await waitFor(() => statuses.at(-1)?.connection.state === 'offline');
    const status = statuses.at(-1)!;
    expect(status.connection.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    expect(status.connection.lastError).toMatch(/^(connection lost|the main computer closed the connection \(1001)/);
    expect(status.source.clients).toBeNull();
  });
});
