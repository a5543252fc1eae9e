/**
 * Status back to sources, through `orderbell hub`'s outbox, on real servers: each order marked
 * done reaches the source's reply channel once the server took it.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createClient } from '@redis/client';
import mqtt from 'mqtt';
import socketIo from 'socket.io';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { defer, listenOnLoopback, tempDir, waitFor, waitForAsync } from '../../../test/helpers';
import { post, request, startHubProcess } from '../../../test/hub-process';
import { Mosquitto } from '../../../test/mosquitto';
import { natsBackend, redisBackend } from '../../../test/stream-backends';

/** A hub with this source, one order posted and marked done; what the hub logged. */
async function hubMarksDone(sourceFlags: string[], online: RegExp, id: string) {
  const port = await freePort();
  const hub = await startHubProcess(join(await tempDir(), 'hub'), port, sourceFlags);
  await hub.waitForStdout(online, 15_000);
  expect((await post(port, id))?.status).toBe(201);
  expect((await request(port, 'POST', `/api/orders/${id}/handled`)).status).toBe(200);
  return hub;
}

const stateOf = (json: string) => JSON.parse(json) as { event: string; id: string; state: string; by: string; seq: number };

describe('Order states back to the sources (orderbell hub --source … --reply-to …)', () => {
  it('MQTT: publishes each state change to the reply topic with QoS 1', async () => {
    const broker = await Mosquitto.start();
    const url = `mqtt://127.0.0.1:${broker.port}`;
    const backend = await mqtt.connectAsync(url, { clientId: 'chain-backend' });
    defer(() => backend.endAsync());
    const received: { topic: string; qos: number; body: string }[] = [];
    backend.on('message', (topic, payload, packet) => received.push({ topic, qos: packet.qos, body: payload.toString() }));
    await backend.subscribeAsync('chain/shop-1/status', { qos: 1 });
    await hubMarksDone(['--source', 'mqtt', '--url', url, '--topic', 'chain/shop-1/orders', '--label', 'broker', '--reply-to', 'chain/shop-1/status'], /source broker: online/, 'M-1');
    await waitFor(() => received.length === 1, 10_000, 'the status on the reply topic');
    expect(received[0]).toMatchObject({ topic: 'chain/shop-1/status', qos: 1 });
    expect(stateOf(received[0]!.body)).toMatchObject({ event: 'order.state', id: 'M-1', state: 'done', seq: 1 });
  });

  it('NATS: publishes to the reply subject through JetStream, stored in the status stream', async () => {
    const backend = await natsBackend();
    const nc = await connect({ servers: backend.url });
    defer(() => nc.close());
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'STATUS', subjects: ['status.>'] });
    const flags = ['--source', 'nats', '--url', backend.url, '--stream', 'ORDERS', '--subject', 'orders.shop-1', '--durable', 'shop-1', '--label', 'chain', '--reply-to', 'status.shop-1'];
    await hubMarksDone(flags, /source chain: online/, 'N-1');
    await waitForAsync(async () => (await jsm.streams.info('STATUS')).state.messages === 1, 10_000, 'the status in the stream');
    const message = await jsm.streams.getMessage('STATUS', { seq: 1 });
    expect(message?.subject).toBe('status.shop-1');
    expect(stateOf(message!.string())).toMatchObject({ id: 'N-1', state: 'done' });
  });

  it('NATS: a reply subject no stream takes is a clear failure in the log, and nothing is lost', async () => {
    const backend = await natsBackend();
    const flags = ['--source', 'nats', '--url', backend.url, '--stream', 'ORDERS', '--subject', 'orders.shop-1', '--durable', 'shop-1', '--label', 'chain', '--reply-to', 'nowhere.shop-1'];
    const hub = await hubMarksDone(flags, /source chain: online/, 'N-2');
    await hub.waitForStdout(/outbox: nats chain → nowhere.shop-1 failed: no stream takes the subject nowhere.shop-1: add it to a stream's subjects; 1 state change\(s\) waiting/, 15_000);
    // The chain adds the stream: the change kept waiting is delivered on a retry.
    const nc = await connect({ servers: backend.url });
    defer(() => nc.close());
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'LATE', subjects: ['nowhere.>'] });
    await waitForAsync(async () => (await jsm.streams.info('LATE')).state.messages === 1, 20_000, 'the kept change');
    await hub.waitForStdout(/outbox: nats chain → nowhere.shop-1 answers again/);
  });

  it('Redis: XADDs each state change to the status stream', async () => {
    const backend = await redisBackend();
    const client = createClient({ url: backend.url });
    await client.connect();
    defer(() => client.destroy());
    const flags = ['--source', 'redis', '--url', backend.url, '--stream', 'orders:shop-1', '--group', 'shop-1', '--label', 'chain', '--reply-to', 'status:shop-1'];
    await hubMarksDone(flags, /source chain: online/, 'R-1');
    await waitForAsync(async () => (await client.xLen('status:shop-1')) === 1, 10_000, 'the status entry');
    const entries = (await client.xRange('status:shop-1', '-', '+')) ?? [];
    expect(entries).toHaveLength(1);
    expect(stateOf(String(entries[0]!.message.event))).toMatchObject({ id: 'R-1', state: 'done' });
  });

  it('Socket.IO: emits the reply event, delivered once the server acknowledges it', async () => {
    const http = createServer();
    const io = socketIo(http);
    const received: unknown[] = [];
    io.on('connection', (socket) => socket.on('order_state', (body: unknown, ack: () => void) => (received.push(body), ack())));
    const port = await listenOnLoopback(http);
    defer(() => io.close());
    const hub = await hubMarksDone(['--source', 'socketio', '--url', `http://127.0.0.1:${port}`, '--label', 'shop', '--reply-to', 'order_state'], /source shop: online/, 'S-1');
    await waitFor(() => received.length === 1, 10_000, 'the event');
    expect(received[0]).toMatchObject({ event: 'order.state', id: 'S-1', state: 'done' });
    expect(hub.stdout()).toContain('telling socketio shop → order_state each state change of an order');
  });
});
