/** Builds the source a configuration describes. The one place that knows every kind. */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Journal } from '../journal';
import { CentrifugoSource } from './centrifugo';
import { defined, type SourceConfig } from './config';
import { MqttSource } from './mqtt';
import { OrderbellSource } from './orderbell';
import type { SourcePositions } from './positions';
import { PusherSource } from './pusher';
import { SocketIoSource } from './socketio';
import type { Source } from './source';
import { SseSource } from './sse';
import { TextSource } from './text';

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

export function createSource(config: SourceConfig, context: SourceContext): Source {
  const common = { label: config.label, url: config.url, ...(config.mapping ? { mapping: config.mapping } : {}) };
  switch (config.kind) {
    case 'orderbell':
      return new OrderbellSource({ ...common, journal: context.journal, ...defined({ token: config.token, device: context.device }) });
    case 'text':
      return new TextSource({
        ...common,
        ...defined({ token: config.token, helloText: config.helloText, heartbeatText: config.heartbeatText, heartbeatS: config.heartbeatS }),
        ...(config.ignore ? { ignore: new RegExp(config.ignore) } : {}),
      });
    case 'socketio':
      return new SocketIoSource({ ...common, ...defined({ uid: config.uid, events: config.events }) });
    case 'pusher':
      return new PusherSource({
        ...common,
        key: config.key,
        channel: config.channel,
        ...defined({ events: config.events, authEndpoint: config.authEndpoint, headers: config.headers, catchUpUrl: config.catchUpUrl }),
      });
    case 'centrifugo':
      return new CentrifugoSource({ ...common, channel: config.channel, positions: context.positions, ...defined({ token: config.token }) });
    case 'mqtt':
      return new MqttSource({
        ...common,
        topic: config.topic,
        clientId: `${config.clientId || defaultClientId(context.dataDir)}${context.probe ? '-test' : ''}`,
        ...(context.probe ? { cleanSession: true } : {}),
        ...defined({ username: config.username, password: config.password }),
      });
    case 'sse':
      return new SseSource({ ...common, positions: context.positions, ...defined({ headers: config.headers, events: config.events }) });
  }
}


/** Stable for this computer and data folder, so the broker finds the same session next time. */
export function defaultClientId(dataDir: string): string {
  return `orderbell-${createHash('sha256').update(`${hostname()}\n${dataDir}`).digest('hex').slice(0, 16)}`;
}
