import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings, withDefaults } from './settings';

describe('validateSettings', () => {
  it('accepts the defaults and a push-server source', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    const pushServer = {
      ...DEFAULT_SETTINGS,
      source: { kind: 'push-server', url: 'wss://push.example.com/ws', token: 't', mode: 'text', helloText: 'bind {token}' },
      quietHours: [{ days: [5, 6, 5], start: '23:00', end: '02:00', mode: 'silent' }],
    };
    const result = validateSettings(pushServer);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.quietHours[0]!.days).toEqual([5, 6]);
  });

  it('reports every bad field with a code and its limits', () => {
    const result = validateSettings({
      ...DEFAULT_SETTINGS,
      volume: 150,
      repeatIntervalS: 1.5,
      sound: 'siren',
      source: { kind: 'push-server', url: 'http://x', token: 't', mode: 'json', helloText: '' },
      quietHours: [{ days: [], start: '25:00', end: '07:00', mode: 'loud' }],
      extra: true,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual(
        expect.arrayContaining([
          { field: 'extra', code: 'unknown-field' },
          { field: 'volume', code: 'range', params: { min: 0, max: 100 } },
          { field: 'repeatIntervalS', code: 'type', params: { want: 'integer' } },
          { field: 'sound', code: 'choice', params: { choices: 'chime, bell, marimba' } },
          { field: 'source.url', code: 'url' },
          { field: 'quietHours[0].days', code: 'days' },
          { field: 'quietHours[0].start', code: 'time' },
          { field: 'quietHours[0].mode', code: 'choice', params: { choices: 'quiet, silent' } },
        ]),
      );
      expect(result.errors).toHaveLength(8);
    }
  });

  it('requires a push-server URL and rejects non-objects', () => {
    const noUrl = validateSettings({ ...DEFAULT_SETTINGS, source: { kind: 'push-server', url: ' ', token: '', mode: 'json', helloText: '' } });
    expect(noUrl).toEqual({ ok: false, errors: [{ field: 'source.url', code: 'required' }] });
    expect(validateSettings('nope')).toEqual({ ok: false, errors: [{ field: '', code: 'type', params: { want: 'settings' } }] });
  });

  it('fills missing fields from the defaults for stored settings', () => {
    expect(validateSettings(withDefaults({ volume: 20 }))).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, volume: 20 } });
    expect(validateSettings(withDefaults({ updates: { enabled: false } }))).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, updates: { ...DEFAULT_SETTINGS.updates, enabled: false } } });
  });

  it('updates: on by default; an own update server must be an http(s) address; install times are HH:MM', () => {
    expect(DEFAULT_SETTINGS.updates).toEqual({ enabled: true, feedUrl: '', installFrom: '03:00', installUntil: '05:00' });
    const own = { ...DEFAULT_SETTINGS, updates: { enabled: true, feedUrl: 'http://192.168.1.10:8080/orderbell/', installFrom: '22:30', installUntil: '06:00' } };
    expect(validateSettings(own)).toEqual({ ok: true, value: own });
    const bad = validateSettings({ ...DEFAULT_SETTINGS, updates: { enabled: 'yes', feedUrl: 'file:///etc/passwd', installFrom: '3:00', installUntil: '24:00' } });
    expect(bad).toEqual({
      ok: false,
      errors: [
        { field: 'updates.enabled', code: 'type', params: { want: 'boolean' } },
        { field: 'updates.feedUrl', code: 'http-url' },
        { field: 'updates.installFrom', code: 'time' },
        { field: 'updates.installUntil', code: 'time' },
      ],
    });
  });
});

describe('stations in settings', () => {
  it('takes the stations as Settings\' text, one per line, and keeps them as a list', () => {
    const result = validateSettings({ ...DEFAULT_SETTINGS, stations: 'bar: category in [drinks, 饮品]\nkitchen: default' });
    expect(result).toMatchObject({ ok: true, value: { stations: [{ name: 'bar', rule: { kind: 'in', field: 'category', values: ['drinks', '饮品'] } }, { name: 'kitchen', rule: { kind: 'default' } }] } });
    if (result.ok) expect(validateSettings(result.value)).toEqual(result);
  });

  it('names the line of a station that is not right', () => {
    expect(validateSettings({ ...DEFAULT_SETTINGS, stations: 'bar: category in [drinks]\ngrill name ~ 烤' })).toEqual({
      ok: false,
      errors: [{ field: 'stations', code: 'stations', params: { reason: 'line 2: "grill name ~ 烤" has no ":" between the station\'s name and its rule' } }],
    });
    expect(validateSettings({ ...DEFAULT_SETTINGS, stations: [{ name: 'bar', rule: { kind: 'match', field: 'name', pattern: '(a+)+' } }] })).toMatchObject({ ok: false, errors: [{ field: 'stations', code: 'stations' }] });
  });
});
