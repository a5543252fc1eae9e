/**
 * The `mqtt` kind: Mosquitto, EMQX, Aedes, NATS and other MQTT brokers, through MQTT.js. A
 * persistent session (clean: false; on MQTT 5 with a session expiry, on 3.1.1 for as long as
 * the broker keeps sessions) under a client id stable per device makes the broker queue QoS 1
 * orders while OrderBell is off. The PUBACK waits until the order is in the journal, so a
 * crash before that gets the message again.
 *
 * MQTT 5 or 3.1.1: `auto` tries 5 and falls back to 3.1.1 when the broker refuses 5 (Aedes,
 * NATS, RabbitMQ before 3.13), and remembers what worked beside the stream positions.
 */
import { TLSSocket } from 'node:tls';
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { DEAD_AFTER_MS } from '../link/dead-link';
import { describeTlsFailure } from '../link/tls-failure';
import type { OrderMapping } from '../orders/mapping-fields';
import type { MqttVersion } from '../settings/source-config';
import { SavedPosition, type SourcePositions } from './positions';
import { RedialingSource, type RedialOptions } from './redial';
import { describeFailure } from './source';

/** How long the broker keeps this device's session and queue while it is away (MQTT 5): a week. */
const SESSION_EXPIRY_S = 7 * 24 * 3600;

/** CONNACK codes of a broker that does not speak the version asked for: 3.1.1's 1, MQTT 5's 0x84. */
const VERSION_REFUSED = new Set([1, 132]);

type WireVersion = 4 | 5;
const WIRE: Record<Exclude<MqttVersion, 'auto'>, WireVersion> = { '5': 5, '3.1.1': 4 };
const NAME: Record<WireVersion, Exclude<MqttVersion, 'auto'>> = { 5: '5', 4: '3.1.1' };

export interface MqttSourceOptions {
  label: string;
  /** mqtt://, mqtts://, ws:// or wss:// */
  url: string;
  topic: string;
  /** Stable per device: the broker keeps the queue under this id. */
  clientId: string;
  /** A one-off connection ("Test connection"): the broker keeps no session or queue for it. */
  cleanSession?: boolean;
  username?: string;
  password?: string;
  /** Default 'auto': MQTT 5, or 3.1.1 when the broker refuses 5. */
  protocolVersion?: MqttVersion;
  /** Where `auto` remembers the version that worked (positions.json). */
  positions?: SourcePositions;
  mapping?: Partial<OrderMapping>;
  backoff?: RedialOptions;
  /** The topic each state change of an order is published to, QoS 1. */
  replyTo?: string;
  /** Silence after which the link is dead and redialled, seconds; default 20. MQTT.js pings at 2/3 of it and gives up at the whole. */
  deadAfterS?: number;
}

export class MqttSource extends RedialingSource {
  private client: MqttClient | undefined;
  private ending: Promise<void> = Promise.resolve();
  private lastError: string | undefined;
  private version: WireVersion;
  /** `auto` switched version since the last connect: a second refusal waits for the backoff. */
  private switched = false;
  private readonly rememberedVersion: SavedPosition;
  private readonly auto: boolean;

  constructor(private readonly options: MqttSourceOptions) {
    super('mqtt', options.label, options.mapping ? { mapping: options.mapping } : {}, options.backoff, true);
    this.rememberedVersion = new SavedPosition(options.positions, `mqtt-version ${options.url}`, (message) => this.emit('warning', message));
    const chosen = options.protocolVersion ?? 'auto';
    this.auto = chosen === 'auto';
    this.version = chosen !== 'auto' ? WIRE[chosen] : this.rememberedVersion.read()?.version === '3.1.1' ? 4 : 5;
  }

  /** Resolves on the broker's PUBACK. */
  override async publishReply(payload: string): Promise<void> {
    if (!this.options.replyTo) throw new Error('no reply topic is set');
    if (!this.client?.connected) throw new Error(`not connected to the broker${this.lastError ? `: ${this.lastError}` : ''}`);
    await this.client.publishAsync(this.options.replyTo, payload, { qos: 1 });
  }

  /** The MQTT version in use or being tried: '5' or '3.1.1'. */
  get protocolVersion(): Exclude<MqttVersion, 'auto'> {
    return NAME[this.version];
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.ending;
    await this.rememberedVersion.settled();
  }

  protected open(): void {
    if (this.client) return;
    this.setStatus({ state: 'connecting', recoverable: true, ...(this.lastError ? { lastError: this.lastError } : {}) });
    const client = mqtt.connect(this.options.url, this.clientOptions());
    this.client = client;
    // Acked (and the next message read) only once the pipeline has stored it, on 3.1.1 as on 5.
    client.handleMessage = (packet, callback) => {
      this.emit('message', {
        payload: (packet as IPublishPacket).payload,
        settled: () => {
          this.delivered();
          callback();
        },
      });
    };
    // A TLS dial reset before its handshake finished met a plain port (see describeTlsFailure);
    // a broker reached that closes without a CONNACK or an error may not speak this version.
    const tls = client.stream instanceof TLSSocket;
    let [handshaking, reached, answered, failed] = [tls, false, false, false];
    client.stream?.once(tls ? 'secureConnect' : 'connect', () => ([handshaking, reached] = [false, true]));
    client.on('connect', () => {
      answered = true;
      if (client === this.client) this.onConnect(client);
    });
    client.on('error', (error) => {
      failed = true;
      if (client === this.client) this.onError(error, handshaking);
    });
    client.on('close', () => client === this.client && this.onClose(reached && !answered && !failed));
  }

  protected close(): void {
    const client = this.client;
    this.client = undefined;
    if (client) this.ending = new Promise((resolve) => client.end(true, {}, () => resolve()));
  }

  private clientOptions(): IClientOptions {
    const persistent = !this.options.cleanSession;
    return {
      clientId: this.options.clientId,
      clean: !persistent,
      protocolVersion: this.version,
      ...(this.version === 5 && persistent ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_S } } : {}),
      ...(this.options.username !== undefined ? { username: this.options.username } : {}),
      ...(this.options.password !== undefined ? { password: this.options.password } : {}),
      keepalive: Math.max(1, Math.round((this.options.deadAfterS ?? DEAD_AFTER_MS / 1000) / 1.5)),
      connectTimeout: 10_000,
      // Redials are ours, with backoff and after refusals too (MQTT.js would stop after a refused CONNACK).
      reconnectPeriod: 0,
      resubscribe: false,
    };
  }

  private onConnect(client: MqttClient): void {
    this.lastError = undefined;
    this.switched = false;
    if (this.auto && this.rememberedVersion.read()?.version !== NAME[this.version]) {
      this.rememberedVersion.save({ version: NAME[this.version] });
    }
    // Online only once the broker grants the subscription: from then on it keeps what comes
    // for this device. Subscribing again on a resumed session is harmless and covers an expired one.
    client.subscribe(this.options.topic, { qos: 1 }, (error, granted) => {
      if (client !== this.client) return;
      const refused = granted?.find((grant) => grant.qos > 2);
      if (!error && !refused) {
        if (granted?.some((grant) => grant.qos === 0)) this.emit('warning', `the broker granted "${this.options.topic}" at QoS 0 only: orders sent while OrderBell is away are not kept`);
        return this.online();
      }
      this.lastError = `the broker refused the subscription to "${this.options.topic}": ${error ? error.message.replace(/^Subscribe error: /, '') : `reason code ${refused!.qos}`}`;
      // Not subscribed is not connected: drop the link, and the redial tries again with backoff.
      this.retryLater(this.lastError);
    });
  }

  private onError(error: Error & { code?: string | number }, handshaking: boolean): void {
    if (typeof error.code === 'number' && VERSION_REFUSED.has(error.code)) return this.versionRefused(describeRefusal(error));
    this.lastError = describeTlsFailure(error, { handshaking }) ?? describeMqttError(error);
  }

  /** The broker does not speak the version dialled: `auto` switches to the other (onClose dials it at once). */
  private versionRefused(reason: string): void {
    const tried = NAME[this.version];
    const other = this.version === 5 ? 4 : 5;
    if (!this.auto) {
      this.lastError = `the broker does not accept MQTT ${tried} (${reason}): set the MQTT version to ${NAME[other]} or auto`;
      return;
    }
    this.lastError = `the broker refused MQTT ${tried} (${reason}); trying MQTT ${NAME[other]}`;
    this.version = other;
    this.emit('warning', this.lastError);
  }

  /** `unanswered`: the broker was reached and closed without a CONNACK or an error. */
  private onClose(unanswered: boolean): void {
    if (this.status.state === 'stopped') return;
    // RabbitMQ before 3.13 answers an MQTT 5 CONNECT by closing the connection.
    if (unanswered && this.version === 5 && this.clientVersion() === 5) this.versionRefused('it closed the connection without answering');
    const switchedVersion = this.clientVersion() !== this.version;
    if (switchedVersion && !this.switched) {
      // The broker answered, only not in this version: ask again in the other one at once.
      this.switched = true;
      this.close();
      return this.open();
    }
    this.retryLater(this.lastError ?? 'the broker closed the connection');
  }

  /** The version the current client dialled with. */
  private clientVersion(): WireVersion | undefined {
    return this.client?.options.protocolVersion as WireVersion | undefined;
  }
}

function describeRefusal(error: Error): string {
  return error.message.replace(/^Connection refused: /, '');
}

function describeMqttError(error: Error & { code?: string | number }): string {
  if (typeof error.code === 'number' && /^Connection refused/.test(error.message)) return `the broker refused the login: ${describeRefusal(error)}`;
  return describeFailure(error);
}
