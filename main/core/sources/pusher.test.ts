/**
 * The pusher source (pusher-js, Node build) against a double of the Pusher protocol
 * (test/pusher-server.ts). Not proven here: real Reverb, Soketi or Pusher (their quotas,
 * presence channels, encrypted channels, cluster routing), and TLS.
 */
import Pusher from 'pusher-js';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers';
import { PusherServer } from '../../../test/pusher-server';
import { runSources } from '../../../test/source-harness';
import { MAX_MESSAGE_BYTES } from '../link/protocol';
import { createSource } from './create';
import { PusherSource, pusherClientOptions, type PusherSourceOptions } from './pusher';

const backoff = { initialMs: 50, maxMs: 200 };
const ids = (harness: { orders: { stored: { order: { id: string } } }[] }) => harness.orders.map(({ stored }) => stored.order.id);

function source(server: PusherServer, options: Partial<PusherSourceOptions> = {}): PusherSource {
  return new PusherSource({ label: 'Reverb', url: server.url, key: server.key, channel: 'orders', backoff, ...options });
}

/**
 * What a pusher-js client made with these options would dial; it is never connected (no network beyond 127.0.0.1).
 * `transport`: whether pusher-js has a transport it would dial with at all.
 */
function dialled(options: PusherSourceOptions): { host: string; port: number; tls: boolean; transport: boolean } {
  const ready = Pusher.isReady;
  Pusher.isReady = false;
  try {
    const client = new Pusher(options.key, pusherClientOptions(options));
    const config = (client as unknown as { config: { wsHost: string; wssPort: number; wsPort: number; useTLS: boolean } }).config;
    const transport = (client.connection as unknown as { strategy: { isSupported(): boolean } }).strategy.isSupported();
    client.disconnect();
    return { host: config.wsHost, port: config.useTLS ? config.wssPort : config.wsPort, tls: config.useTLS, transport };
  } finally {
    Pusher.isReady = ready;
  }
}

describe('pusher source', () => {
  it('without a URL dials the cluster\'s host over TLS; with one, the URL\'s host and port', async () => {
    expect(dialled({ label: 'P', key: 'k', cluster: 'eu', channel: 'orders' })).toEqual({ host: 'ws-eu.pusher.com', port: 443, tls: true, transport: true });
    expect(dialled({ label: 'P', url: '', key: 'k', channel: 'orders' })).toEqual({ host: 'ws-mt1.pusher.com', port: 443, tls: true, transport: true });
    expect(dialled({ label: 'P', url: 'ws://127.0.0.1:6001', key: 'k', cluster: 'eu', channel: 'orders' })).toEqual({ host: '127.0.0.1', port: 6001, tls: false, transport: true });
    expect(dialled({ label: 'P', url: 'wss://127.0.0.1:6002', key: 'k', channel: 'orders' })).toEqual({ host: '127.0.0.1', port: 6002, tls: true, transport: true });
    expect(pusherClientOptions({ label: 'P', key: 'k', cluster: 'ap3', channel: 'orders' })).toMatchObject({ cluster: 'ap3' });
    // The settings' shape reaches the source: create.ts hands the cluster on.
    const made = (await createSource({ kind: 'pusher', label: 'P', url: '', key: 'k', cluster: 'us2', channel: 'orders' }, {} as never)) as unknown as { options: PusherSourceOptions };
    expect(dialled(made.options)).toEqual({ host: 'ws-us2.pusher.com', port: 443, tls: true, transport: true });
  });

  it('subscribes to a private channel through the auth endpoint and takes the configured events', async () => {
    const server = await PusherServer.start();
    const harness = await runSources([
      source(server, { channel: 'private-shop.1', events: ['OrderPlaced'], authEndpoint: `${server.httpUrl}/broadcasting/auth`, headers: { Authorization: `Bearer ${server.bearer}` } }),
    ]);
    await harness.waitForState('online');
    expect(server.authRequests).toBe(1);
    expect(harness.statuses.at(-1)).toMatchObject({ recoverable: false });
    server.trigger('private-shop.1', 'OrderPlaced', { order: { id: 'P-1', title: 'Pho', total: 9 } });
    server.trigger('private-shop.1', 'OrderUpdated', { order: { id: 'P-IGNORED' } });
    server.trigger('private-shop.1', 'OrderPlaced', { order: { id: 'P-2' } });
    await waitFor(() => harness.announced('P-2'), 5000, 'P-2');
    expect(ids(harness)).toEqual(['P-1', 'P-2']);
    expect(harness.orders[0]!.stored.order).toMatchObject({ title: 'Pho', total: 9, source: 'Reverb' });
  });

  it('answers the server\'s activity timeout with pings and stays online', async () => {
    const server = await PusherServer.start({ activityTimeoutS: 1 });
    const harness = await runSources([source(server)]);
    await harness.waitForState('online');
    await waitFor(() => server.pings >= 1, 5000, 'a ping');
    expect(harness.statuses.at(-1)?.state).toBe('online');
  });

  it('after a server restart resubscribes and fetches the catch-up URL for what it missed', async () => {
    const server = await PusherServer.start();
    const harness = await runSources([source(server, { catchUpUrl: `${server.httpUrl}/catch-up`, headers: { Authorization: `Bearer ${server.bearer}` } })]);
    await harness.waitForState('online');
    expect(harness.statuses.at(-1)).toMatchObject({ recoverable: true });
    server.trigger('orders', 'order', { id: 'K-1' });
    await harness.ordersCount(1);

    await server.close();
    await waitFor(() => harness.statuses.some((status) => status.state !== 'online'), 5000, 'offline');
    server.recent = [{ id: 'K-1' }, { id: 'K-2' }];
    await server.restart();
    await harness.ordersCount(2, 15_000);
    expect(ids(harness)).toEqual(['K-1', 'K-2']);
    expect(harness.orders[1]!.arrival.replayed).toBe(true);
  });

  it('drops duplicates, garbage and oversized events and goes on', async () => {
    const server = await PusherServer.start();
    const harness = await runSources([source(server)]);
    await harness.waitForState('online');
    for (const data of [{ id: 'G-1' }, { id: 'G-1' }, '', 'x'.repeat(MAX_MESSAGE_BYTES + 1), { id: 'G-2' }]) server.trigger('orders', 'order', data);
    await waitFor(() => harness.announced('G-2'), 5000, 'G-2');
    expect(ids(harness)).toEqual(['G-1', 'G-2']);
    expect(harness.warnings).toEqual(['ignored a message: text: empty message', `ignored a message of ${MAX_MESSAGE_BYTES + 1} bytes: the limit is ${MAX_MESSAGE_BYTES}`]);
  });

  it('a wrong app key or a refused authorisation: a clear status and retries with backoff', async () => {
    const server = await PusherServer.start();
    const wrongKey = await runSources([source(server, { key: 'nope' })]);
    await waitFor(() => wrongKey.statuses.filter((status) => status.state === 'offline').length >= 2, 10_000, 'two refusals');
    expect(wrongKey.lastOffline()?.lastError).toBe('App key nope does not exist (4001)');

    const refused = await runSources([source(server, { channel: 'private-x', authEndpoint: `${server.httpUrl}/broadcasting/auth`, headers: { Authorization: 'Bearer wrong' } })]);
    await waitFor(() => refused.statuses.filter((status) => status.state === 'offline').length >= 2, 10_000, 'two refusals');
    expect(refused.lastOffline()?.lastError).toMatch(/^the subscription to private-x was refused \(HTTP 403\)/);
  });

  it('waits twice as long after each refusal, up to the ceiling', async () => {
    const server = await PusherServer.start();
    const refused = source(server, { key: 'nope', backoff: { initialMs: 40, maxMs: 200, random: () => 1 } });
    const offline: { at: number; nextRetryAt: number }[] = [];
    refused.on('status', (status) => status.state === 'offline' && status.nextRetryAt !== undefined && offline.push({ at: Date.now(), nextRetryAt: status.nextRetryAt }));
    await runSources([refused]);
    await waitFor(() => offline.length >= 5, 10_000, 'five refusals');
    const delays = offline.slice(0, 5).map(({ at, nextRetryAt }) => nextRetryAt - at);
    // Measured when the status arrives, which on a loaded machine can be a few ms after the source
    // set its next try: never longer than the backoff's delay, and well clear of the one before.
    const expected = [40, 80, 160, 200, 200];
    delays.forEach((delay, index) => {
      expect(delay).toBeLessThanOrEqual(expected[index]!);
      expect(delay).toBeGreaterThanOrEqual(expected[index]! - 15);
    });
    // And the source really waited: each refusal comes at least that delay after the one before.
    for (let index = 1; index < 5; index++) expect(offline[index]!.at - offline[index - 1]!.at).toBeGreaterThanOrEqual(delays[index - 1]! - 2);
  });

  it.each(['subscription_error', 'error'] as const)('a signature the server refuses (%s): offline naming the channel and the server\'s reason, retried with backoff, then online', async (refusal) => {
    const server = await PusherServer.start();
    server.refusal = refusal;
    server.authSecret = 'not-the-secret';
    const harness = await runSources([source(server, { channel: 'private-shop.2', authEndpoint: `${server.httpUrl}/broadcasting/auth`, headers: { Authorization: `Bearer ${server.bearer}` } })]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline').length >= 2, 10_000, 'two refusals');
    expect(server.authRequests).toBeGreaterThanOrEqual(2);
    const reason = refusal === 'error' ? 'Invalid signature: Expected HMAC SHA256 hex digest of ' : '(HTTP 401): Invalid signature: Expected HMAC SHA256 hex digest of ';
    expect(harness.lastOffline()?.lastError).toContain(`the subscription to private-shop.2 was refused${refusal === 'error' ? ': ' : ' '}${reason}`);
    server.authSecret = server.secret;
    await harness.waitForState('online', 10_000);
    server.trigger('private-shop.2', 'order', { id: 'S-1' });
    await harness.ordersCount(1);
  });

  it('a refusal pusher-js does not pass on (pusher_internal:subscription_error): offline after the subscription timeout, retried', async () => {
    const server = await PusherServer.start();
    server.refusal = 'internal';
    server.authSecret = 'not-the-secret';
    const harness = await runSources([
      source(server, { channel: 'private-shop.3', subscribeTimeoutMs: 200, authEndpoint: `${server.httpUrl}/broadcasting/auth`, headers: { Authorization: `Bearer ${server.bearer}` } }),
    ]);
    await waitFor(() => harness.statuses.filter((status) => status.state === 'offline').length >= 2, 10_000, 'two timeouts');
    expect(harness.lastOffline()?.lastError).toBe('the server did not answer the subscription to private-shop.3 within 0.2 s');
    server.authSecret = server.secret;
    await harness.waitForState('online', 10_000);
  });

  it('a close in 4100–4199 says why and reconnects after a pause, one in 4200–4299 reconnects at once; orders go on', async () => {
    const server = await PusherServer.start();
    const harness = await runSources([source(server)]);
    await harness.waitForState('online');
    const before = harness.statuses.length;
    server.drop(4100, 'Over capacity');
    await waitFor(() => harness.statuses.slice(before).some((status) => status.state !== 'online'), 5000, 'not online');
    expect(harness.statuses.slice(before).find((status) => status.state !== 'online')).toMatchObject({ lastError: 'Over capacity (4100)' });
    await waitFor(() => harness.statuses.at(-1)?.state === 'online' && server.subscribers === 1, 10_000, 'online again');
    expect(server.connections).toBe(2);
    server.trigger('orders', 'order', { id: 'C-1' });
    await harness.ordersCount(1);

    const connections = server.connections;
    server.drop(4200, 'Generic reconnect immediately');
    await waitFor(() => server.connections > connections && server.subscribers === 1 && harness.statuses.at(-1)?.state === 'online', 10_000, 'online again');
    server.trigger('orders', 'order', { id: 'C-2' });
    await harness.ordersCount(2);
    expect(ids(harness)).toEqual(['C-1', 'C-2']);
  });

  it('answers the server\'s pusher:ping with pusher:pong', async () => {
    const server = await PusherServer.start();
    const harness = await runSources([source(server)]);
    await harness.waitForState('online');
    server.ping();
    await waitFor(() => server.pongs === 1, 5000, 'a pong');
  });

  it('a catch-up URL that fails is a warning that orders may be missing, and live orders go on', async () => {
    const server = await PusherServer.start();
    const harness = await runSources([source(server, { catchUpUrl: `${server.httpUrl}/catch-up`, headers: { Authorization: 'Bearer wrong' } })]);
    await waitFor(() => harness.warnings.length > 0, 5000, 'a warning');
    expect(harness.warnings[0]).toBe(`catch-up from ${server.httpUrl}/catch-up failed, orders sent while offline may be missing: HTTP 403`);
    server.trigger('orders', 'order', { id: 'L-1' });
    await harness.ordersCount(1);
  });
});
