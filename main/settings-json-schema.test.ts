import { describe, expect, it } from 'vitest';
import Store, { type Schema } from 'electron-store';
import { SETTINGS_JSON_SCHEMA } from './core/settings/json-schema';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from './core/settings/settings';
import { tempDir } from '../test/helpers';

const samples: [string, unknown][] = [
  ['defaults', DEFAULT_SETTINGS],
  ['a push server', { ...DEFAULT_SETTINGS, source: { kind: 'push-server', url: 'wss://x.example/ws', token: 't', mode: 'text', helloText: 'hi' } }],
  ['quiet hours', { ...DEFAULT_SETTINGS, quietHours: [{ days: [0, 6], start: '23:00', end: '08:00', mode: 'quiet' }] }],
  ['volume too high', { ...DEFAULT_SETTINGS, volume: 101 }],
  ['fractional repeat', { ...DEFAULT_SETTINGS, repeatIntervalS: 2.5 }],
  ['unknown sound', { ...DEFAULT_SETTINGS, sound: 'siren' }],
  ['http push url', { ...DEFAULT_SETTINGS, source: { kind: 'push-server', url: 'http://x', token: '', mode: 'json', helloText: '' } }],
  ['bad time', { ...DEFAULT_SETTINGS, quietHours: [{ days: [1], start: '24:00', end: '08:00', mode: 'quiet' }] }],
  ['no days', { ...DEFAULT_SETTINGS, quietHours: [{ days: [], start: '22:00', end: '08:00', mode: 'quiet' }] }],
  ['an own update server', { ...DEFAULT_SETTINGS, updates: { enabled: false, feedUrl: 'https://updates.reseller.example/orderbell', installFrom: '22:00', installUntil: '06:00' } }],
  ['a file update address', { ...DEFAULT_SETTINGS, updates: { ...DEFAULT_SETTINGS.updates, feedUrl: 'file:///tmp/x' } }],
  ['a bad install time', { ...DEFAULT_SETTINGS, updates: { ...DEFAULT_SETTINGS.updates, installFrom: '7:00' } }],
  ['a printer', { ...DEFAULT_SETTINGS, printer: { ...DEFAULT_SETTINGS.printer, address: 'tcp://10.0.0.7:9100', paper: 58, copies: 2, channels: ['delivery'] } }],
  ['ten copies', { ...DEFAULT_SETTINGS, printer: { ...DEFAULT_SETTINGS.printer, copies: 10 } }],
  ['76 mm paper', { ...DEFAULT_SETTINGS, printer: { ...DEFAULT_SETTINGS.printer, paper: 76 } }],
  ['an mqtt source', { ...DEFAULT_SETTINGS, sources: [{ kind: 'mqtt', label: 'App', url: 'mqtt://127.0.0.1:1883', topic: 'orders', clientId: 'till-1' }] }],
  ['a source of an unknown kind', { ...DEFAULT_SETTINGS, sources: [{ kind: 'kafka', label: 'K', url: 'ws://x' }] }],
  ['a source without a label', { ...DEFAULT_SETTINGS, sources: [{ kind: 'sse', url: 'http://x' }] }],
  ['a backup printer', { ...DEFAULT_SETTINGS, printer: { ...DEFAULT_SETTINGS.printer, address: 'tcp://10.0.0.7', backup: 'tcp://10.0.0.8', backupAfterS: 45 } }],
  ['a day-long handover', { ...DEFAULT_SETTINGS, printer: { ...DEFAULT_SETTINGS.printer, backupAfterS: 86_401 } }],
  ['a station printer', { ...DEFAULT_SETTINGS, stations: [{ name: 'bar', rule: { kind: 'default' } }], stationPrinters: [{ station: 'bar', address: 'tcp://10.0.0.9', backup: '', backupAfterS: 30 }] }],
  ['a station printer with a fractional handover', { ...DEFAULT_SETTINGS, stations: [{ name: 'bar', rule: { kind: 'default' } }], stationPrinters: [{ station: 'bar', address: 'tcp://10.0.0.9', backup: '', backupAfterS: 1.5 }] }],
  ['hub port zero', { ...DEFAULT_SETTINGS, source: { kind: 'hub', port: 0, token: '', lan: true } }],
];

describe('SETTINGS_JSON_SCHEMA', () => {
  it.each(samples)('agrees with validateSettings on %s', async (_name, sample) => {
    const store = new Store<Settings>({ cwd: await tempDir(), defaults: DEFAULT_SETTINGS, schema: SETTINGS_JSON_SCHEMA as unknown as Schema<Settings> });
    const acceptedBySchema = (() => {
      try {
        store.store = sample as Settings;
        return true;
      } catch {
        return false;
      }
    })();
    expect(acceptedBySchema).toBe(validateSettings(sample).ok);
  });
});
