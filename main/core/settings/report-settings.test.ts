import { describe, expect, it } from 'vitest';
import { settingsErrorMessage, setLanguage } from '../ui/i18n';
import { DEFAULT_SETTINGS, validateSettings, withDefaults } from './settings';

describe('the report settings', () => {
  it("default to this machine's time zone and the journal's 30 days, also for a settings file from before them", () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ reportTimeZone: '', reportKeepDays: 30 });
    const { reportTimeZone: _zone, reportKeepDays: _days, ...older } = DEFAULT_SETTINGS;
    expect(validateSettings(withDefaults(older))).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('take an IANA zone and up to ten years, and say in both languages what is wrong', () => {
    expect(validateSettings({ ...DEFAULT_SETTINGS, reportTimeZone: 'Asia/Shanghai', reportKeepDays: 400 }).ok).toBe(true);
    const result = validateSettings({ ...DEFAULT_SETTINGS, reportTimeZone: 'China Time', reportKeepDays: 0 });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((error) => [error.field, error.code])).toEqual([['reportTimeZone', 'time-zone'], ['reportKeepDays', 'range']]);
    setLanguage('en');
    expect(settingsErrorMessage(errors[0]!)).toBe('Use a time zone name such as Asia/Shanghai or Europe/London.');
    setLanguage('zh-CN');
    expect(settingsErrorMessage(errors[0]!)).toBe('请填写时区名称，例如 Asia/Shanghai 或 Europe/London。');
    setLanguage('en');
  });
});
