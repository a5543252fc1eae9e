/**
 * What one source is configured with: the shape the settings store and the command line
 * both produce. Pure data, so the order screen can edit it too.
 */
import type { OrderMapping } from '../orders/mapping-fields';

export const SOURCE_KINDS = ['orderbell', 'text', 'socketio', 'pusher', 'centrifugo', 'mqtt', 'sse', 'nats', 'redis'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

interface Common {
  /** Shown on this source's orders' cards and in its status; default: the kind. */
  label: string;
  url: string;
  mapping?: Partial<OrderMapping>;
  /** A link silent this long (no frame, no answer to a ping) is dead and redialled, seconds; default 20 (orderbell: 15). */
  deadAfterS?: number;
}

export type SourceConfig = Common &
  (
    | { kind: 'orderbell'; token?: string }
    | { kind: 'text'; token?: string; helloText?: string; heartbeatText?: string; heartbeatS?: number; ignore?: string }
    /** replyTo (socketio, mqtt, nats, redis): where each state change of an order goes back (main/core/outbox/): an event, a topic, a subject, a stream. */
    | { kind: 'socketio'; uid?: string; events?: string[]; replyTo?: string }
    /** url may be empty with a cluster: Pusher's own wss://ws-<cluster>.pusher.com. */
    | { kind: 'pusher'; key: string; cluster?: string; channel: string; events?: string[]; authEndpoint?: string; headers?: Record<string, string>; catchUpUrl?: string }
    | { kind: 'centrifugo'; token?: string; channel: string }
    /** clientId: default, one derived from this computer and its data folder (stable across restarts). */
    | { kind: 'mqtt'; topic: string; clientId?: string; username?: string; password?: string; protocolVersion?: MqttVersion; replyTo?: string }
    /** idleS: no byte at all (keep-alive comments count) for this long is a dead stream; default 45. */
    | { kind: 'sse'; headers?: Record<string, string>; events?: string[]; idleS?: number }
    /** url: one server, or a cluster's servers comma-separated. credsFile and nkeySeed: NATS's decentralised auth. */
    | { kind: 'nats'; stream: string; subject: string; durable: string; username?: string; password?: string; token?: string; nkeySeed?: string; credsFile?: string; replyTo?: string }
    /** consumer: this device's name in the group (default: one stable for this computer and data folder). */
    | { kind: 'redis'; stream: string; group: string; consumer?: string; username?: string; password?: string; replyTo?: string }
  );

/** MQTT 5, 3.1.1, or auto: 5, falling back to 3.1.1 when the broker refuses 5 (remembered). */
export const MQTT_VERSIONS = ['auto', '5', '3.1.1'] as const;
export type MqttVersion = (typeof MQTT_VERSIONS)[number];

/** The URL schemes each kind connects with. */
export const URL_SCHEMES: Record<SourceKind, string[]> = {
  orderbell: ['ws:', 'wss:'],
  text: ['ws:', 'wss:'],
  socketio: ['http:', 'https:', 'ws:', 'wss:'],
  pusher: ['ws:', 'wss:'],
  centrifugo: ['ws:', 'wss:'],
  mqtt: ['mqtt:', 'mqtts:', 'ws:', 'wss:'],
  sse: ['http:', 'https:'],
  nats: ['nats:', 'tls:'],
  redis: ['redis:', 'rediss:'],
};

/** A Pusher cluster's name (mt1, eu, ap-southeast-1): it becomes part of a host name. */
export const PUSHER_CLUSTER = /^[a-z0-9-]{1,32}$/;

/** Where Pusher itself serves a cluster (pusher-js builds the same host from the cluster). */
export const pusherClusterUrl = (cluster: string): string => `wss://ws-${cluster}.pusher.com/`;

/** "Name: value" lines (curl's -H) as headers; null names the first malformed one. */
export function parseHeaders(lines: string[]): { headers: Record<string, string> } | { bad: string } {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!match) return { bad: line };
    headers[match[1]!] = match[2]!;
  }
  return { headers };
}

/** The entries that have a value: options are absent, never `undefined`. */
export function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
