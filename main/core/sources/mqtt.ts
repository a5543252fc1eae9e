/**
 * The `mqtt` kind: Mosquitto, EMQX and other MQTT brokers, through MQTT.js. A persistent
 * session (clean: false, with a session expiry on MQTT 5) under a client id stable per device
 * makes the broker queue QoS 1 orders while OrderBell is off. On MQTT 5 the PUBACK waits until
 * the order is in the journal, so a crash before that gets the message again.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Backoff, type BackoffOptions } from '../link/backoff';
import { DEAD_AFTER_MS } from '../link/dead-link';
import type { OrderMapping } from '../orders/mapping-fields';
import { describeFailure, Source } from './source';

/** How long the broker keeps this device's session and queue while it is away: a week. */
const SESSION_EXPIRY_S = 7 * 24 * 3600;

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
  /** 5 (default) acks after journaling; 4 (MQTT 3.1.1) for old brokers, where MQTT.js acks on receipt. */
  protocolVersion?: 4 | 5;
  mapping?: Partial<OrderMapping>;
  backoff?: BackoffOptions;
  /** Silence after which the link is dead and redialled, seconds; default 20. MQTT.js pings at 2/3 of it and gives up at the whole. */
  deadAfterS?: number;
}

export class MqttSource extends Source {
  private client: MqttClient | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;
  private readonly backoff: Backoff;

  constructor(private readonly options: MqttSourceOptions) {
    super('mqtt', options.label, options.mapping ? { mapping: options.mapping } : {});
    this.backoff = new Backoff(options.backoff);
  }

  start(): void {
    if (this.client) return;
    this.setStatus({ state: 'connecting', recoverable: true });
    const client = mqtt.connect(this.options.url, this.clientOptions());
    this.client = client;
    client.on('connect', (connack) => this.onConnect(client, connack.sessionPresent));
    client.on('message', (_topic, payload) => {
      // MQTT 5 delivers through customHandleAcks; here only MQTT 3.1.1's already-acked messages.
      if (this.options.protocolVersion === 4) this.emit('message', { payload });
    });
    client.on('error', (error) => (this.lastError = describeMqttError(error)));
    client.on('close', () => this.onClose());
  }

  async stop(): Promise<void> {
    this.setStatus({ state: 'stopped' });
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
  }

  reconnectNow(): void {
    if (this.status.state === 'stopped' || !this.client) return;
    clearTimeout(this.retryTimer);
    this.backoff.reset();
    this.client.reconnect();
  }

  crashed(why: string): void {
    this.lastError = why;
    this.client?.end(true);
  }

  private clientOptions(): IClientOptions {
    const version = this.options.protocolVersion ?? 5;
    return {
      clientId: this.options.clientId,
      clean: this.options.cleanSession ?? false,
      protocolVersion: version,
      ...(version === 5 ? { customHandleAcks: this.onPublish } : {}),
      ...(version === 5 && !this.options.cleanSession ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_S } } : {}),
      ...(this.options.username !== undefined ? { username: this.options.username } : {}),
      ...(this.options.password !== undefined ? { password: this.options.password } : {}),
      keepalive: Math.max(1, Math.round((this.options.deadAfterS ?? DEAD_AFTER_MS / 1000) / 1.5)),
      connectTimeout: 10_000,
      // Redials are ours, with backoff and after refusals too (MQTT.js would stop after a refused CONNACK).
      reconnectPeriod: 0,
      resubscribe: false,
    };
  }

  private readonly onPublish = (_topic: string, payload: Buffer, _packet: unknown, done: (code: number) => void): void => {
    this.emit('message', { payload, settled: () => done(0) });
  };

  private onConnect(client: MqttClient, sessionPresent: boolean): void {
    this.lastError = undefined;
    this.backoff.reset();
    // Online once subscribed (a resumed session already is): from then on the broker keeps
    // what comes for this device. Subscribing again is harmless and covers an expired session.
    if (sessionPresent) this.setStatus({ state: 'online', recoverable: true });
    client.subscribe(this.options.topic, { qos: 1 }, (error, granted) => {
      const refused = granted?.find((grant) => grant.qos > 2);
      if (!error && !refused) {
        if (this.status.state !== 'online') this.setStatus({ state: 'online', recoverable: true });
        return;
      }
      // Not subscribed is not connected: drop the link, and the redial tries again with backoff.
      this.lastError = `the broker refused the subscription to "${this.options.topic}": ${error ? describeMqttError(error) : `reason code ${refused!.qos}`}`;
      client.end(true);
    });
  }

  private onClose(): void {
    if (this.status.state === 'stopped' || !this.client) return;
    clearTimeout(this.retryTimer);
    const delay = this.backoff.next();
    this.setStatus({ state: 'offline', lastError: this.lastError ?? 'the broker closed the connection', nextRetryAt: Date.now() + delay, recoverable: true });
    this.retryTimer = setTimeout(() => {
      this.setStatus({ state: 'connecting', recoverable: true, ...(this.lastError ? { lastError: this.lastError } : {}) });
      this.client?.reconnect();
    }, delay);
  }
}

function describeMqttError(error: Error & { code?: string | number }): string {
  if (typeof error.code === 'number' && /^Connection refused/.test(error.message)) return `the broker refused the login: ${error.message.replace(/^Connection refused: /, '')}`;
  return describeFailure(error);
}
