/**
 * Protocol v1's heartbeat between a real hub and real devices, through a fault proxy whose
 * link goes silent the way shop Wi-Fi does. Intervals are shortened; the mechanism is the one
 * that runs at 6 s / 15 s.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ConnectionStatus } from '../link/connection';
import { Journal } from '../journal/journal';
import { OrderReceiver } from '../link/receiver';
import { defer, sleep, tempDir, waitFor } from '../../../test/helpers';
import { startHub, type RunningHub } from '../../../test/hub-harness';
import { FaultProxy } from '../../../test/proxy';

const HEARTBEAT_MS = 200;

/** A bare protocol client that records every message and answers pings only if told to. */
async function rawDevice(hub: RunningHub, hello: Record<string, unknown>, answerPings: boolean) {
  const socket = new WebSocket(hub.wsUrl, { headers: { Authorization: `Bearer ${hub.info.token}` } });
  defer(() => socket.terminate());
  const messages: string[] = [];
  let closed = false;
  socket.on('message', (data) => {
    const text = data.toString();
    messages.push(JSON.parse(text).type);
    if (answerPings && text === '{"type":"ping"}') socket.send('{"type":"pong"}');
  });
  socket.on('close', () => (closed = true));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, ...hello }));
  return { messages, closed: () => closed };
}

async function deviceBehind(proxy: FaultProxy, hub: RunningHub) {
  const journal = await Journal.open(join(await tempDir(), 'device.log'));
  const receiver = new OrderReceiver({
    url: `ws://127.0.0.1:${proxy.port}/ws`,
    token: hub.info.token,
    journal,
    device: 'till',
    // Dials through the dead link never time out: only dials that overlap them can recover.
    connection: { deadAfterMs: 2.5 * HEARTBEAT_MS, connectTimeoutMs: 600_000, backoff: { initialMs: 50, maxMs: 200 } },
  });
  const statuses: ConnectionStatus[] = [];
  receiver.on('status', (status) => statuses.push(status));
  receiver.start();
  defer(async () => {
    await receiver.stop();
    await journal.close();
  });
  return { receiver, journal, statuses };
}

describe('protocol heartbeat', () => {
  it('pings a device that asked for it, which stays connected while it answers', async () => {
    const hub = await startHub({ heartbeatIntervalMs: HEARTBEAT_MS });
    const device = await rawDevice(hub, { heartbeat: true }, true);
    await waitFor(() => device.messages.filter((type) => type === 'ping').length >= 10, 5000, 'ten pings');
    expect(device.closed()).toBe(false);
    expect(hub.hub.health().clients).toBe(1);
  });

  it('drops a device that asked for the heartbeat and stopped answering', async () => {
    const hub = await startHub({ heartbeatIntervalMs: HEARTBEAT_MS });
    const device = await rawDevice(hub, { heartbeat: true, device: 'mute phone' }, false);
    await waitFor(device.closed, 5000, 'the hub to drop the silent device');
    expect(device.messages).toContain('ping');
    expect(hub.logs.some((line) => /^mute phone \(.+\) silent for \d+\.\d s; disconnected$/.test(line))).toBe(true);
  });

  it('sends no ping message to a device that did not ask (older clients reject unknown types)', async () => {
    const hub = await startHub({ heartbeatIntervalMs: HEARTBEAT_MS });
    const device = await rawDevice(hub, {}, false);
    await sleep(10 * HEARTBEAT_MS);
    expect(device.messages).toEqual(['welcome']);
    expect(device.closed()).toBe(false);
  });

  it('pings an older device the WebSocket way once it connects, and drops it when it stops answering, even after the hub had no device', async () => {
    const hub = await startHub({ pingIntervalMs: HEARTBEAT_MS });
    const first = await rawDevice(hub, {}, false);
    await sleep(3 * HEARTBEAT_MS);
    expect(first.closed()).toBe(false); // ws answers WebSocket pings by itself
    await hub.stop().catch(() => {});
    const quiet = await startHub({ pingIntervalMs: HEARTBEAT_MS });
    await sleep(3 * HEARTBEAT_MS); // no device yet: nothing to ping
    const socket = new WebSocket(quiet.wsUrl, { headers: { Authorization: `Bearer ${quiet.info.token}` }, autoPong: false });
    defer(() => socket.terminate());
    let pings = 0;
    socket.on('ping', () => pings++);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device: 'old till' }));
    await closed;
    expect(pings).toBeGreaterThan(0);
    expect(quiet.logs.some((line) => /^old till \(.+\) stopped answering pings; disconnected$/.test(line))).toBe(true);
  });

  it('a device notices a link that went silent, says why, redials, and catches up once the link is back', async () => {
    const hub = await startHub({ heartbeatIntervalMs: HEARTBEAT_MS });
    const proxy = await FaultProxy.start(hub.info.port);
    const device = await deviceBehind(proxy, hub);
    await waitFor(() => device.receiver.connection.status.state === 'online');
    await sleep(5 * HEARTBEAT_MS); // online through several heartbeats: a live link is not taken for dead
    expect(device.statuses.map((status) => status.state)).toEqual(['connecting', 'online']);

    proxy.mode = 'blackhole';
    await waitFor(() => device.receiver.connection.status.state !== 'online', 5000, 'the silence to be noticed');
    expect(device.statuses.find((status) => status.state === 'offline')?.lastError).toMatch(/^no answer from the server for 0\.\d+ s, connection presumed dead$/);
    await hub.post({ id: 'during-outage' });
    await sleep(5 * HEARTBEAT_MS); // dials go out into the dead link meanwhile, and hang
    expect(device.journal.get('during-outage')).toBeUndefined();

    proxy.mode = 'pass';
    await waitFor(() => device.journal.get('during-outage') !== undefined, 10_000, 'the missed order after the link came back');
    expect(device.receiver.connection.status.state).toBe('online');
  });
});
