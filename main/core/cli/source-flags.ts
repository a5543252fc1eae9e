/** `orderbell listen`'s flags for each kind of source, checked into one SourceConfig. */
import { readFileSync } from 'node:fs';
import { defined, MQTT_VERSIONS, parseHeaders, PUSHER_CLUSTER, pusherClusterUrl, URL_SCHEMES, type SourceConfig } from '../settings/source-config';
import { SOURCE_KINDS, type SourceKind } from '../sources/source';
import { choiceFlag, UsageError, urlFlag } from './args';
import { TOKEN_FLAGS, tokenFlag } from './token-flag';

export const SOURCE_FLAGS = {
  source: { type: 'string' },
  mode: { type: 'string' },
  url: { type: 'string' },
  label: { type: 'string' },
  ...TOKEN_FLAGS,
  'hello-text': { type: 'string' },
  'heartbeat-text': { type: 'string' },
  'heartbeat-s': { type: 'string' },
  ignore: { type: 'string' },
  uid: { type: 'string' },
  event: { type: 'string', multiple: true },
  key: { type: 'string' },
  cluster: { type: 'string' },
  channel: { type: 'string' },
  'auth-endpoint': { type: 'string' },
  'catch-up-url': { type: 'string' },
  header: { type: 'string', multiple: true },
  topic: { type: 'string' },
  'client-id': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'mqtt-version': { type: 'string' },
  'dead-after-s': { type: 'string' },
  'idle-s': { type: 'string' },
  stream: { type: 'string' },
  subject: { type: 'string' },
  durable: { type: 'string' },
  'nkey-seed-file': { type: 'string' },
  creds: { type: 'string' },
  group: { type: 'string' },
  consumer: { type: 'string' },
  'reply-to': { type: 'string' },
} as const;

type Flags = { [K in keyof typeof SOURCE_FLAGS]?: (typeof SOURCE_FLAGS)[K] extends { multiple: true } ? string[] : string };

/** The flags each kind takes besides --source, --url and --label. */
const KIND_FLAGS: Record<SourceKind, (keyof Flags)[]> = {
  orderbell: ['token', 'token-file'],
  text: ['token', 'token-file', 'hello-text', 'heartbeat-text', 'heartbeat-s', 'ignore'],
  socketio: ['uid', 'event', 'reply-to'],
  pusher: ['key', 'cluster', 'channel', 'event', 'auth-endpoint', 'catch-up-url', 'header'],
  centrifugo: ['channel', 'token', 'token-file'],
  mqtt: ['topic', 'client-id', 'username', 'password', 'mqtt-version', 'reply-to'],
  sse: ['header', 'event', 'idle-s'],
  nats: ['stream', 'subject', 'durable', 'username', 'password', 'token', 'token-file', 'nkey-seed-file', 'creds', 'reply-to'],
  redis: ['stream', 'group', 'consumer', 'username', 'password', 'reply-to'],
};

export function sourceFromFlags(flags: Flags): SourceConfig {
  const kind = kindOf(flags);
  for (const flag of Object.keys(flags) as (keyof Flags)[]) {
    const general = flag === 'source' || flag === 'mode' || flag === 'url' || flag === 'label' || flag === 'dead-after-s';
    if (!general && flag in SOURCE_FLAGS && !KIND_FLAGS[kind].includes(flag)) throw new UsageError(`--${flag} is not used by --source ${kind}`);
  }
  const cluster = clusterFlag(flags.cluster);
  // Pusher itself needs no --url: the cluster names the host.
  const url =
    kind === 'pusher' && cluster !== undefined && flags.url === undefined
      ? pusherClusterUrl(cluster)
      : kind === 'nats'
        ? serverList(flags.url, URL_SCHEMES.nats)
        : urlFlag('--url', flags.url, URL_SCHEMES[kind]).href;
  const label = flags.label ?? kind;
  // ORDERBELL_TOKEN is the hub's: it is never sent to another kind of server.
  const token = KIND_FLAGS[kind].includes('token') ? tokenFlag(flags, kind === 'orderbell') : undefined;
  const config = kindConfig(kind, flags, { url, label, cluster, token });
  return { ...config, ...defined({ deadAfterS: liveness('--dead-after-s', flags['dead-after-s']), replyTo: replyToFlag(flags['reply-to']) }) } as SourceConfig;
}

interface Common {
  url: string;
  label: string;
  cluster: string | undefined;
  token: string | undefined;
}

function kindConfig(kind: SourceKind, flags: Flags, { url, label, cluster, token }: Common): SourceConfig {
  switch (kind) {
    case 'orderbell':
      return { kind, label, url, ...defined({ token }) };
    case 'text':
      return {
        kind,
        label,
        url,
        ...defined({ token, helloText: flags['hello-text'], heartbeatText: flags['heartbeat-text'], ignore: regexFlag(flags.ignore) }),
        ...(flags['heartbeat-s'] !== undefined ? { heartbeatS: secondsFlag(flags['heartbeat-s'], flags['heartbeat-text']) } : {}),
      };
    case 'socketio':
      return { kind, label, url, ...defined({ uid: flags.uid, events: flags.event }) };
    case 'pusher':
      return {
        kind,
        label,
        url,
        key: required('--key', flags.key, kind),
        channel: required('--channel', flags.channel, kind),
        ...defined({ cluster, events: flags.event, headers: headersFlag(flags.header) }),
        ...defined({ authEndpoint: httpFlag('--auth-endpoint', flags['auth-endpoint']), catchUpUrl: httpFlag('--catch-up-url', flags['catch-up-url']) }),
      };
    case 'centrifugo':
      return { kind, label, url, channel: required('--channel', flags.channel, kind), ...defined({ token }) };
    case 'mqtt':
      return {
        kind,
        label,
        url,
        topic: required('--topic', flags.topic, kind),
        ...defined({ clientId: flags['client-id'] }),
        ...defined({ username: flags.username, password: flags.password }),
        ...(flags['mqtt-version'] !== undefined ? { protocolVersion: choiceFlag('--mqtt-version', flags['mqtt-version'], MQTT_VERSIONS, 'auto') } : {}),
      };
    case 'sse':
      return { kind, label, url, ...defined({ headers: headersFlag(flags.header), events: flags.event, idleS: liveness('--idle-s', flags['idle-s']) }) };
    case 'nats':
      return {
        kind,
        label,
        url,
        stream: required('--stream', flags.stream, kind),
        subject: required('--subject', flags.subject, kind),
        durable: required('--durable', flags.durable, kind),
        ...defined({ username: flags.username, password: flags.password, token, nkeySeed: nkeySeedFlag(flags['nkey-seed-file']), credsFile: flags.creds }),
      };
    case 'redis':
      return {
        kind,
        label,
        url,
        stream: required('--stream', flags.stream, kind),
        group: required('--group', flags.group, kind),
        ...defined({ consumer: flags.consumer, username: flags.username, password: flags.password }),
      };
  }
}

/** NATS takes a cluster's servers in one --url, comma-separated; each is checked. */
function serverList(value: string | undefined, schemes: string[]): string {
  if (value === undefined) return urlFlag('--url', value, schemes).href;
  return value
    .split(',')
    .map((server) => urlFlag('--url', server.trim(), schemes).href)
    .join(',');
}

/** The seed is read from a file, never given on the command line, where every user of the machine sees it. */
function nkeySeedFlag(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  let seed: string;
  try {
    seed = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`--nkey-seed-file cannot be read: ${(error as Error).message}`);
  }
  if (!/^SU[A-Z2-7]{56}$/.test(seed)) throw new UsageError(`--nkey-seed-file must hold a user NKey seed (SU… , 58 characters)`);
  return seed;
}

/** --mode json|text is the older spelling of --source orderbell|text. */
function kindOf(flags: Flags): SourceKind {
  if (flags.source !== undefined && flags.mode !== undefined) throw new UsageError('--mode cannot be combined with --source (use --source orderbell or --source text)');
  if (flags.source !== undefined) return choiceFlag('--source', flags.source, SOURCE_KINDS, 'orderbell');
  const mode = choiceFlag('--mode', flags.mode, ['json', 'text'] as const, 'json');
  return mode === 'json' ? 'orderbell' : 'text';
}

function replyToFlag(value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError('--reply-to must name a topic, event, subject or stream');
  return value?.trim();
}

function required(flag: string, value: string | undefined, kind: SourceKind): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required with --source ${kind}`);
  return value;
}

function clusterFlag(value: string | undefined): string | undefined {
  if (value !== undefined && !PUSHER_CLUSTER.test(value)) throw new UsageError(`--cluster must be a cluster name such as mt1 or eu (lowercase letters, digits, -), got "${value}"`);
  return value;
}

function regexFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    new RegExp(value);
  } catch (error) {
    throw new UsageError(`--ignore is not a valid regular expression: ${(error as Error).message}`);
  }
  return value;
}

function secondsFlag(value: string, heartbeatText: string | undefined): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds <= 0) throw new UsageError(`--heartbeat-s must be a positive number of seconds, got "${value}"`);
  if (heartbeatText === undefined) throw new UsageError('--heartbeat-s needs --heartbeat-text (what to send)');
  return seconds;
}

function liveness(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds < 1 || seconds > 3600) throw new UsageError(`${flag} must be a number of seconds from 1 to 3600, got "${value}"`);
  return seconds;
}

function headersFlag(lines: string[] | undefined): Record<string, string> | undefined {
  if (!lines) return undefined;
  const parsed = parseHeaders(lines);
  if ('bad' in parsed) throw new UsageError(`--header must look like "Name: value", got "${parsed.bad}"`);
  return parsed.headers;
}

function httpFlag(flag: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : urlFlag(flag, value, ['http:', 'https:']).href;
}
