/**
 * Checks the settings' list of upstream sources, field by field, with the same error codes
 * as the rest of the settings. Pure TypeScript: the order screen runs it as the user types.
 */
import type { SettingsError } from './settings-error';
import { MQTT_VERSIONS, PUSHER_CLUSTER, SOURCE_KINDS, URL_SCHEMES, type SourceConfig, type SourceKind } from './source-config';

export const MAX_SOURCES = 16;
export const SOURCE_LABEL_MAX = 64;
const TEXT_MAX = 4096;
const LIST_MAX = 16;

/** Protocol v1 stays the settings' `source` (hub or push server); this list holds the other kinds. */
export const LISTED_KINDS = SOURCE_KINDS.filter((kind): kind is Exclude<SourceKind, 'orderbell'> => kind !== 'orderbell');

type Input = Record<string, unknown>;

const isRecord = (value: unknown): value is Input => typeof value === 'object' && value !== null && !Array.isArray(value);

export type ListedKind = (typeof LISTED_KINDS)[number];
export type FieldRule = 'text' | 'required' | 'list' | 'headers' | 'seconds' | 'pattern' | 'http' | 'cluster' | 'mqtt-version';

/**
 * OrderBell's cap on a silent link (link/dead-link.ts): in the form of every kind but sse, which
 * has its own idleS; still taken on sse (it does nothing there), so a settings.json with it stays valid.
 */
const DEAD_AFTER: Record<string, FieldRule> = { deadAfterS: 'seconds' };

/** The fields each kind takes besides kind, label, url and mapping, and what each holds; Settings builds its form from it. */
export const KIND_FIELDS: Record<ListedKind, Record<string, FieldRule>> = {
  text: { token: 'text', helloText: 'text', heartbeatText: 'text', heartbeatS: 'seconds', ignore: 'pattern', ...DEAD_AFTER },
  socketio: { uid: 'text', events: 'list', replyTo: 'text', ...DEAD_AFTER },
  pusher: { key: 'required', cluster: 'cluster', channel: 'required', events: 'list', authEndpoint: 'http', headers: 'headers', catchUpUrl: 'http', ...DEAD_AFTER },
  centrifugo: { token: 'text', channel: 'required', ...DEAD_AFTER },
  mqtt: { topic: 'required', clientId: 'text', username: 'text', password: 'text', protocolVersion: 'mqtt-version', replyTo: 'text', ...DEAD_AFTER },
  sse: { headers: 'headers', events: 'list', idleS: 'seconds' },
  nats: { stream: 'required', subject: 'required', durable: 'required', username: 'text', password: 'text', token: 'text', nkeySeed: 'text', credsFile: 'text', replyTo: 'text', ...DEAD_AFTER },
  redis: { stream: 'required', group: 'required', consumer: 'text', username: 'text', password: 'text', replyTo: 'text', ...DEAD_AFTER },
};
const MAPPING_FIELDS = ['id', 'title', 'text', 'total', 'table', 'items', 'customer', 'note', 'createdAt'];

export function checkSourceList(input: unknown): { value?: SourceConfig[]; errors: SettingsError[] } {
  const errors: SettingsError[] = [];
  const fail = (field: string, code: SettingsError['code'], params?: SettingsError['params']) => void errors.push(params ? { field, code, params } : { field, code });
  if (!Array.isArray(input)) return { errors: [{ field: 'sources', code: 'type', params: { want: 'list' } }] };
  if (input.length > MAX_SOURCES) return { errors: [{ field: 'sources', code: 'too-long', params: { max: MAX_SOURCES } }] };
  const labels = new Set<string>();
  input.forEach((entry: unknown, index) => {
    const at = `sources[${index}]`;
    if (!isRecord(entry)) return fail(at, 'type', { want: 'source' });
    const kind = entry.kind as ListedKind;
    if (!LISTED_KINDS.includes(kind)) return fail(`${at}.kind`, 'choice', { choices: LISTED_KINDS.join(', ') });
    const label = entry.label;
    if (typeof label !== 'string' || label.trim() === '') fail(`${at}.label`, 'required');
    else if (label.length > SOURCE_LABEL_MAX) fail(`${at}.label`, 'too-long', { max: SOURCE_LABEL_MAX });
    else if (labels.has(label)) fail(`${at}.label`, 'choice', { choices: 'a label no other source has' });
    else labels.add(label);
    // Pusher itself needs no address: its cluster names the host.
    const clusterHost = kind === 'pusher' && entry.cluster !== undefined && (entry.url === '' || entry.url === undefined);
    // NATS takes a cluster's servers in one field, comma-separated.
    const urls = kind === 'nats' && typeof entry.url === 'string' ? entry.url.split(',').map((url) => url.trim()) : [entry.url];
    if (!clusterHost && !urls.every((url) => hasScheme(url, URL_SCHEMES[kind]))) fail(`${at}.url`, 'url', { schemes: URL_SCHEMES[kind].map((scheme) => `${scheme}//`).join(' ') });
    for (const key of Object.keys(entry)) {
      if (!['kind', 'label', 'url', 'mapping'].includes(key) && !(key in KIND_FIELDS[kind]) && !(key in DEAD_AFTER)) fail(`${at}.${key}`, 'unknown-field');
    }
    for (const [key, rule] of Object.entries({ ...KIND_FIELDS[kind], ...DEAD_AFTER })) checkField(entry[key], rule, `${at}.${key}`, fail);
    if (entry.mapping !== undefined) checkMapping(entry.mapping, `${at}.mapping`, fail);
  });
  return errors.length ? { errors } : { value: input as SourceConfig[], errors };
}

type Fail = (field: string, code: SettingsError['code'], params?: SettingsError['params']) => void;

function checkField(value: unknown, rule: string, field: string, fail: Fail): void {
  if (value === undefined) return rule === 'required' ? fail(field, 'required') : undefined;
  switch (rule) {
    case 'text':
    case 'required':
      if (typeof value !== 'string') return fail(field, 'type', { want: 'text' });
      if (rule === 'required' && value.trim() === '') return fail(field, 'required');
      return value.length > TEXT_MAX ? fail(field, 'too-long', { max: TEXT_MAX }) : undefined;
    case 'cluster':
      return typeof value === 'string' && PUSHER_CLUSTER.test(value) ? undefined : fail(field, 'type', { want: 'cluster' });
    case 'http':
      return hasScheme(value, ['http:', 'https:']) ? undefined : fail(field, 'http-url');
    case 'seconds':
      return typeof value === 'number' && value > 0 && value <= 3600 ? undefined : fail(field, 'range', { min: 1, max: 3600 });
    case 'mqtt-version':
      return (MQTT_VERSIONS as readonly unknown[]).includes(value) ? undefined : fail(field, 'choice', { choices: MQTT_VERSIONS.join(', ') });
    case 'pattern':
      return typeof value === 'string' && isPattern(value) ? undefined : fail(field, 'type', { want: 'pattern' });
    case 'list':
      return isTextList(value) ? undefined : fail(field, 'type', { want: 'list' });
    case 'headers':
      return isRecord(value) && Object.keys(value).length <= LIST_MAX && Object.values(value).every((v) => typeof v === 'string' && v.length <= TEXT_MAX)
        ? undefined
        : fail(field, 'type', { want: 'headers' });
  }
}

function checkMapping(value: unknown, field: string, fail: Fail): void {
  if (!isRecord(value)) return fail(field, 'type', { want: 'mapping' });
  for (const [key, paths] of Object.entries(value)) {
    if (!MAPPING_FIELDS.includes(key)) fail(`${field}.${key}`, 'unknown-field');
    else if (!isTextList(paths)) fail(`${field}.${key}`, 'type', { want: 'list' });
  }
}

function isTextList(value: unknown): boolean {
  return Array.isArray(value) && value.length <= LIST_MAX && value.every((entry) => typeof entry === 'string' && entry.length > 0 && entry.length <= 256);
}

function isPattern(value: string): boolean {
  try {
    new RegExp(value);
    return value.length <= 1024;
  } catch {
    return false;
  }
}

function hasScheme(value: unknown, schemes: string[]): boolean {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    return schemes.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
