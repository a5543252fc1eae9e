/**
 * A restart to install an update costs nothing: the restarted app (a new Station on the same
 * data folder) resumes its connection, rings once for what arrived meanwhile, and alerts no
 * handled order again — even when the server replays its whole history. The journal is what
 * guarantees it; these tests hold it to that.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../settings/settings';
import { Station, type Notice } from '../station';
import type { AlertAction } from '../alerts/policy';
import { installVerdict } from './policy';
import { freePort } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { PushServer } from '../../../test/push-server';

async function run(dataDir: string, source: Settings['source']) {
  const station = new Station({ dataDir, settings: { ...DEFAULT_SETTINGS, source }, device: 'till' });
  const notices: Notice[] = [];
  const sounds: AlertAction[] = [];
  station.on('notice', (notice) => notices.push(notice));
  station.on('alert', (action) => action.kind === 'sound' && sounds.push(action));
  await station.start();
  defer(() => station.stop());
  await waitFor(() => station.status().connection.state === 'online', 5000, 'online');
  return { station, notices, sounds };
}

const noticed = (notices: Notice[]) => notices.map((notice) => (notice.kind === 'order' ? notice.view.id : notice.kind === 'summary' ? `summary of ${notice.count}` : `${notice.n} waiting`));
const quietNight = { installFrom: '00:00', installUntil: '23:59', quietHours: [] };

describe('restart to update', () => {
  it('push server: resumes, rings once for the order that came during the restart, and never again for handled ones, even when all is replayed', async () => {
    const push = await PushServer.start();
    const dataDir = await tempDir();
    const source = { kind: 'push-server', url: push.url, token: '', mode: 'json', helloText: '' } as const;
    const before = await run(dataDir, source);
    for (const id of ['A-1', 'A-2']) push.push({ id });
    await waitFor(() => before.station.listOrders().length === 2);
    for (const id of ['A-1', 'A-2']) await before.station.markHandled(id);
    // The policy's own precondition for the restart.
    expect(installVerdict(Date.now() + 30 * 60_000, { unhandled: before.station.status().alert.unhandled, lastOrderAt: null }, quietNight)).toEqual({ ok: true });
    await before.station.stop();

    push.push({ id: 'A-3' }); // while the installer runs
    push.epoch = 'epoch-after-a-server-restore'; // and the server replays its whole history
    const after = await run(dataDir, source);

    await waitFor(() => after.station.status().alert.unhandled === 1, 5000, 'the order from the restart');
    await waitFor(() => after.sounds.length > 0, 5000, 'its ring');
    expect(noticed(after.notices)).toEqual(['A-3']);
    expect(after.station.listOrders().filter((view) => view.handled).map((view) => view.id).sort()).toEqual(['A-1', 'A-2']);
    expect(push.hellos.at(-1)).toMatchObject({ lastSeq: 2 });
  });

  it('embedded hub: comes back on its port, keeps what was handled, and rings only for new orders', async () => {
    const port = await freePort();
    const dataDir = await tempDir();
    const source = { kind: 'hub', port, token: 'restart-token-0123456789', lan: false } as const;
    const post = (id: string) =>
      fetch(`http://127.0.0.1:${port}/api/orders`, { method: 'POST', headers: { Authorization: `Bearer ${source.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) });
    const before = await run(dataDir, source);
    await post('H-1');
    await waitFor(() => before.station.status().alert.unhandled === 1);
    await before.station.markHandled('H-1');
    await before.station.stop();

    const after = await run(dataDir, source);
    expect((await post('H-1')).ok).toBe(true); // a backend retrying an old order
    await post('H-2');
    await waitFor(() => after.station.status().alert.unhandled === 1, 5000, 'the new order');
    expect(noticed(after.notices)).toEqual(['H-2']);
    expect(after.station.listOrders().find((view) => view.id === 'H-1')?.handled).not.toBeNull();
  });
});
