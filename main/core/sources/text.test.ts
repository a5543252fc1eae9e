/** The text source against the legacy PHP-style server (125-byte frames, no pings answered). */
import { describe, expect, it } from 'vitest';
import { closeWsServer, portOf, sleep, waitFor, wsServer } from '../../../test/helpers';
import { LegacyTextServer } from '../../../test/legacy-text-server';
import { runSources } from '../../../test/source-harness';
import { MAX_MESSAGE_BYTES } from '../link/protocol';
import { createSource } from './create';
import { isHousekeeping, TextSource } from './text';

describe('text source', () => {
  it('says hello, sends its heartbeat, never takes pings, acks or init as orders, and reassembles long texts', async () => {
    const legacy = await LegacyTextServer.start();
    const source = new TextSource({ label: 'GatewayWorker', url: legacy.url, helloText: '{"type":"bind","token":"{token}"}', token: 't1', heartbeatText: '{"type":"ping"}', heartbeatS: 0.05 });
    const harness = await runSources([source]);
    await waitFor(() => legacy.received.filter((text) => text === '{"type":"ping"}').length >= 2, 5000, 'two heartbeats');
    expect(legacy.received[0]).toBe('{"type":"bind","token":"t1"}');

    legacy.send('{"type":"init","client_id":"7f0000010b5400000001"}');
    legacy.send('{"type":"ping"}');
    legacy.send(' {"type": "pong"}');
    const long = `Table 9: ${'烤鸭 '.repeat(60)}`;
    legacy.send(long);
    legacy.send('{"type":"new_order","order_sn":"G-1","title":"Noodles"}');
    await waitFor(() => harness.announced('G-1'), 5000, 'G-1');
    expect(harness.orders.map(({ stored }) => stored.order.text ?? stored.order.id)).toEqual([long, 'G-1']);
    expect(harness.orders[1]!.stored.order).toMatchObject({ title: 'Noodles', source: 'GatewayWorker' });
  });

  it('joins a 300-byte Chinese message split into 125-byte frames into one order with the exact text', async () => {
    const legacy = await LegacyTextServer.start();
    const source = new TextSource({ label: 'legacy', url: legacy.url, textSettleMs: 50 });
    const harness = await runSources([source]);
    await waitFor(() => legacy.connections === 1, 5000, 'connection');
    const text = '新订单！桌号：3，菜品：宫保鸡丁一份、鱼香肉丝一份、米饭两碗，备注：少辣不要香菜，请尽快出餐。谢谢！'.repeat(3);
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(300);
    legacy.send(text);
    await harness.ordersCount(1);
    expect(harness.orders[0]!.stored.order.text).toBe(text);
    expect(harness.orders[0]!.stored.seq).toBeNull();
    expect(source.connection.status.state).toBe('online');
  });

  it('sends the hello text with the token in a handshake under 1 KiB; pings a silent server, and redials one that never answers', async () => {
    const legacy = await LegacyTextServer.start();
    const source = new TextSource({
      label: 'legacy',
      url: legacy.url,
      token: 's3cret',
      helloText: '{"action":"bind","token":"{token}"}',
      deadAfterS: 1,
      connection: { backoff: { initialMs: 10 } },
    });
    const harness = await runSources([source]);
    await waitFor(() => legacy.received.length === 1, 5000, 'the hello');
    expect(legacy.received).toEqual(['{"action":"bind","token":"s3cret"}']);
    expect(legacy.handshakeBytes[0]).toBeLessThan(1024);
    await waitFor(() => legacy.received.length >= 2, 5000, 'a redial (and a second hello) after the silence');
    expect(legacy.opcodes.slice(0, 2)).toEqual([1, 9]);
    expect(harness.lastOffline()?.lastError).toMatch(/^no answer from the server for 1\.\d s, connection presumed dead$/);
  });

  it('keeps a link whose server never answers pings but echoes the heartbeat text', async () => {
    const legacy = await LegacyTextServer.start();
    const source = new TextSource({ label: 'legacy', url: legacy.url, heartbeatText: '{"type":"ping"}', heartbeatS: 0.05, deadAfterS: 0.3 });
    const harness = await runSources([source]);
    const echo = setInterval(() => legacy.send('{"type":"pong"}'), 50);
    await sleep(1000);
    clearInterval(echo);
    expect(harness.statuses.map((status) => status.state)).toEqual(['connecting', 'online']);
  });

  it('takes JSON with an id as a structured order, and does not ring twice for a message repeated at once', async () => {
    const legacy = await LegacyTextServer.start();
    const harness = await runSources([new TextSource({ label: 'legacy', url: legacy.url })]);
    await waitFor(() => legacy.connections === 1, 5000, 'connection');
    legacy.send('{"id":"P-7","table":"5","total":12}');
    legacy.send('Order 8: two coffees');
    legacy.send('Order 8: two coffees');
    legacy.send('Order 9: tea');
    await harness.ordersCount(3);
    await sleep(50);
    expect(harness.orders.map(({ stored }) => stored.order.text ?? stored.order.id)).toEqual(['P-7', 'Order 8: two coffees', 'Order 9: tea']);
    expect(harness.orders[0]!.stored.order).toMatchObject({ id: 'P-7', table: '5', total: 12 });
  });

  it('reads a JSON frame with the field mapping from its settings', async () => {
    const legacy = await LegacyTextServer.start();
    const source = await createSource({ kind: 'text', label: 'till', url: legacy.url, mapping: { id: ['payload.ref'], title: ['payload.headline'] } }, {} as never);
    const harness = await runSources([source]);
    await waitFor(() => legacy.connections === 1, 5000, 'connection');
    legacy.send('{"event":"order","payload":{"ref":"M-3","headline":"Table 2"}}');
    await waitFor(() => harness.announced('M-3'), 5000, 'M-3');
    expect(harness.orders.map(({ stored }) => stored.order)).toEqual([expect.objectContaining({ id: 'M-3', title: 'Table 2', source: 'till' })]);
  });

  it('never rings for JSON with nothing to show (null, true, {}, [], an empty id), says so, and still takes real text and orders', async () => {
    const legacy = await LegacyTextServer.start();
    const harness = await runSources([new TextSource({ label: 'legacy', url: legacy.url })]);
    await waitFor(() => legacy.connections === 1, 5000, 'connection');
    for (const text of ['null', 'true', '{}', ' [ ] ', '{"id":""}', '42', '{"id":"T-2"}']) legacy.send(text);
    await waitFor(() => harness.announced('T-2'), 5000, 'T-2');
    expect(harness.orders.map(({ stored }) => (stored.order.id.startsWith('text-') ? stored.order.text : stored.order.id))).toEqual(['42', 'T-2']);
    expect(harness.warnings).toEqual(['null', 'true', '{}', '[]', '{"id":""}'].map((json) => `ignored a message: ${json} has no id and nothing to show`));
  });

  it('by default drops housekeeping JSON whatever the key order, and never a real order that only mentions such a type', async () => {
    const legacy = await LegacyTextServer.start();
    const harness = await runSources([new TextSource({ label: 'legacy', url: legacy.url })]);
    await waitFor(() => legacy.connections === 1, 5000, 'connection');
    legacy.send('{"client_id":"7f0000010b5400000001","type":"init"}');
    legacy.send('{ "time": 1700000000, "type" : "ping" }');
    legacy.send('{"seq":3,"type":"ack"}');
    legacy.send('{"id":"H-1","items":[{"name":"Tea","type":"ping"}],"note":"\\"type\\":\\"pong\\""}');
    legacy.send('{"type":"new_order","order_sn":"H-2"}');
    await waitFor(() => harness.announced('H-2'), 5000, 'H-2');
    expect(harness.orders.map(({ stored }) => stored.order.id)).toEqual(['H-1', 'H-2']);
    expect(harness.warnings).toEqual([]);
    expect(['{"a":1,"type":"heartbeat"}', '{"type":"pong"}'].every(isHousekeeping)).toBe(true);
    expect(['{"type":"PING"}', '{"order":{"type":"ack"}}', 'type "ping"', '{"type":"ping"', '[{"type":"ping"}]'].some(isHousekeeping)).toBe(false);
  });

  it('a custom ignore pattern replaces the default', async () => {
    const legacy = await LegacyTextServer.start();
    const harness = await runSources([new TextSource({ label: 't', url: legacy.url, ignore: /^ACK\b/ })]);
    await waitFor(() => legacy.connections === 1, 5000, 'connection');
    legacy.send('ACK 12');
    legacy.send('{"type":"ping"}');
    legacy.send('{"id":"T-1"}');
    await waitFor(() => harness.announced('T-1'), 5000, 'T-1');
    expect(harness.orders.map(({ stored }) => (stored.order.id.startsWith('text-') ? stored.order.text : stored.order.id))).toEqual(['{"type":"ping"}', 'T-1']);
  });
});

describe('text source against a GatewayWorker-like server', () => {
  /** A ws server that greets with init, as GatewayWorker's Events::onConnect usually does. */
  async function gateway(port = 0) {
    const server = await wsServer(port);
    const received: string[] = [];
    server.on('connection', (socket) => {
      socket.send('{"type":"init","client_id":"7f00000108fc00000001"}');
      socket.on('message', (data) => received.push(String(data)));
    });
    const send = (text: string) => server.clients.forEach((client) => client.send(text));
    return { server, received, send, port: portOf(server) };
  }

  it('says hello again after the server restarts, and goes on; drops oversized messages', async () => {
    const first = await gateway();
    const source = new TextSource({ label: 'gw', url: `ws://127.0.0.1:${first.port}`, helloText: '{"type":"login","uid":"shop-1"}', connection: { backoff: { initialMs: 50, maxMs: 100 } } });
    const harness = await runSources([source]);
    await waitFor(() => first.received.includes('{"type":"login","uid":"shop-1"}'), 5000, 'hello');
    first.send('{"type":"new_order","order_sn":"W-1"}');
    await harness.ordersCount(1);

    await closeWsServer(first.server);
    const second = await gateway(first.port);
    await waitFor(() => second.received.includes('{"type":"login","uid":"shop-1"}'), 10_000, 'hello after the restart');
    second.send('y'.repeat(MAX_MESSAGE_BYTES + 1));
    second.send('{"type":"new_order","order_sn":"W-2"}');
    await waitFor(() => harness.announced('W-2'), 5000, 'W-2');
    expect(harness.orders.map(({ stored }) => stored.order.id)).toEqual(['W-1', 'W-2']);
    expect(harness.warnings).toEqual([`ignored a message of ${MAX_MESSAGE_BYTES + 1} bytes: the limit is ${MAX_MESSAGE_BYTES}`]);
  });

  it('a server that cuts the link without a close frame (1006), as GatewayWorker cuts a quiet client: the status suggests a heartbeat', async () => {
    const legacy = await LegacyTextServer.start();
    const harness = await runSources([new TextSource({ label: 'gw', url: legacy.url, connection: { backoff: { initialMs: 10_000 } } })]);
    await harness.waitForState('online');
    await legacy.stop();
    await harness.waitForState('offline');
    expect(harness.lastOffline()?.lastError).toBe(
      'server closed the connection (1006): servers such as GatewayWorker cut clients that send nothing; set a heartbeat (--heartbeat-s 25 --heartbeat-text \'{"type":"ping"}\')',
    );
  });
});
