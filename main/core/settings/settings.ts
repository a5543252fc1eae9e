/**
 * The settings schema: what the order screen edits and the main process stores. Pure
 * TypeScript (no Node or DOM), so the renderer validates as the user types with the very
 * rules main applies before saving. Errors are codes with parameters; each UI language
 * words them (renderer/i18n).
 */
import { DEVICE_NAME_MAX } from '../orders/device-name';
import { parsePrinterAddress } from './printer-address';

import type { SourceConfig } from './source-config';
import { checkSourceList } from './source-list';
import { checkWebhooks, type WebhookSetting } from './webhook-settings';
import type { SettingsError, SettingsErrorCode } from './settings-error';
import { parseStations, validateStations, type Station } from '../orders/stations';

export type SourceSettings =
  | { kind: 'hub'; port: number; token: string; lan: boolean }
  | { kind: 'push-server'; url: string; token: string; mode: 'json' | 'text'; helloText: string };

export interface QuietHours {
  /** 0 = Sunday … 6 = Saturday: the days on which the period starts. */
  days: number[];
  /** "HH:MM", local time. A period whose end is before its start crosses midnight. */
  start: string;
  end: string;
  /** quiet: sound at a third of the volume; silent: no sound (badges and notifications stay). */
  mode: 'quiet' | 'silent';
}

export interface UpdateSettings {
  /** Check, download and install by itself; off for shops whose IT installs updates. */
  enabled: boolean;
  /** Where updates come from instead of the address built in ('' = built in): http(s) URL of a folder with latest.yml. */
  feedUrl: string;
  /** "HH:MM" local time: installs happen between these (or in silent quiet hours), never with an order waiting. */
  installFrom: string;
  installUntil: string;
}

export const SOUNDS = ['chime', 'bell', 'marimba'] as const;
export type SoundChoice = (typeof SOUNDS)[number];
export const LANGUAGES = ['auto', 'en', 'zh-CN'] as const;
export type LanguageSetting = (typeof LANGUAGES)[number];

export { DEVICE_NAME_MAX } from '../orders/device-name';

export const PAPER_WIDTHS = [58, 80] as const;
export const TICKET_ENCODINGS = ['gb18030', 'multilingual'] as const;
export const MAX_COPIES = 9;
export const PRINT_CHANNELS_MAX = 20;

/** Kitchen tickets (docs/printing.md). */
export interface PrinterSettings {
  /** '' = no printer; tcp://HOST:9100, cups:QUEUE or system:NAME. */
  address: string;
  paper: (typeof PAPER_WIDTHS)[number];
  encoding: (typeof TICKET_ENCODINGS)[number];
  /** Copies of each new order's ticket. */
  copies: number;
  /** Print each new order as it arrives (on once a printer is chosen); off: only the Print button prints. */
  autoPrint: boolean;
  /** Printed at the top of each ticket. */
  shopName: string;
  /**
   * Print only orders whose channel or source label is one of these (e.g. just "delivery",
   * or the label of the delivery platform's source); empty = every order.
   */
  channels: string[];
}

export interface Settings {
  source: SourceSettings;
  /** More upstream connections (socketio, mqtt, pusher, …) feeding the same screen, beside `source`. */
  sources: SourceConfig[];
  /** Who "handled" an order is, as other devices show it; '' = the computer's name (a web view: its platform, browser and a suffix). */
  deviceName: string;
  sound: SoundChoice;
  /** 0–100. */
  volume: number;
  /** The audio output (a media device id) where the browser supports choosing one; '' = the system's. */
  audioOutput: string;
  /** Seconds between repeats of the alert while an order is unhandled. */
  repeatIntervalS: number;
  /** Seconds unhandled before the alert gets louder and speaks; 0 turns escalation off. */
  escalateAfterS: number;
  /** Minutes an order may stay unanswered before the embedded hub tells the webhooks and reply channels (`order.unanswered`, once); 0 = never. */
  unansweredAfterMin: number;
  /** Seconds offline before being offline is itself an alert. */
  offlineAlertAfterS: number;
  voice: boolean;
  /** Orders must be accepted: ringing stops at accepted, and a softer reminder rings at the ready time. Off: done stops it. */
  mustAccept: boolean;
  /** The hub on this PC accepts orders of these channels or sources at once (orders/auto-accept.ts); no channels = off. */
  autoAccept: { channels: string[]; readyInMin: number; hours: string };
  quietHours: QuietHours[];
  language: LanguageSetting;
  startAtLogin: boolean;
  /** Desktop: keep the PC from sleeping while OrderBell runs. */
  keepAwake: boolean;
  /** Desktop: also show an always-on-top alert window while orders are unhandled. */
  alertWindow: boolean;
  /** Desktop: how OrderBell updates itself. */
  updates: UpdateSettings;
  printer: PrinterSettings;
  /** The embedded hub tells these each state change of an order (docs/integration.md). */
  webhooks: WebhookSetting[];
  /** The shop's time zone for reports (an IANA name, e.g. Asia/Shanghai); '' = this machine's. */
  reportTimeZone: string;
  /** Desktop: days handled orders are kept in the journal for reports (read when OrderBell starts). */
  reportKeepDays: number;
  /** The kitchen display's stations (docs/stations.md), which the embedded hub sends to every device. */
  stations: Station[];
}

export const DEFAULT_SETTINGS: Settings = {
  source: { kind: 'hub', port: 8083, token: '', lan: true },
  sources: [],
  deviceName: '',
  sound: 'chime',
  volume: 80,
  audioOutput: '',
  repeatIntervalS: 10,
  escalateAfterS: 60,
  unansweredAfterMin: 0,
  offlineAlertAfterS: 30,
  voice: true,
  mustAccept: false,
  autoAccept: { channels: [], readyInMin: 20, hours: '' },
  quietHours: [],
  language: 'auto',
  startAtLogin: true,
  keepAwake: false,
  alertWindow: false,
  updates: { enabled: true, feedUrl: '', installFrom: '03:00', installUntil: '05:00' },
  printer: { address: '', paper: 80, encoding: 'gb18030', copies: 1, autoPrint: true, shopName: '', channels: [] },
  webhooks: [],
  reportTimeZone: '',
  reportKeepDays: 30,
  stations: [],
};

export type SettingsResult = { ok: true; value: Settings } | { ok: false; errors: SettingsError[] };

type Input = Record<string, unknown>;

class Checker {
  readonly errors: SettingsError[] = [];

  fail(field: string, code: SettingsErrorCode, params?: SettingsError['params']): undefined {
    this.errors.push(params ? { field, code, params } : { field, code });
    return undefined;
  }

  integer(input: Input, key: string, field: string, min: number, max: number): number | undefined {
    const value = input[key];
    if (value === undefined) return this.fail(field, 'required');
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.fail(field, 'type', { want: 'integer' });
    if (value < min || value > max) return this.fail(field, 'range', { min, max });
    return value;
  }

  boolean(input: Input, key: string, field: string): boolean | undefined {
    const value = input[key];
    if (typeof value !== 'boolean') return this.fail(field, value === undefined ? 'required' : 'type', { want: 'boolean' });
    return value;
  }

  text(input: Input, key: string, field: string, max: number, required = false): string | undefined {
    const value = input[key] ?? '';
    if (typeof value !== 'string') return this.fail(field, 'type', { want: 'text' });
    if (required && value.trim() === '') return this.fail(field, 'required');
    if (value.length > max) return this.fail(field, 'too-long', { max });
    return value;
  }

  choice<T extends string>(input: Input, key: string, field: string, choices: readonly T[]): T | undefined {
    const value = input[key];
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      return this.fail(field, 'choice', { choices: choices.join(', ') });
    }
    return value as T;
  }
}

function isRecord(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkSource(check: Checker, input: unknown): SourceSettings | undefined {
  if (!isRecord(input)) return check.fail('source', 'required');
  const kind = check.choice(input, 'kind', 'source.kind', ['hub', 'push-server'] as const);
  if (kind === 'hub') {
    const port = check.integer(input, 'port', 'source.port', 1, 65535);
    const token = check.text(input, 'token', 'source.token', 256);
    const lan = check.boolean(input, 'lan', 'source.lan');
    return port === undefined || token === undefined || lan === undefined ? undefined : { kind, port, token, lan };
  }
  if (kind === 'push-server') {
    const url = check.text(input, 'url', 'source.url', 2048, true);
    if (url !== undefined && !/^wss?:\/\/[^\s/]+/i.test(url)) check.fail('source.url', 'url');
    const token = check.text(input, 'token', 'source.token', 256);
    const mode = check.choice(input, 'mode', 'source.mode', ['json', 'text'] as const);
    const helloText = check.text(input, 'helloText', 'source.helloText', 4096);
    if ([url, token, mode, helloText].includes(undefined) || check.errors.some((e) => e.field === 'source.url')) return undefined;
    return { kind, url: url!, token: token!, mode: mode!, helloText: helloText! };
  }
  return undefined;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function checkQuietHours(check: Checker, input: unknown): QuietHours[] | undefined {
  if (!Array.isArray(input)) return check.fail('quietHours', 'type', { want: 'list' });
  if (input.length > 14) return check.fail('quietHours', 'too-long', { max: 14 });
  const periods: QuietHours[] = [];
  input.forEach((entry: unknown, index) => {
    const field = `quietHours[${index}]`;
    if (!isRecord(entry)) return check.fail(field, 'type', { want: 'period' });
    const days = entry.days;
    const validDays = Array.isArray(days) && days.length > 0 && days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6);
    if (!validDays) check.fail(`${field}.days`, 'days');
    for (const key of ['start', 'end'] as const) {
      if (typeof entry[key] !== 'string' || !TIME.test(entry[key] as string)) check.fail(`${field}.${key}`, 'time');
    }
    const mode = check.choice(entry, 'mode', `${field}.mode`, ['quiet', 'silent'] as const);
    if (validDays && mode && TIME.test(String(entry.start)) && TIME.test(String(entry.end))) {
      periods.push({ days: [...new Set(days as number[])].sort(), start: String(entry.start), end: String(entry.end), mode });
    }
  });
  return periods;
}

export const FEED_URL_MAX = 2048;
const FEED_URL = /^https?:\/\/[^\s/]+\S*$/i;

function checkUpdates(check: Checker, input: unknown): UpdateSettings | undefined {
  if (!isRecord(input)) return check.fail('updates', 'type', { want: 'updates' });
  const enabled = check.boolean(input, 'enabled', 'updates.enabled');
  const feedUrl = check.text(input, 'feedUrl', 'updates.feedUrl', FEED_URL_MAX);
  if (feedUrl && !FEED_URL.test(feedUrl)) check.fail('updates.feedUrl', 'http-url');
  for (const key of ['installFrom', 'installUntil'] as const) {
    if (typeof input[key] !== 'string' || !TIME.test(input[key] as string)) check.fail(`updates.${key}`, 'time');
  }
  if (enabled === undefined || feedUrl === undefined || check.errors.some((e) => e.field.startsWith('updates.'))) return undefined;
  return { enabled, feedUrl, installFrom: input.installFrom as string, installUntil: input.installUntil as string };
}

function checkPrinter(check: Checker, input: unknown): PrinterSettings | undefined {
  if (!isRecord(input)) return check.fail('printer', 'required');
  const address = check.text(input, 'address', 'printer.address', 512);
  if (address) {
    try {
      parsePrinterAddress(address.trim());
    } catch {
      check.fail('printer.address', 'printer-address');
    }
  }
  const paper = PAPER_WIDTHS.find((width) => width === input.paper) ?? check.fail('printer.paper', 'choice', { choices: PAPER_WIDTHS.join(', ') });
  const encoding = check.choice(input, 'encoding', 'printer.encoding', TICKET_ENCODINGS);
  const copies = check.integer(input, 'copies', 'printer.copies', 1, MAX_COPIES);
  const autoPrint = check.boolean(input, 'autoPrint', 'printer.autoPrint');
  const shopName = check.text(input, 'shopName', 'printer.shopName', 64);
  const channels = checkChannels(check, input.channels, 'printer.channels');
  const parts = [address, paper, encoding, copies, autoPrint, shopName, channels];
  if (parts.includes(undefined) || check.errors.some((e) => e.field.startsWith('printer.'))) return undefined;
  return { address: address!.trim(), paper: paper!, encoding: encoding!, copies: copies!, autoPrint: autoPrint!, shopName: shopName!, channels: channels! };
}

function checkChannels(check: Checker, input: unknown, field: string): string[] | undefined {
  if (!Array.isArray(input)) return check.fail(field, 'type', { want: 'list' });
  if (input.length > PRINT_CHANNELS_MAX) return check.fail(field, 'too-long', { max: PRINT_CHANNELS_MAX });
  const channels = input.map((entry: unknown) => (typeof entry === 'string' ? entry.trim() : entry));
  if (!channels.every((entry) => typeof entry === 'string' && entry.length <= SHORT_CHANNEL_MAX)) {
    return check.fail(field, 'type', { want: 'text' });
  }
  return [...new Set((channels as string[]).filter(Boolean))];
}

const SHORT_CHANNEL_MAX = 64;

function checkAutoAccept(check: Checker, input: unknown): Settings['autoAccept'] | undefined {
  if (!isRecord(input)) return check.fail('autoAccept', 'required');
  const channels = checkChannels(check, input.channels, 'autoAccept.channels');
  const readyInMin = check.integer(input, 'readyInMin', 'autoAccept.readyInMin', 0, 720);
  const hours = check.text(input, 'hours', 'autoAccept.hours', 11);
  if (hours && !/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(hours.trim())) return check.fail('autoAccept.hours', 'time');
  if (channels === undefined || readyInMin === undefined || hours === undefined) return undefined;
  return { channels, readyInMin, hours: hours.trim() };
}

/** Stations as a list, or as the text Settings' field holds (one per line), which becomes the list. */
function checkStations(check: Checker, input: unknown): Station[] | undefined {
  const parsed = typeof input === 'string' ? parseStations(input) : validateStations(input);
  if (!parsed.ok) return check.fail('stations', 'stations', { reason: parsed.error });
  return parsed.value;
}
const KNOWN = new Set(Object.keys(DEFAULT_SETTINGS));

/** Checks untrusted settings (a form, an IPC payload, a file) field by field, reporting every problem. */
export function validateSettings(input: unknown): SettingsResult {
  const check = new Checker();
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', code: 'type', params: { want: 'settings' } }] };
  for (const key of Object.keys(input)) if (!KNOWN.has(key)) check.fail(key, 'unknown-field');
  const sources = checkSourceList(input.sources);
  check.errors.push(...sources.errors);
  const webhooks = checkWebhooks(input.webhooks);
  check.errors.push(...webhooks.errors);
  const value = {
    source: checkSource(check, input.source),
    sources: sources.value,
    deviceName: check.text(input, 'deviceName', 'deviceName', DEVICE_NAME_MAX),
    sound: check.choice(input, 'sound', 'sound', SOUNDS),
    volume: check.integer(input, 'volume', 'volume', 0, 100),
    audioOutput: check.text(input, 'audioOutput', 'audioOutput', 256),
    repeatIntervalS: check.integer(input, 'repeatIntervalS', 'repeatIntervalS', 3, 600),
    escalateAfterS: check.integer(input, 'escalateAfterS', 'escalateAfterS', 0, 3600),
    unansweredAfterMin: check.integer(input, 'unansweredAfterMin', 'unansweredAfterMin', 0, 1440),
    offlineAlertAfterS: check.integer(input, 'offlineAlertAfterS', 'offlineAlertAfterS', 5, 3600),
    voice: check.boolean(input, 'voice', 'voice'),
    mustAccept: check.boolean(input, 'mustAccept', 'mustAccept'),
    autoAccept: checkAutoAccept(check, input.autoAccept),
    quietHours: checkQuietHours(check, input.quietHours),
    language: check.choice(input, 'language', 'language', LANGUAGES),
    startAtLogin: check.boolean(input, 'startAtLogin', 'startAtLogin'),
    keepAwake: check.boolean(input, 'keepAwake', 'keepAwake'),
    alertWindow: check.boolean(input, 'alertWindow', 'alertWindow'),
    updates: checkUpdates(check, input.updates),
    printer: checkPrinter(check, input.printer),
    webhooks: webhooks.value,
    reportTimeZone: checkTimeZone(check, input),
    reportKeepDays: check.integer(input, 'reportKeepDays', 'reportKeepDays', 1, 3650),
    stations: checkStations(check, input.stations),
  };
  if (check.errors.length > 0) return { ok: false, errors: check.errors };
  return { ok: true, value: value as Settings };
}

function checkTimeZone(check: Checker, input: Input): string | undefined {
  const zone = check.text(input, 'reportTimeZone', 'reportTimeZone', 64);
  if (!zone) return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return check.fail('reportTimeZone', 'time-zone');
  }
  return zone;
}

/** Settings read from storage: anything missing is filled from the defaults before validation. */
export function withDefaults(stored: unknown): unknown {
  if (!isRecord(stored)) return stored;
  const merged: Input = { ...DEFAULT_SETTINGS, ...stored };
  if (isRecord(stored.updates)) merged.updates = { ...DEFAULT_SETTINGS.updates, ...stored.updates };
  if (isRecord(stored.autoAccept)) merged.autoAccept = { ...DEFAULT_SETTINGS.autoAccept, ...stored.autoAccept };
  if (isRecord(stored.printer)) merged.printer = { ...DEFAULT_SETTINGS.printer, ...stored.printer };
  if (isRecord(stored.source)) merged.source = { ...(stored.source.kind === 'push-server' ? {} : DEFAULT_SETTINGS.source), ...stored.source };
  return merged;
}
