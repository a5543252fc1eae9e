import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { ConnectionView } from '../preload/api';
import { createServer, type Socket } from 'node:net';
import { HubSocket, type HubSocketTimes } from './hub-socket';
import { defer, sleep, waitFor } from '../test/helpers';
import { FaultProxy } from '../test/proxy';
import { browserLikeSocket } from '../test/browser';

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


function hubSocket(url: string, times?: HubSocketTimes) {
  const states: ConnectionView[] = [];
  const frames: string[] = [];
  let opened = 0;
  const link = new HubSocket(url, { opened: () => opened++, frame: (data) => frames.push(data), connection: (view) => states.push(view) }, Date.now, browserLikeSocket, times);
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
    expect(offline.lastError).toBe('the main computer closed the connection (1011: restarting)');
    expect(offline.nextRetryAt).toBeGreaterThanOrEqual(Date.now() - 1000);
    await waitFor(() => opened() === 2, 3000, 'a second connection');
    expect(states.filter((view) => view.state === 'connecting').at(-1)!.lastError).toBe('the main computer closed the connection (1011: restarting)');
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

  it('notices a link on which the heartbeat stopped, says so, and redials', async () => {
    const hub = await server();
    const { link, states, opened } = hubSocket(hub.url, { deadAfterMs: 200, connectTimeoutMs: 5000 });
    link.connect();
    await waitFor(() => opened() === 1);
    // This hub never sends a frame: for the page that is a link that went silent.
    await waitFor(() => states.some((view) => view.state === 'offline'), 5000, 'the silence to be noticed');
    expect(states.find((view) => view.state === 'offline')!.lastError).toMatch(/^no word from the main computer for 0\.\d s: the connection is lost$/);
    await waitFor(() => opened() === 2, 5000, 'a redial');
    expect(hub.closes[0]).toEqual({ code: 1000, reason: 'no heartbeat' });
  });

  it('stays online while frames keep coming, however long', async () => {
    const hub = await server();
    hub.wss.on('connection', (socket) => {
      const beat = setInterval(() => socket.send('{"type":"ping"}'), 50);
      socket.on('close', () => clearInterval(beat));
    });
    const { link, states, frames, opened } = hubSocket(hub.url, { deadAfterMs: 500, connectTimeoutMs: 5000 });
    link.connect();
    await waitFor(() => opened() === 1);
    await waitFor(() => frames.length >= 30, 5000, 'three times the limit in heartbeats');
    expect(states.map((view) => view.state)).toEqual(['connecting', 'online']);
  });

  it('gives up on a dial the hub never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise((resolve) => silent.close(resolve)));
    defer(() => sockets.forEach((socket) => socket.destroy()));
    const { link, states } = hubSocket(`ws://127.0.0.1:${(silent.address() as { port: number }).port}/ws`, { deadAfterMs: 5000, connectTimeoutMs: 100 });
    link.connect();
    await waitFor(() => states.some((view) => view.state === 'offline'), 3000);
    expect(states.find((view) => view.state === 'offline')!.lastError).toBe('the main computer did not answer within 0.1 s');
  });

  it('does not wait out a dial lost while the link was down: once the link is back, the next dial gets through', async () => {
    const hub = await server();
    const proxy = await FaultProxy.start(Number(new URL(hub.url).port));
    proxy.mode = 'blackhole';
    const { link, opened } = hubSocket(`ws://127.0.0.1:${proxy.port}/ws`, { deadAfterMs: 5000, connectTimeoutMs: 600_000 });
    link.connect();
    await sleep(100); // the first dial is under way, and lost
    proxy.mode = 'pass';
    await waitFor(() => opened() === 1, 10_000, 'a later dial to open, long before the first one could time out');
  });
});
