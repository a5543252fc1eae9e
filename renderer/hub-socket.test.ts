import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { ConnectionView } from '../preload/api';
import { HubSocket } from './hub-socket';
import { defer, waitFor } from '../test/helpers';

async function server() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  defer(() => new Promise((resolve) => wss.close(resolve)));
  const connections: WebSocket[] = [];
  const closes: { code: number; reason: string }[] = [];
  wss.on('connection', (socket) => {
    connections.push(socket);
    socket.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }));
  });
  return { wss, url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/ws`, connections, closes };
}

/** A browser's WebSocket: a refused dial is an error then a close, never a throw. */
function browserLike(url: string): globalThis.WebSocket {
  const socket = new WebSocket(url);
  socket.on('error', () => {});
  return socket as unknown as globalThis.WebSocket;
}

function hubSocket(url: string) {
  const states: ConnectionView[] = [];
  const frames: string[] = [];
  let opened = 0;
  const link = new HubSocket(url, { opened: () => opened++, frame: (data) => frames.push(data), connection: (view) => states.push(view) }, Date.now, browserLike);
  defer(() => link.stop());
  return { link, states, frames, opened: () => opened };
}

describe('HubSocket', () => {
  it('dials, reports connecting then online, says when to greet, and passes frames on', async () => {
    const hub = await server();
    const { link, states, frames, opened } = hubSocket(hub.url);
    expect(link.send('too early')).toBe(false);
    link.connect();
    await waitFor(() => opened() === 1);
    expect(states.map((view) => view.state)).toEqual(['connecting', 'online']);
    expect(link.send('hello')).toBe(true);
    await waitFor(() => hub.connections.length === 1);
    hub.connections[0]!.send('{"type":"welcome"}');
    await waitFor(() => frames.length === 1);
    expect(frames).toEqual(['{"type":"welcome"}']);
  });

  it('reports a close with its reason and the retry time, then redials by itself', async () => {
    const hub = await server();
    const { link, states, opened } = hubSocket(hub.url);
    link.connect();
    await waitFor(() => hub.connections.length === 1);
    hub.connections[0]!.close(1011, 'restarting');
    await waitFor(() => states.some((view) => view.state === 'offline'));
    const offline = states.find((view) => view.state === 'offline')!;
    expect(offline.lastError).toBe('closed by the hub (1011: restarting)');
    expect(offline.nextRetryAt).toBeGreaterThanOrEqual(Date.now() - 1000);
    await waitFor(() => opened() === 2, 3000, 'a second connection');
    expect(states.filter((view) => view.state === 'connecting').at(-1)!.lastError).toBe('closed by the hub (1011: restarting)');
  });

  it('on reconnectNow drops the current link and dials at once, without reporting offline', async () => {
    const hub = await server();
    const { link, states, opened } = hubSocket(hub.url);
    link.connect();
    await waitFor(() => opened() === 1);
    link.reconnectNow();
    await waitFor(() => opened() === 2);
    await waitFor(() => hub.closes.length === 1);
    expect(hub.closes).toEqual([{ code: 1000, reason: 'reconnecting' }]);
    expect(states.map((view) => view.state)).toEqual(['connecting', 'online', 'connecting', 'online']);
  });

  it('once stopped, closes and never dials again', async () => {
    const hub = await server();
    const { link, states, opened } = hubSocket(hub.url);
    link.connect();
    await waitFor(() => opened() === 1);
    link.stop();
    await waitFor(() => hub.closes.length === 1);
    link.reconnectNow();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(hub.connections).toHaveLength(1);
    expect(hub.closes).toEqual([{ code: 1000, reason: 'page closing' }]);
    expect(states.map((view) => view.state)).not.toContain('offline');
  });
});
