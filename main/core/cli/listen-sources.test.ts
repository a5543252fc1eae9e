/** `orderbell listen --source …` as a real child process against real servers. */
import { createServer as createTcpServer, type Socket } from 'node:net';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli';
import { defer, listenOnLoopback, sleep, tempDir, waitFor } from '../../../test/helpers';
import { CentrifugoServer } from '../../../test/centrifugo-server';
import { LegacyTextServer } from '../../../test/legacy-text-server';
import { Mosquitto } from '../../../test/mosquitto';
import { startNats } from '../../../test/nats';
import { PusherServer } from '../../../test/pusher-server';
import { SseServer } from '../../../test/sse-server';
import { startWebMsgSender } from '../../../test/web-msg-sender';

const printed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('orderbell listen --source', () => {
  it('socketio: logs in with --uid and prints each order once with its source', async () => {
    const server = await startWebMsgSender();
    const listen = runCli(['listen', '--source', 'socketio', '--url', server.url, '--uid', 'shop-1', '--label', 'web shop', '--data', await tempDir()]);
    await waitFor(() => server.online().includes('shop-1'), 10_000, 'login');
    await server.publish('{"id":"S-1","title":"Salad &amp; soup"}', 'shop-1');
    await server.publish('{"id":"S-1"}', 'shop-1');
    await server.publish('{"id":"S-2"}', 'shop-1');
    await waitFor(() => listen.stdoutLines().length === 2, 10_000, 'two lines');
    expect(printed(listen.stdoutLines())).toEqual([
      { id: 'S-1', title: 'Salad &amp; soup', source: 'web shop', seq: null, handled: null },
      { id: 'S-2', text: '{"id":"S-2"}', source: 'web shop', seq: null, handled: null },
    ]);
    expect(listen.stderr()).toMatch(/note: web shop keeps no history: orders sent while this is offline cannot be recovered from it/);
    listen.child.kill('SIGINT');
    expect((await listen.exited).code).toBe(0);
  });

  it('socketio: --event replaces new_msg with the events named', async () => {
    const server = await startWebMsgSender();
    const listen = runCli(['listen', '--source', 'socketio', '--url', server.url, '--uid', 'shop-2', '--event', 'order.created', '--event', 'order.paid', '--data', await tempDir()]);
    await waitFor(() => server.online().includes('shop-2'), 10_000, 'login');
    await server.publish('{"id":"E-0"}', 'shop-2');
    await server.publish('{"id":"E-1"}', 'shop-2', 'order.created');
    await server.publish('{"id":"E-X"}', 'shop-2', 'chat');
    await server.publish('{"id":"E-2"}', 'shop-2', 'order.paid');
    await waitFor(() => listen.stdoutLines().length === 2, 10_000, 'two lines');
    expect(printed(listen.stdoutLines()).map((line) => [line.id, line.source])).toEqual([['E-1', 'socketio'], ['E-2', 'socketio']]);
    listen.child.kill('SIGINT');
    expect((await listen.exited).code).toBe(0);
  });

  it('mqtt: orders published while listen was stopped are printed once when it runs again', async () => {
    const broker = await Mosquitto.start();
    const dataDir = await tempDir();
    const args = ['listen', '--source', 'mqtt', '--url', broker.url, '--topic', 'shop/orders', '--data', dataDir];
    const first = runCli(args);
    await first.waitForStderr(/online: mqtt:/);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const pub = await mqtt.connectAsync(broker.url);
    defer(() => pub.endAsync(true));
    for (const id of ['Q-1', 'Q-2', 'Q-1']) await pub.publishAsync('shop/orders', JSON.stringify({ id }), { qos: 1 });
    const second = runCli(args);
    await waitFor(() => second.stdoutLines().length === 2, 10_000, 'two lines');
    await pub.publishAsync('shop/orders', '{"id":"Q-3"}', { qos: 1 });
    await waitFor(() => second.stdoutLines().length === 3, 10_000, 'three lines');
    expect(printed(second.stdoutLines()).map((order) => [order.id, order.source])).toEqual([['Q-1', 'mqtt'], ['Q-2', 'mqtt'], ['Q-3', 'mqtt']]);
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  });

  it('mqtt against NATS (3.1.1 only): auto says MQTT 5 was refused and falls back; the next run starts with 3.1.1; --mqtt-version 5 says what to set', async () => {
    const broker = await startNats();
    const dataDir = await tempDir();
    const args = ['listen', '--source', 'mqtt', '--url', broker.url, '--topic', 'shop/orders', '--data', dataDir];
    const first = runCli(args);
    await first.waitForStderr(/online: mqtt:/);
    expect(first.stderr()).toContain('the broker refused MQTT 5 (Unacceptable protocol version); trying MQTT 3.1.1');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = runCli(args);
    await second.waitForStderr(/online: mqtt:/);
    expect(second.stderr()).not.toContain('refused');
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const five = runCli([...args, '--mqtt-version', '5', '--data', await tempDir()]);
    await five.waitForStderr(/the broker does not accept MQTT 5 \(Unacceptable protocol version\): set the MQTT version to 3\.1\.1 or auto/);
    five.child.kill('SIGTERM');
    expect((await five.exited).code).toBe(0);
  });

  it('text: --mode text keeps working, and pings are never orders', async () => {
    const legacy = await LegacyTextServer.start();
    const listen = runCli(['listen', '--mode', 'text', '--url', legacy.url, '--data', await tempDir()]);
    await waitFor(() => legacy.connections === 1, 10_000, 'a connection');
    legacy.send('{"type":"ping"}');
    legacy.send('Table 5: two beers');
    await waitFor(() => listen.stdoutLines().length === 1, 10_000, 'one line');
    expect(printed(listen.stdoutLines())[0]).toMatchObject({ text: 'Table 5: two beers', source: 'text' });
    listen.child.kill('SIGINT');
    expect((await listen.exited).code).toBe(0);
  });

  /** Each kind pushes K-1, K-1 again and K-2; listen prints two lines, each with its --label. */
  it.each([
    [
      'pusher',
      async () => {
        const server = await PusherServer.start();
        const order = (id: string) => server.trigger('private-shop.1', 'OrderPlaced', { order: { id } });
        const auth = [`--auth-endpoint`, `${server.httpUrl}/broadcasting/auth`, '--header', `Authorization: Bearer ${server.bearer}`];
        return { args: ['--url', server.url, '--key', server.key, '--channel', 'private-shop.1', '--event', 'OrderPlaced', ...auth], order };
      },
    ],
    [
      'centrifugo',
      async () => {
        const server = await CentrifugoServer.start();
        return { args: ['--url', server.url, '--channel', 'orders'], order: (id: string) => server.publish('orders', { id }) };
      },
    ],
    [
      'sse',
      async () => {
        const server = await SseServer.start();
        return { args: ['--url', server.url], order: (id: string) => server.publish(JSON.stringify({ id })) };
      },
    ],
  ] as const)('%s: prints each order once as a JSON line with its source', async (kind, serve) => {
    const { args, order } = await serve();
    const listen = runCli(['listen', '--source', kind, ...args, '--label', `shop ${kind}`, '--data', await tempDir()]);
    await listen.waitForStderr(/online: /);
    for (const id of ['K-1', 'K-1', 'K-2']) order(id);
    await waitFor(() => listen.stdoutLines().length === 2, 10_000, 'two lines');
    expect(printed(listen.stdoutLines()).map((line) => [line.id, line.source])).toEqual([['K-1', `shop ${kind}`], ['K-2', `shop ${kind}`]]);
    listen.child.kill('SIGINT');
    expect((await listen.exited).code).toBe(0);
  });

  it('mqtt: a refused login is reported and retried, and neither password is ever printed', async () => {
    const broker = await Mosquitto.start({ user: { name: 'till', password: 'right-pass' } });
    const inUrl = runCli(['listen', '--source', 'mqtt', '--url', `mqtt://till:S3cretUrlPass@127.0.0.1:${broker.port}`, '--topic', 't', '--data', await tempDir()]);
    const flag = runCli(['listen', '--source', 'mqtt', '--url', broker.url, '--topic', 't', '--username', 'till', '--password', 'S3cretFlagPass', '--data', await tempDir()]);
    for (const run of [inUrl, flag]) {
      await run.waitForStderr(/offline: the broker refused the login: (Bad User Name or Password|Not authorized); retrying in \d+\.\d s(.|\n)*connecting to /);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      expect(run.stderr()).not.toMatch(/S3cret/);
    }
  });

  it('socketio: https:// to a plain port that never answers the TLS hello (PHPSocket.IO) says it does not speak TLS, and one SIGTERM ends it', async () => {
    const sockets: Socket[] = [];
    const port = await listenOnLoopback(createTcpServer((socket) => sockets.push(socket)));
    defer(() => sockets.forEach((socket) => socket.destroy()));
    const listen = runCli(['listen', '--source', 'socketio', '--url', `https://127.0.0.1:${port}`, '--data', await tempDir()]);
    await listen.waitForStderr(/the server does not speak TLS on this port/, 25_000);
    listen.kill('SIGTERM');
    const exited = await Promise.race([listen.exited, sleep(5000).then(() => 'still running')]);
    expect(exited).toEqual({ code: 0, signal: null });
  });
});
