/**
 * "Test connection" for listed sources: a real Station with an MQTT source running on a real
 * Mosquitto, probed beside it; a refused and a silent server; the wording of the result.
 */
import { createServer, type Socket } from 'node:net';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { Mosquitto } from '../../../test/mosquitto';
import { DEFAULT_SETTINGS } from '../settings/settings';
import { Station } from '../station';
import type { SourceConfig } from '../settings/source-config';
import { probeSource, withSourceProbes } from './probe';
import { SseSource } from './sse';

describe('testing listed sources', () => {
  it('connects each one beside the running sources without disturbing them, and says which could not connect', async () => {
    const broker = await Mosquitto.start();
    const app: SourceConfig = { kind: 'mqtt', label: 'App', url: broker.url, topic: 'shop/1/orders' };
    const station = new Station({
      dataDir: await tempDir(),
      settings: { ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: 'probe-token-0123456789', lan: false }, sources: [app] },
      device: 'till',
    });
    await station.start();
    defer(() => station.stop());
    await waitFor(() => station.status().connection.state === 'online', 10_000, 'online');
    const appStates: string[] = [];
    station.on('status', (status) => appStates.push(status.sources![0]!.state));

    const dead = await freePort();
    const probes = await station.testSources([app, { kind: 'sse', label: 'Mercure', url: `http://127.0.0.1:${dead}/events` }]);
    expect(probes).toEqual([{ label: 'App' }, { label: 'Mercure', error: 'connection refused (is the server running?)' }]);
    // The probe has its own client id and a clean session: the broker did not hand it the running session.
    expect(appStates.filter((state) => state !== 'online')).toEqual([]);
    const publisher = await mqtt.connectAsync(broker.url);
    defer(() => publisher.endAsync(true));
    await publisher.publishAsync('shop/1/orders', '{"id":"P-1"}', { qos: 1 });
    await waitFor(() => station.listOrders().some((view) => view.id === 'P-1'), 10_000, 'P-1 through the running source');
  });

  it('gives up on a server that never answers, and closes the attempt', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise((resolve) => (sockets.forEach((socket) => socket.destroy()), silent.close(resolve))));
    const { port } = silent.address() as { port: number };
    const source = new SseSource({ label: 'Mercure', url: `http://127.0.0.1:${port}/events` });
    expect(await probeSource(source, 300)).toEqual({ label: 'Mercure', error: 'no answer within 1 s' });
    expect(source.status.state).toBe('stopped');
  });

  it('words every source\'s result after the main one; ok only when all connected', () => {
    const main = { ok: true, message: 'This PC is taking orders on port 8083, with 1 device connected.' };
    expect(withSourceProbes(main, [])).toEqual(main);
    expect(withSourceProbes(main, [{ label: 'App' }, { label: 'Mercure', error: 'connection refused (is the server running?)' }])).toEqual({
      ok: false,
      message: 'This PC is taking orders on port 8083, with 1 device connected. App: connected. Mercure: cannot connect: connection refused (is the server running?).',
    });
  });
});
