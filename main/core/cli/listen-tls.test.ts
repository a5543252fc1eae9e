/**
 * Every kind of source over TLS (wss://, https://, mqtts://), as `orderbell listen` run as a
 * real child process against a real TLS server on 127.0.0.1 whose certificate a throw-away CA
 * signed. Trusting that CA takes NODE_EXTRA_CA_CERTS, as it would a shop's private CA or
 * self-signed certificate; without it each kind must say the certificate is not trusted and
 * keep retrying. Not proven here: public CAs (no network), client certificates, Electron.
 */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { CentrifugoServer } from '../../../test/centrifugo-server';
import { cli, runCli, type CliProcess } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { LegacyTextServer } from '../../../test/legacy-text-server';
import { Mosquitto } from '../../../test/mosquitto';
import { PushServer } from '../../../test/push-server';
import { PusherServer } from '../../../test/pusher-server';
import { SseServer } from '../../../test/sse-server';
import { useTestCerts, type TestCerts } from '../../../test/tls-certs';
import { startWebMsgSender } from '../../../test/web-msg-sender';

const certs = useTestCerts();

type Order = { id: string; title: string };

/** A TLS server of one kind, the `listen` flags for it, when it has the listener subscribed, and how its backend sends an order. */
interface TlsCase {
  kind: string;
  scheme: string;
  start(certs: TestCerts): Promise<{ url: string; flags: string[]; ready(): boolean; send(order: Order): Promise<void> | void }>;
}

const CASES: TlsCase[] = [
  {
    kind: 'socketio',
    scheme: 'https:',
    async start(tls) {
      const server = await startWebMsgSender({ tls });
      return {
        url: server.url,
        flags: ['--uid', 'shop-1'],
        ready: () => server.online().includes('shop-1'),
        send: async (order) => expect(await server.publish(JSON.stringify(order), 'shop-1')).toBe('ok'),
      };
    },
  },
  {
    kind: 'pusher',
    scheme: 'wss:',
    async start(tls) {
      // A private channel: the auth endpoint is https:// too, as Laravel's /broadcasting/auth would be.
      const server = await PusherServer.start({ tls });
      return {
        url: server.url,
        flags: ['--key', server.key, '--channel', 'private-shop.1', '--auth-endpoint', `${server.httpUrl}/broadcasting/auth`, '--header', `Authorization: Bearer ${server.bearer}`],
        ready: () => server.subscribers === 1,
        send: (order) => server.trigger('private-shop.1', 'OrderPlaced', { order }),
      };
    },
  },
  {
    kind: 'centrifugo',
    scheme: 'wss:',
    async start(tls) {
      const server = await CentrifugoServer.start({ tls });
      return {
        url: server.url,
        flags: ['--channel', 'shop:1'],
        ready: () => server.subscribes.length > 0,
        send: (order) => server.publish('shop:1', order),
      };
    },
  },
  {
    kind: 'sse',
    scheme: 'https:',
    async start(tls) {
      const server = await SseServer.start(undefined, tls);
      return {
        url: server.url,
        flags: [],
        ready: () => server.connections === 1,
        send: (order) => server.publish(JSON.stringify(order)),
      };
    },
  },
  {
    kind: 'mqtt',
    scheme: 'mqtts:',
    async start(tls) {
      const broker = await Mosquitto.start({ tls });
      // The shop's backend publishes on the broker's plain listener; OrderBell reads over mqtts://.
      const backend = await mqtt.connectAsync(broker.url);
      defer(() => backend.endAsync(true));
      return {
        url: broker.tlsUrl,
        flags: ['--topic', 'shop/orders'],
        // Online means subscribed.
        ready: () => true,
        send: async (order) => void (await backend.publishAsync('shop/orders', JSON.stringify(order), { qos: 1 })),
      };
    },
  },
  {
    kind: 'text',
    scheme: 'wss:',
    async start(tls) {
      const server = await LegacyTextServer.start(tls);
      return {
        url: server.url,
        flags: [],
        ready: () => server.connections === 1,
        send: (order) => server.send(JSON.stringify(order)),
      };
    },
  },
  {
    kind: 'orderbell',
    scheme: 'wss:',
    async start(tls) {
      const server = await PushServer.start(0, tls);
      return {
        url: server.url,
        flags: [],
        ready: () => server.hellos.length === 1,
        send: (order) => void server.push(order),
      };
    },
  },
];

function listen(kind: string, url: string, flags: string[], dataDir: string, env: Record<string, string> = {}): CliProcess {
  return runCli(['listen', '--source', kind, '--url', url, '--label', `${kind} over TLS`, ...flags, '--data', dataDir], { env });
}

describe.each(CASES)('orderbell listen --source $kind over TLS ($scheme)', ({ kind, scheme, start }) => {
  it('trusting the CA through NODE_EXTRA_CA_CERTS, prints an order sent twice once, with its source', async () => {
    const server = await start(certs());
    expect(new URL(server.url).protocol).toBe(scheme);
    const run = listen(kind, server.url, server.flags, await tempDir(), { NODE_EXTRA_CA_CERTS: certs().caFile });
    await run.waitForStderr(/online: /, 15_000);
    await waitFor(() => server.ready(), 10_000, `${kind} subscribed`);
    // A repeat of T-1 would come before T-2, over the same connection.
    for (const id of ['T-1', 'T-1', 'T-2']) await server.send({ id, title: `Table 4 over TLS` });
    await waitFor(() => run.stdoutLines().some((line) => line.includes('"T-2"')), 10_000, 'T-2 printed');
    expect(run.stdoutLines().map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual(
      ['T-1', 'T-2'].map((id) => expect.objectContaining({ id, title: 'Table 4 over TLS', source: `${kind} over TLS` })),
    );
    run.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('without the CA, says the certificate is not trusted and keeps retrying', async () => {
    const server = await start(certs());
    const run = listen(kind, server.url, server.flags, await tempDir());
    // pusher-js gives up on a dial after its unavailable timeout, 10 s: the first status line comes then.
    await run.waitForStderr(/offline: the server's TLS certificate is not trusted \([^)\n]+\): a self-signed or private-CA certificate must be trusted first \(see "TLS and private certificates" in docs\/sources\.md\); retrying[^\n]*\n(.|\n)*connecting to /, 25_000);
    expect(run.child.exitCode).toBeNull();
    expect(run.stdout()).toBe('');
    run.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  });
});

it('listen --help says how to trust a self-signed or private-CA certificate', async () => {
  expect((await cli(['listen', '--help'])).stdout).toMatch(/self-signed or from the shop's own CA: name that CA's PEM file\nin NODE_EXTRA_CA_CERTS/);
});

it('trusting another CA is not trusting this one: the same status, no order', async () => {
  const server = await PushServer.start(0, certs());
  const run = listen('orderbell', server.url, [], await tempDir(), { NODE_EXTRA_CA_CERTS: certs().otherCaFile });
  await run.waitForStderr(/offline: the server's TLS certificate is not trusted \(unable to verify the first certificate\)/);
  expect(server.hellos).toEqual([]);
  run.kill('SIGINT');
  expect((await run.exited).code).toBe(0);
});
