import { afterEach, describe, expect, it } from 'vitest';
import { resolveLanguage, setLanguage, settingsErrorMessage, t } from './i18n';
import { QUIET_VOLUME_FACTOR } from '../alerts/policy';

afterEach(() => setLanguage('en'));

describe('i18n', () => {
  it('explains quiet against silent in the quiet hours help, as the alert policy does them, in both languages', () => {
    expect(QUIET_VOLUME_FACTOR).toBe(1 / 3); // the help says "a third"
    setLanguage('en');
    expect(t('quietHoursHint')).toMatch(/Quiet: orders still ring, at a third of the volume\. Silent: no sound or voice at all/);
    setLanguage('zh-CN');
    expect(t('quietHoursHint')).toMatch(/小声：订单照常响铃，音量为三分之一。静音：没有铃声和语音/);
  });

  it('fills in parameters and leaves unknown ones visible', () => {
    expect(t('reconnectingIn', { s: 4 })).toBe('Reconnecting in 4 s');
    expect(t('reconnectingIn')).toBe('Reconnecting in {s} s');
  });

  it('words counts by the language\'s plural rules', () => {
    expect(t('devices', { n: 1 })).toBe('1 device connected');
    expect(t('devices', { n: 0 })).toBe('0 devices connected');
    expect(t('devices', { n: 2 })).toBe('2 devices connected');
    expect(t('summary', { n: 1 })).toBe('1 order arrived while offline');
    expect(t('resultCount', { n: 12 })).toBe('12 orders');
    setLanguage('zh-CN');
    expect(t('devices', { n: 1 })).toBe('已连接 1 台设备');
    expect(t('resultCount', { n: 12 })).toBe('共 12 个订单');
  });

  it('words a settings error\'s expected type and a source address\'s schemes', () => {
    expect(settingsErrorMessage({ field: 'sources[0].ignore', code: 'type', params: { want: 'pattern' } })).toBe('Must be a valid regular expression.');
    expect(settingsErrorMessage({ field: 'sources[0].url', code: 'url', params: { schemes: 'mqtt:// ws://' } })).toBe('Must start with one of: mqtt:// ws://');
    expect(settingsErrorMessage({ field: 'source.url', code: 'url' })).toBe('Must start with ws:// or wss://.');
    setLanguage('zh-CN');
    expect(settingsErrorMessage({ field: 'sources[0].events', code: 'type', params: { want: 'list' } })).toBe('必须是列表。');
  });

  it('follows the system locale for "auto", and an explicit choice over it', () => {
    expect(resolveLanguage('auto', ['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(resolveLanguage('auto', ['de-DE'])).toBe('en');
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
  });
});
