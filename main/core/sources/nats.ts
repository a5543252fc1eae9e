/**
 * The `nats` kind: a shop's orders from a NATS JetStream stream, through the official client
 * (@nats-io/transport-node, @nats-io/jetstream). One durable pull consumer per shop (its
 * `durable` name, filtered to the shop's subject) keeps the shop's place in the stream on the
 * servers, replicated with the stream: a shop away for a day finds its orders waiting. Each
 * message is acked only once its order is durable in the journal, so a crash of either side
 * gets it delivered again; the journal drops such a redelivery by its order id.
 */
import { readFile } from 'node:fs/promises';
import { AckPolicy, DeliverPolicy, jetstream, JetStreamApiCodes, JetStreamApiError, jetstreamManager, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { connect, credsAuthenticator, nkeyAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { DEAD_AFTER_MS } from '../link/dead-link';
import type { OrderMapping } from '../orders/mapping-fields';
import { RedialingSource, type RedialOptions } from './redial';
import { describeFailure } from './source';

/**
 * How long the servers wait for an ack before they deliver a message again. A pull request
 * outlives a shop that died (up to PULL_EXPIRES_MS), and what the servers hand it meanwhile
 * waits out this time: together they bound how late a restarted shop gets such an order. It
 * also bounds an order lost on its way when a server dies (the leader handed it to a route
 * through the dead node). Short, as the journal's fsync takes milliseconds: an ack later
 * than this only gets the order again, which the journal drops by its id.
 */
const ACK_WAIT_NS = 4 * 1_000_000_000;
const PULL_EXPIRES_MS = 10_000;
/** A pull whose heartbeats stop this long (2 × its idle heartbeat) is made again, or the connection redialled (see watchConsumer). */
const IDLE_HEARTBEAT_MS = 3_000;
/**
 * A new leader announces itself before it listens for pull requests, and its interest takes a
 * moment to reach the other servers: a pull made at once may find no one to take it. Pulls
 * again this long after an announcement or a "no responders", up to NO_RESPONDERS_RETRIES times.
 */
const LEADER_SETTLE_MS = 250;
const NO_RESPONDERS_RETRIES = 8;

export interface NatsSourceOptions {
  label: string;
  /** nats://host:4222 or tls://host:4222; several servers of a cluster, comma-separated. */
  url: string;
  stream: string;
  /** The shop's subject, e.g. orders.shop-17: the consumer sees only its messages. */
  subject: string;
  /** The consumer's durable name, one per shop (and per device where each device consumes alone). */
  durable: string;
  username?: string;
  password?: string;
  token?: string;
  /** An NKey seed (SU…), or the path of a .creds file (user JWT + seed). */
  nkeySeed?: string;
  credsFile?: string;
  /** The subject each state change of an order is published to, through JetStream (a stream must take it). */
  replyTo?: string;
  mapping?: Partial<OrderMapping>;
  backoff?: RedialOptions;
  /** Silence after which the connection is dead and redialled, seconds; default 20 (the consumer's heartbeats notice sooner). */
  deadAfterS?: number;
}

export class NatsSource extends RedialingSource {
  private connection: NatsConnection | undefined;
  private messages: ConsumerMessages | undefined;
  /** The current pull replaced one that heard nothing, and has heard nothing itself yet. */
  private pulledAgainForSilence = false;
  /** Pulls found no one to take them since the consumer last said anything. */
  private noResponders = 0;

  constructor(private readonly options: NatsSourceOptions) {
    super('nats', options.label, options.mapping ? { mapping: options.mapping } : {}, options.backoff, true);
  }

  /** Resolves on the stream's ack: the change is stored in the cluster. */
  override async publishReply(payload: string): Promise<void> {
    if (!this.options.replyTo) throw new Error('no reply subject is set');
    if (!this.connection || this.status.state !== 'online') throw new Error('not connected to NATS');
    try {
      await jetstream(this.connection).publish(this.options.replyTo, payload);
    } catch (error) {
      const text = describeFailure(error);
      // The client says "jetstream is not enabled" when nothing answers the subject; this source consumes through JetStream, so it is.
      throw new Error(/no responders|503|jetstream is not enabled/i.test(text) ? `no stream takes the subject ${this.options.replyTo}: add it to a stream's subjects` : text);
    }
  }

  protected open(): void {
    if (this.connection || this.status.state === 'stopped') return;
    this.dial((current) => this.consume(current), (error) => describeNatsFailure(error, this.options));
  }

  protected close(): void {
    const messages = this.messages;
    const connection = this.connection;
    this.messages = undefined;
    this.connection = undefined;
    void messages?.close().catch(() => undefined);
    // drain() would wait for acks that can no longer matter; the next connection redelivers.
    void connection?.close().catch(() => undefined);
  }

  private async consume(current: () => boolean): Promise<void> {
    const connection = await connect(await this.connectOptions());
    if (!current()) return void connection.close();
    this.connection = connection;
    void this.watchConnection(connection, current);
    const consumer = await this.ensureConsumer(connection);
    const consumingSinceNs = BigInt(Date.now()) * 1_000_000n;
    this.heard();
    // The pull waits on the consumer's leader alone: a leader that died took it along, and the
    // new one (elected among the consumer's replicas) serves only a pull made after its election.
    // The servers announce each election; hearing ours ends the pull, and the loop pulls again.
    let renewals = 0;
    const renew = () => {
      renewals++;
      void this.messages?.close();
    };
    connection.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.${this.options.stream}.${this.options.durable}`, {
      callback: (error) => {
        if (!error) setTimeout(() => current() && renew(), LEADER_SETTLE_MS);
      },
    });
    let pulledAfter: number;
    do {
      pulledAfter = renewals;
      await this.pull(consumer, connection, current, consumingSinceNs, { renew, renewedSince: () => renewals !== pulledAfter });
    } while (current() && renewals !== pulledAfter);
    if (current()) this.retryLater('the server ended the consumer');
  }

  /** One pull request, renewed by the client, until it is closed (or a renewal was asked for meanwhile). */
  private async pull(consumer: Consumer, connection: NatsConnection, current: () => boolean, consumingSinceNs: bigint, renewal: Renewal): Promise<void> {
    const messages = await consumer.consume({ max_messages: 100, expires: PULL_EXPIRES_MS, idle_heartbeat: IDLE_HEARTBEAT_MS });
    if (!current()) return void messages.close();
    this.messages = messages;
    if (renewal.renewedSince()) void messages.close();
    void this.watchConsumer(messages, connection, current, renewal.renew);
    this.online();
    for await (const message of messages) this.deliver(message, consumingSinceNs);
  }

  /** A message published before this consume began waited in the stream: it is a catch-up. */
  private deliver(message: JsMsg, consumingSinceNs: bigint): void {
    this.heard();
    this.emit('message', {
      payload: message.data,
      replayed: message.redelivered || message.timestampNanos < consumingSinceNs,
      settled: () => {
        message.ack();
        this.delivered();
      },
    });
  }

  /** The consumer answered (a message or a heartbeat): its leader serves this pull. */
  private heard(): void {
    this.pulledAgainForSilence = false;
    this.noResponders = 0;
  }

  private get deadAfterMs(): number {
    return (this.options.deadAfterS ?? DEAD_AFTER_MS / 1000) * 1000;
  }

  /** The shop's durable consumer, made on first use: explicit acks, every message of its subject. */
  private async ensureConsumer(connection: NatsConnection) {
    const { stream, durable, subject } = this.options;
    const manager = await jetstreamManager(connection, { checkAPI: false });
    const info = await manager.consumers.info(stream, durable).catch((error: unknown) => {
      if (isNotFound(error, 'consumer')) return undefined;
      throw error;
    });
    if (!info) {
      await manager.consumers.add(stream, {
        durable_name: durable,
        filter_subject: subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ACK_WAIT_NS,
      });
    } else if (info.config.filter_subject && info.config.filter_subject !== subject) {
      throw new Error(`the consumer "${durable}" reads "${info.config.filter_subject}", not "${subject}": use another --durable`);
    }
    return jetstream(connection).consumers.get(stream, durable);
  }

  private async watchConnection(connection: NatsConnection, current: () => boolean): Promise<void> {
    for await (const status of connection.status()) {
      if (!current()) return;
      if (status.type === 'disconnect' || status.type === 'reconnecting') {
        const server = status.type === 'disconnect' ? ` ${status.server}` : '';
        this.setStatus({ state: 'connecting', lastError: `lost the server${server}, reconnecting`, recoverable: true });
      } else if (status.type === 'reconnect') {
        this.online();
      } else if (status.type === 'error') {
        this.emit('warning', describeFailure(status.error));
      }
    }
    const closed = await connection.closed();
    if (current()) this.retryLater(closed ? describeNatsFailure(closed, this.options) : 'the connection closed');
  }

  private async watchConsumer(messages: ConsumerMessages, connection: NatsConnection, current: () => boolean, renew: () => void): Promise<void> {
    for await (const notice of messages.status()) {
      if (!current()) return;
      if (notice.type === 'consumer_not_found' || notice.type === 'consumer_deleted' || notice.type === 'stream_not_found') {
        return this.retryLater(`the ${notice.type === 'stream_not_found' ? `stream "${this.options.stream}"` : `consumer "${this.options.durable}"`} is gone from the server`);
      }
      if (notice.type === 'heartbeat') this.heard();
      if (notice.type === 'no_responders' && this.noResponders++ < NO_RESPONDERS_RETRIES) {
        setTimeout(() => current() && this.messages === messages && renew(), LEADER_SETTLE_MS);
      }
      if (notice.type === 'heartbeats_missed' && notice.count >= 2) {
        // A server that still answers lost the consumer's leader (it is being elected): a new
        // pull reaches the next one, where a redial would wait for the election in a lookup.
        // A new pull that hears nothing either (no leader can be elected) redials, and says so.
        const answers = await answersWithin(connection, IDLE_HEARTBEAT_MS);
        if (!current() || this.messages !== messages) return;
        if (answers && !this.pulledAgainForSilence) {
          this.pulledAgainForSilence = true;
          return renew();
        }
        return this.retryLater(`no answer from the server for ${((notice.count * IDLE_HEARTBEAT_MS) / 1000).toFixed(1)} s`);
      }
    }
  }

  private async connectOptions(): Promise<NodeConnectionOptions> {
    const { url, username, password, token, nkeySeed, credsFile, label } = this.options;
    const servers = url.split(',').map((server) => server.trim());
    const authenticator = credsFile
      ? credsAuthenticator(new Uint8Array(await readFile(credsFile)))
      : nkeySeed
        ? nkeyAuthenticator(new TextEncoder().encode(nkeySeed))
        : undefined;
    return {
      servers,
      name: `orderbell ${label}`,
      ...(username !== undefined ? { user: username } : {}),
      ...(password !== undefined ? { pass: password } : {}),
      ...(token !== undefined ? { token } : {}),
      ...(authenticator ? { authenticator } : {}),
      ...(servers.some((server) => server.startsWith('tls://')) ? { tls: {} } : {}),
      // Within a connection the client moves to another server of the cluster by itself, fast;
      // a connection that gives up (none reachable) is redialled with our backoff.
      reconnect: true,
      maxReconnectAttempts: 10,
      reconnectTimeWait: 250,
      timeout: 10_000,
      // Stale (and moved to another server) after about deadAfterS without a PONG.
      pingInterval: this.deadAfterMs / 2,
      maxPingOut: 1,
    };
  }
}

interface Renewal {
  /** Ends the current pull; the consume loop makes a new one. */
  renew: () => void;
  renewedSince: () => boolean;
}

/** Whether the server answers a ping within `ms`. */
async function answersWithin(connection: NatsConnection, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const answered = connection.flush().then(() => true, () => false);
  return Promise.race([answered, timeout]).finally(() => clearTimeout(timer));
}

function isNotFound(error: unknown, what: 'consumer' | 'stream'): boolean {
  const code = what === 'consumer' ? JetStreamApiCodes.ConsumerNotFound : JetStreamApiCodes.StreamNotFound;
  return error instanceof JetStreamApiError && error.code === code;
}

/** Words for what stopped the source, naming the stream, consumer or login where that is it. */
function describeNatsFailure(error: unknown, options: NatsSourceOptions): string {
  const message = (error as Error | undefined)?.message ?? String(error);
  if (isNotFound(error, 'stream') || /stream not found/i.test(message)) return `the stream "${options.stream}" does not exist on the server`;
  if (/authorization violation|authentication/i.test(message)) return `the server refused the login: ${message}`;
  if (/permissions? violation/i.test(message)) return `no permission: ${message}`;
  if (/no responders|JetStream not enabled/i.test(message)) return `JetStream is not enabled for this account or server (${message})`;
  if ((error as { code?: string } | undefined)?.code === 'ENOENT') return `the .creds file cannot be read: ${message}`;
  return describeFailure(error);
}
