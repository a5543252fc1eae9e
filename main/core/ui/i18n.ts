/** The order screen's language: which table of strings is in use, and wording from it. */
import type { SettingsError } from '../settings/settings-error';
import { en, type StringKey, type Text } from './strings-en';
import { zhCN } from './strings-zh-CN';

export type { StringKey };

export type Language = 'en' | 'zh-CN';
const tables: Record<Language, Record<StringKey, Text>> = { en, 'zh-CN': zhCN };

let current: Language = 'en';

/** The UI language for a setting: "auto" follows the system (the browser's or OS's locale). */
export function resolveLanguage(setting: string, systemLocales: readonly string[]): Language {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  return systemLocales.some((locale) => locale.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function setLanguage(language: Language): void {
  current = language;
}

export function language(): Language {
  return current;
}

function wording(text: Text, count: unknown): string {
  if (typeof text === 'string') return text;
  return new Intl.PluralRules(current).select(Number(count)) === 'one' ? text.one : text.other;
}

export function t(key: StringKey, params: Record<string, string | number> = {}): string {
  return wording(tables[current][key], params.n).replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

const ERROR_KEYS: Record<SettingsError['code'], StringKey> = {
  required: 'errRequired',
  type: 'errType',
  range: 'errRange',
  choice: 'errChoice',
  url: 'errUrl',
  'http-url': 'errHttpUrl',
  time: 'errTime',
  days: 'errDays',
  'too-long': 'errTooLong',
  'unknown-field': 'errUnknownField',
  'printer-address': 'errPrinterAddress',
  duplicate: 'errDuplicate',
  'time-zone': 'errTimeZone',
  stations: 'errStations',
};

/** The `want` of a type error, in words; others (settings, source, period…) only a hand-edited file can get wrong. */
const WANT_KEYS: Record<string, StringKey> = {
  boolean: 'wantBoolean',
  integer: 'wantInteger',
  list: 'wantList',
  pattern: 'wantPattern',
  mapping: 'wantMapping',
  headers: 'wantHeaders',
  cluster: 'wantCluster',
  text: 'wantText',
};

export function settingsErrorMessage(error: SettingsError): string {
  const want = error.code === 'type' ? WANT_KEYS[String(error.params?.want)] : undefined;
  if (want) return t('errType', { want: t(want) });
  // A listed source's address: its kind's schemes, not protocol v1's ws:// and wss://.
  if (error.code === 'url' && error.params?.schemes) return t('errUrlSchemes', error.params);
  return t(ERROR_KEYS[error.code], error.params ?? {});
}
