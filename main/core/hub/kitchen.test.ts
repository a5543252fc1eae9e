/** The hub's kitchen display with real hubs and protocol clients: routing, bumps synced to every device, restarts. */
import { describe, expect, it } from 'vitest';
import { rawClient, startHub } from '../../../test/hub-harness';
import { waitFor } from '../../../test/helpers';
import { parseStations, routeItems } from '../orders/stations';
import { encode } from '../link/protocol';

const parsed = parseStations('bar: category in [drinks, 饮品]\ngrill: name ~ 烤|BBQ\nkitchen: default');
if (!parsed.ok) throw new Error(parsed.error);
const STATIONS = parsed.value;
const LUNCH = { id: 'L-1', table: 4, items: [{ name: 'Cola', category: 'drinks' }, { name: '烤鸡', category: 'mains' }, { name: 'Rice' }] };

async function device(wsUrl: string, token: string, name: string) {
  const client = await rawClient(wsUrl, token);
  client.socket.send(encode({ type: 'hello', epoch: null, lastSeq: 0, device: name }));
  const bumpsOf = (id: string) => client.messages.filter((m) => m.type === 'bumps' && m.id === id).at(-1)?.bumps;
  return { ...client, bumpsOf };
}

async function bump(url: string, token: string, id: string, body: unknown, device = 'Bar tablet') {
  const response = await fetch(`${url}/api/orders/${encodeURIComponent(id)}/bump`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-OrderBell-Device': device },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Hub kitchen display', () => {
  it('tells every device its stations after hello, and the items routed through the hub land on each station', async () => {
    const { wsUrl, info, post } = await startHub({ stations: STATIONS });
    const screen = await device(wsUrl, info.token, 'Pass');
    await post(LUNCH);
    await waitFor(() => screen.messages.some((m) => m.type === 'order'), 5000, 'the order');
    const stations = screen.messages.find((m) => m.type === 'stations')!.stations as typeof STATIONS;
    expect(stations).toEqual(STATIONS);
    const order = screen.messages.find((m) => m.type === 'order')!.order as Parameters<typeof routeItems>[0];
    const routed = Object.fromEntries([...routeItems(order, stations)].map(([name, items]) => [name, items.map((entry) => entry.item.name)]));
    expect(routed).toEqual({ bar: ['Cola'], grill: ['烤鸡'], kitchen: ['Rice'] });
  });

  it('syncs item and order bumps to every device, says when every station is done, and takes a recall back', async () => {
    const { wsUrl, info, post, hub } = await startHub({ stations: STATIONS });
    const ready: string[] = [];
    hub.kitchen.onOrderReady((id) => ready.push(id));
    const devices = await Promise.all(['Bar', 'Grill', 'Expo'].map((name) => device(wsUrl, info.token, name)));
    await post(LUNCH);
    await waitFor(() => devices.every((d) => d.messages.some((m) => m.type === 'order')), 5000, 'the order on every device');

    // A bump over the WebSocket, by the device's name.
    devices[0]!.socket.send(JSON.stringify({ type: 'bump', id: 'L-1', station: 'bar', item: 0 }));
    await waitFor(() => devices.every((d) => d.bumpsOf('L-1') !== undefined), 5000, 'the bar bump everywhere');
    expect(devices[2]!.bumpsOf('L-1')).toMatchObject({ bar: { items: { 0: { by: 'Bar' } } } });
    expect(await bump(info.url, info.token, 'L-1', { station: 'grill' }, 'Grill tablet')).toMatchObject({ status: 200, body: { id: 'L-1', bumps: { grill: { done: { by: 'Grill tablet' } } } } });
    expect(ready).toEqual([]);
    await bump(info.url, info.token, 'L-1', { station: 'kitchen' });
    expect(ready).toEqual(['L-1']);
    expect(hub.kitchen.isOrderReady('L-1')).toBe(true);
    // A recall brings the kitchen's part back: the order is no longer ready.
    await bump(info.url, info.token, 'L-1', { station: 'kitchen', undo: true });
    expect(hub.kitchen.isOrderReady('L-1')).toBe(false);
    await waitFor(() => devices.every((d) => JSON.stringify(d.bumpsOf('L-1')) === JSON.stringify(hub.orderJournal.bumpsOf('L-1'))), 5000, 'the recall everywhere');
    expect(Object.keys(devices[1]!.bumpsOf('L-1') as object).sort()).toEqual(['bar', 'grill']);
  });

  it('sets an accepted order ready once every station has bumped it; a new one stays as staff left it', async () => {
    const { info, post, hub } = await startHub({ stations: STATIONS });
    await post(LUNCH);
    await post({ ...LUNCH, id: 'L-2' });
    await hub.answers.answer('L-1', { state: 'accepted', readyInMin: 20 }, 'Till');
    for (const id of ['L-1', 'L-2']) {
      for (const station of ['bar', 'grill', 'kitchen']) expect((await bump(info.url, info.token, id, { station })).status).toBe(200);
    }
    await waitFor(() => hub.orderJournal.stateHistory('L-1').length === 2, 5000, 'the ready state');
    expect(hub.orderJournal.stateHistory('L-1')[1]).toMatchObject({ state: 'ready', by: 'kitchen display' });
    expect(hub.kitchen.isOrderReady('L-2')).toBe(true);
    expect(hub.orderJournal.stateHistory('L-2')).toEqual([]);
  });

  it('refuses a bump of an unknown order, station or item, or a malformed one, saying why, and stores nothing', async () => {
    const { wsUrl, info, post, hub } = await startHub({ stations: STATIONS });
    await post(LUNCH);
    expect(await bump(info.url, info.token, 'nope', { station: 'bar' })).toEqual({ status: 404, body: { error: 'no order with id "nope"' } });
    expect(await bump(info.url, info.token, 'L-1', { station: 'pizza' })).toEqual({ status: 400, body: { error: 'no station named "pizza"; the hub has bar, grill, kitchen' } });
    expect(await bump(info.url, info.token, 'L-1', { station: 'bar', item: 3 })).toEqual({ status: 400, body: { error: 'the order has 3 item(s): there is no item 3' } });
    expect(await bump(info.url, info.token, 'L-1', { station: 'bar', item: 'x' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('invalid bump: item:') } });
    expect(await bump(info.url, info.token, 'L-1', [])).toMatchObject({ status: 400 });
    const client = await device(wsUrl, info.token, 'Pad');
    client.socket.send(JSON.stringify({ type: 'bump', id: 'L-1', station: 'pizza' }));
    await waitFor(() => client.messages.some((m) => m.type === 'error'), 5000, 'the error');
    expect(client.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'bump-refused', message: expect.stringContaining('no station named "pizza"') });
    expect(hub.orderJournal.bumpsOf('L-1')).toEqual({});
  });

  it('keeps bumps across a restart and gives a device that reconnects the bumps it missed', async () => {
    const first = await startHub({ stations: STATIONS });
    await first.post(LUNCH);
    await bump(first.info.url, first.info.token, 'L-1', { station: 'bar' });
    await first.stop();
    const again = await startHub({ stations: STATIONS, dataDir: first.dataDir });
    expect(again.hub.orderJournal.bumpsOf('L-1')).toMatchObject({ bar: { done: { by: 'Bar tablet' } } });
    const late = await device(again.wsUrl, again.info.token, 'Expo');
    await waitFor(() => late.bumpsOf('L-1') !== undefined, 5000, 'the bumps after the replay');
    expect(late.bumpsOf('L-1')).toMatchObject({ bar: { done: { by: 'Bar tablet' } } });
    // After its replay: the order came first, then its bumps.
    const kinds = late.messages.map((m) => m.type);
    expect(kinds.indexOf('order')).toBeLessThan(kinds.indexOf('bumps'));
  });
});
