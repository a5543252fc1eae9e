/** Builds the source a configuration describes. The one place that knows every kind. */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Journal } from '../journal/journal';
import { defined, type SourceConfig } from '../settings/source-config';
import type { SourcePositions } from './positions';
import type { Source } from './source';

export interface SourceContext {
  journal: Journal;
  positions: SourcePositions;
  /** Where the journal lives: with the computer's name, it makes default MQTT client ids stable. */
  dataDir: string;
  /** This device's name, reported when it handles an order (protocol v1). */
  device?: string;
  /**
   * A one-off connection for "Test connection" beside the running source: MQTT then uses its
   * own client id and a clean session, so the broker neither takes the running session (and
   * its queue) away nor keeps a queue for the test.
   */
  probe?: boolean;
}

/**
 * Each kind's adapter, and with it its client library, is loaded when a source of that kind is
 * first made: `orderbell hub`, `send` and a desktop without such sources never load MQTT.js,
 * pusher-js, centrifuge, socket.io-client, eventsource, the NATS client or the Redis client.
 */
export async function createSource(config: SourceConfig, context: SourceContext): Promise<Source> {
  const common = { label: config.label, url: config.url, ...(config.mapping ? { mapping: config.mapping } : {}) };
  const deadAfterS = defined({ deadAfterS: config.deadAfterS });
  const replyTo = 'replyTo' in config ? defined({ replyTo: config.replyTo }) : {};
  switch (config.kind) {
    case 'orderbell': {
      const { OrderbellSource } = await import('./orderbell');
      const connection = config.deadAfterS !== undefined ? { connection: { deadAfterMs: config.deadAfterS * 1000 } } : {};
      return new OrderbellSource({ ...common, journal: context.journal, ...connection, ...defined({ token: config.token, device: context.device }) });
    }
    case 'text': {
      const { TextSource } = await import('./text');
      return new TextSource({
        ...common,
        ...deadAfterS,
        ...defined({ token: config.token, helloText: config.helloText, heartbeatText: config.heartbeatText, heartbeatS: config.heartbeatS }),
        ...(config.ignore ? { ignore: new RegExp(config.ignore) } : {}),
      });
    }
    case 'socketio': {
      const { SocketIoSource } = await import('./socketio');
      return new SocketIoSource({ ...common, ...deadAfterS, ...replyTo, ...defined({ uid: config.uid, events: config.events }) });
    }
    case 'pusher': {
      const { PusherSource } = await import('./pusher');
      return new PusherSource({
        ...common,
        ...deadAfterS,
        key: config.key,
        channel: config.channel,
        ...defined({ cluster: config.cluster, events: config.events, authEndpoint: config.authEndpoint, headers: config.headers, catchUpUrl: config.catchUpUrl }),
      });
    }
    case 'centrifugo': {
      const { CentrifugoSource } = await import('./centrifugo');
      return new CentrifugoSource({ ...common, ...deadAfterS, channel: config.channel, positions: context.positions, ...defined({ token: config.token }) });
    }
    case 'mqtt': {
      const { MqttSource } = await import('./mqtt');
      return new MqttSource({
        ...common,
        ...deadAfterS,
        ...replyTo,
        topic: config.topic,
        clientId: `${config.clientId || defaultClientId(context.dataDir)}${context.probe ? '-test' : ''}`,
        ...(context.probe ? { cleanSession: true } : {}),
        ...defined({ username: config.username, password: config.password }),
        ...defined({ protocolVersion: config.protocolVersion }),
        positions: context.positions,
      });
    }
    case 'sse': {
      const { SseSource } = await import('./sse');
      return new SseSource({ ...common, positions: context.positions, ...defined({ headers: config.headers, events: config.events, idleS: config.idleS }) });
    }
    case 'nats': {
      const { NatsSource } = await import('./nats');
      const { stream, subject, durable, username, password, token, nkeySeed, credsFile } = config;
      return new NatsSource({ ...common, ...deadAfterS, ...replyTo, stream, subject, durable, ...defined({ username, password, token, nkeySeed, credsFile }) });
    }
    case 'redis': {
      const { RedisStreamSource } = await import('./redis-streams');
      return new RedisStreamSource({
        ...common,
        ...deadAfterS,
        ...replyTo,
        stream: config.stream,
        group: config.group,
        consumer: config.consumer || defaultClientId(context.dataDir),
        ...defined({ username: config.username, password: config.password }),
      });
    }
  }
}

/** Stable for this computer and data folder, so the broker finds the same session (the group its pending entries) next time. */
export function defaultClientId(dataDir: string): string {
  return `orderbell-${createHash('sha256').update(`${hostname()}\n${dataDir}`).digest('hex').slice(0, 16)}`;
}
