/**
 * The settings as a JSON Schema, for electron-store's own check of the file it writes.
 * validateSettings (settings.ts) is the precise, user-facing check; this one must agree
 * with it, which settings-json-schema.test.ts verifies.
 */
import { DEVICE_NAME_MAX, FEED_URL_MAX, LANGUAGES, MAX_COPIES, PAPER_WIDTHS, PRINT_CHANNELS_MAX, SOUNDS, TICKET_ENCODINGS } from './settings';
import { LISTED_KINDS, MAX_SOURCES, SOURCE_LABEL_MAX } from './source-list';
import { MAX_WEBHOOKS, WEBHOOK_SECRET_MAX, WEBHOOK_URL_MAX } from './webhook-settings';

const integer = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum });
const time = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' };

export const SETTINGS_JSON_SCHEMA = {
  source: {
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'port', 'token', 'lan'],
        properties: { kind: { const: 'hub' }, port: integer(1, 65535), token: { type: 'string', maxLength: 256 }, lan: { type: 'boolean' } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'url', 'token', 'mode', 'helloText'],
        properties: {
          kind: { const: 'push-server' },
          url: { type: 'string', pattern: '^[wW][sS][sS]?://[^\\s/]+', maxLength: 2048 },
          token: { type: 'string', maxLength: 256 },
          mode: { enum: ['json', 'text'] },
          helloText: { type: 'string', maxLength: 4096 },
        },
      },
    ],
  },
  // The outline only: validateSettings checks each kind's own fields.
  sources: {
    type: 'array',
    maxItems: MAX_SOURCES,
    items: {
      type: 'object',
      required: ['kind', 'label', 'url'],
      properties: { kind: { enum: [...LISTED_KINDS] }, label: { type: 'string', minLength: 1, maxLength: SOURCE_LABEL_MAX }, url: { type: 'string', maxLength: 2048 } },
    },
  },
  deviceName: { type: 'string', maxLength: DEVICE_NAME_MAX },
  sound: { enum: [...SOUNDS] },
  volume: integer(0, 100),
  audioOutput: { type: 'string', maxLength: 256 },
  repeatIntervalS: integer(3, 600),
  escalateAfterS: integer(0, 3600),
  unansweredAfterMin: integer(0, 1440),
  offlineAlertAfterS: integer(5, 3600),
  voice: { type: 'boolean' },
  mustAccept: { type: 'boolean' },
  autoAccept: {
    type: 'object',
    additionalProperties: false,
    required: ['channels', 'readyInMin', 'hours'],
    properties: {
      channels: { type: 'array', maxItems: PRINT_CHANNELS_MAX, items: { type: 'string', maxLength: 64 } },
      readyInMin: integer(0, 720),
      hours: { type: 'string', maxLength: 11 },
    },
  },
  quietHours: {
    type: 'array',
    maxItems: 14,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['days', 'start', 'end', 'mode'],
      properties: { days: { type: 'array', minItems: 1, items: integer(0, 6) }, start: time, end: time, mode: { enum: ['quiet', 'silent'] } },
    },
  },
  language: { enum: [...LANGUAGES] },
  reportTimeZone: { type: 'string', maxLength: 64 },
  reportKeepDays: integer(1, 3650),
  startAtLogin: { type: 'boolean' },
  keepAwake: { type: 'boolean' },
  alertWindow: { type: 'boolean' },
  updates: {
    type: 'object',
    additionalProperties: false,
    required: ['enabled', 'feedUrl', 'installFrom', 'installUntil'],
    properties: {
      enabled: { type: 'boolean' },
      feedUrl: { type: 'string', maxLength: FEED_URL_MAX, pattern: '^$|^[hH][tT][tT][pP][sS]?://[^\\s/]+\\S*$' },
      installFrom: time,
      installUntil: time,
    },
  },
  // The outline only: validateSettings checks each webhook's address and secret.
  webhooks: {
    type: 'array',
    maxItems: MAX_WEBHOOKS,
    items: {
      type: 'object',
      required: ['url', 'secret'],
      properties: { url: { type: 'string', maxLength: WEBHOOK_URL_MAX }, secret: { type: 'string', maxLength: WEBHOOK_SECRET_MAX } },
    },
  },
  // The address's form is checked by validateSettings only: a JSON pattern for it would be a second, drifting copy.
  printer: {
    type: 'object',
    additionalProperties: false,
    required: ['address', 'paper', 'encoding', 'copies', 'autoPrint', 'shopName', 'channels'],
    properties: {
      address: { type: 'string', maxLength: 512 },
      paper: { enum: [...PAPER_WIDTHS] },
      encoding: { enum: [...TICKET_ENCODINGS] },
      copies: integer(1, MAX_COPIES),
      autoPrint: { type: 'boolean' },
      shopName: { type: 'string', maxLength: 64 },
      channels: { type: 'array', maxItems: PRINT_CHANNELS_MAX, items: { type: 'string', maxLength: 64 } },
    },
  },
  // The outline only: validateSettings checks each rule (orders/stations.ts).
  stations: { type: 'array', maxItems: 64, items: { type: 'object', required: ['name', 'rule'], properties: { name: { type: 'string', maxLength: 32 }, rule: { type: 'object' } } } },
} as const;
