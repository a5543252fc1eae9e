import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './settings/settings';
import { Station } from './station';
import type { StateChange } from './orders/order-life';
import { freePort } from '../../test/cli';
import { defer, tempDir, waitFor } from '../../test/helpers';

async function desktop(mustAccept: boolean) {
  const port = await freePort();
  const station = new Station({ dataDir: await tempDir(), settings: { ...DEFAULT_SETTINGS, mustAccept, source: { kind: 'hub', port, token: 'station-token-0123456789', lan: false } }, device: 'till' });
  const changes: StateChange[] = [];
  station.on('state', (change) => changes.push(change));
  await station.start();
  defer(() => station.stop());
  await waitFor(() => station.status().connection.state === 'online', 10_000, 'online');
  await fetch(`http://127.0.0.1:${port}/api/orders`, { method: 'POST', headers: { Authorization: 'Bearer station-token-0123456789', 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'D-1' }) });
  await waitFor(() => station.listOrders().length === 1, 10_000, 'the order');
  return { station, changes };
}

describe('answering on the desktop', () => {
  it('answers at the hub on this PC, hears each change as a state event, and lists the history', async () => {
    const { station, changes } = await desktop(false);
    expect(await station.answerOrder('D-1', { state: 'accepted', readyInMin: 15 })).toEqual({ ok: true, message: '' });
    expect(await station.answerOrder('D-1', { state: 'accepted', readyInMin: 15 })).toEqual({ ok: false, message: expect.stringMatching(/^already accepted by till at /) });
    await waitFor(() => changes.length === 1, 10_000, 'the state event');
    expect(changes[0]).toMatchObject({ id: 'D-1', state: 'accepted', by: 'till', seq: 1 });
    expect(station.listOrders()[0]!.history).toMatchObject([{ state: 'accepted' }]);
    expect(station.status().alert.ringing).toBe(true); // accepting is not required: done stops it
  });

  it('with "Orders must be accepted" on, stops ringing once accepted', async () => {
    const { station, changes } = await desktop(true);
    expect(station.status().alert.ringing).toBe(true);
    await station.answerOrder('D-1', { state: 'accepted', readyInMin: 15 });
    await waitFor(() => changes.length === 1, 10_000, 'the state event');
    expect(station.status().alert.ringing).toBe(false);
  });
});
