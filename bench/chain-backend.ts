/**
 * The chain's ordering backend for the NATS chain bench, in its own process as a real backend
 * is: its publishing timers, its retries during an election and the stream's acks run on a loop
 * of their own, not on the 500 shops' loop, so publish → stored measures the chain, not the
 * bench. It publishes as docs/chains.md asks a backend to: the order's id as the message id, a
 * failed or timed-out publish sent again every BACKEND_RETRY_MS until the stream acks it. It
 * reports, on the monotonic clock every process on the machine shares, when each order was
 * published and acked, each leader election the servers announce, and its own connection's moves.
 * Controlled over IPC by chains.ts (chain-backend-process.ts).
 */
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { whileElecting } from '../test/nats-cluster';
import type { BackendCommand, BackendReply } from './chain-backend-process';
import { chainOrder, monotonicMs, shopName } from './chain-order';

const BACKEND_RETRY_MS = 250;
/**
 * A stream leader stepping down (lame duck mode, a handover) drops what it is sent without an
 * answer (nats-server 2.9.10, stream.go processInboundJetStreamMsg: "If we are not the leader
 * just ignore"): such a publish is sent again only after this timeout. A publish timed out too
 * soon is only sent again, and the stream's duplicate window drops the copy.
 */
const BACKEND_PUBLISH_TIMEOUT_MS = 500;

const [url, stream, subjectPrefix] = process.argv.slice(2) as [string, string, string];
const send = (reply: BackendReply) => process.send!(reply);

const connection = await connect({ servers: url.split(','), maxReconnectAttempts: -1 });
const js = jetstream(connection);

connection.subscribe(`$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.${stream}`, {
  callback: (error) => void (error || send({ kind: 'election', what: 'stream', at: monotonicMs() })),
});
connection.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.${stream}.*`, {
  callback: (error, message) => void (error || send({ kind: 'election', what: 'consumer', name: message.subject.split('.').pop()!, at: monotonicMs() })),
});
void (async () => {
  for await (const status of connection.status()) {
    if (status.type === 'disconnect' || status.type === 'reconnect') send({ kind: 'link', what: status.type, server: status.server, at: monotonicMs() });
  }
})();
await connection.flush();

async function publish(shop: string, id: string): Promise<void> {
  const sentAt = monotonicMs();
  await whileElecting(() => js.publish(`${subjectPrefix}.${shop}`, chainOrder(id), { msgID: id, timeout: BACKEND_PUBLISH_TIMEOUT_MS }), 30_000, BACKEND_RETRY_MS);
  send({ kind: 'acked', id, sentAt, ackedAt: monotonicMs() });
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
const shopOf = (i: number, shops: number) => shopName(i % shops);

process.on('message', async (command: BackendCommand) => {
  if (command.kind === 'stop') {
    await connection.close();
    process.exit(0);
  }
  const publishing: Promise<void>[] = [];
  if (command.kind === 'paced') {
    const start = monotonicMs();
    for (const [i, id] of ids(command.prefix, command.count).entries()) {
      const wait = start + (i * 1000) / command.rate - monotonicMs();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      publishing.push(publish(shopOf(i, command.shops), id));
    }
  } else {
    for (const [i, id] of ids(command.prefix, command.count).entries()) publishing.push(publish(shopOf(i, command.shops), id));
  }
  await Promise.allSettled(publishing);
  send({ kind: 'published' });
});
send({ kind: 'ready' });
