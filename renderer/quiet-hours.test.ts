import { afterEach, describe, expect, it } from 'vitest';
import { formatQuietHours, parseQuietHours } from './quiet-hours';
import { setLanguage } from '../main/core/ui/i18n';

afterEach(() => setLanguage('en'));

describe('parseQuietHours', () => {
  it('reads day ranges, lists, daily, and pads times', () => {
    expect(parseQuietHours('Mon-Fri 22:00-07:00 silent\nsat,SUN 9:00-10:30 quiet\n\ndaily 13:00-14:00 Quiet')).toEqual({
      periods: [
        { days: [1, 2, 3, 4, 5], start: '22:00', end: '07:00', mode: 'silent' },
        { days: [0, 6], start: '09:00', end: '10:30', mode: 'quiet' },
        { days: [0, 1, 2, 3, 4, 5, 6], start: '13:00', end: '14:00', mode: 'quiet' },
      ],
      badLines: [],
    });
  });

  it('wraps a day range over the weekend', () => {
    expect(parseQuietHours('Fri-Mon 23:00-02:00 silent').periods[0]!.days).toEqual([0, 1, 5, 6]);
  });

  it('names the lines it cannot read', () => {
    expect(parseQuietHours('weekends late\nMon 22:00-07:00 silent\nFunday 1:00-2:00 quiet').badLines).toEqual([1, 3]);
  });

  it('formats back to what it parses', () => {
    const text = 'Mon-Fri 22:00-07:00 silent\ndaily 13:00-14:00 quiet';
    expect(formatQuietHours(parseQuietHours(text).periods)).toBe(text);
  });

  it('keeps the days as a shop writes them: a range stays a range, a list a list, a weekend range wraps', () => {
    const written = ['mon-fri 22:00-07:00 silent', 'Sat,Sun 23:00-08:00 quiet', 'Fri-Mon 12:00-13:00 quiet', 'Mon,Wed,Fri 09:00-10:00 quiet', 'Mon-Wed,Fri,Sat 09:00-10:00 quiet', 'Tue 09:00-10:00 silent'];
    const shown = formatQuietHours(parseQuietHours(written.join('\n')).periods);
    expect(shown.split('\n')).toEqual(['Mon-Fri 22:00-07:00 silent', 'Sat,Sun 23:00-08:00 quiet', 'Fri-Mon 12:00-13:00 quiet', 'Mon,Wed,Fri 09:00-10:00 quiet', 'Mon-Wed,Fri,Sat 09:00-10:00 quiet', 'Tue 09:00-10:00 silent']);
    expect(formatQuietHours(parseQuietHours(shown).periods)).toBe(shown);
  });

  it('reads Chinese day names, ranges, lists and modes, in the Chinese UI', () => {
    setLanguage('zh-CN');
    expect(parseQuietHours('周一-周五 22:00-07:00 静音\n周六、周日 23:00-08:00 小声\n星期一至星期三 9:00-10:00 silent\n每天 13:00-14:00 小声')).toEqual({
      periods: [
        { days: [1, 2, 3, 4, 5], start: '22:00', end: '07:00', mode: 'silent' },
        { days: [0, 6], start: '23:00', end: '08:00', mode: 'quiet' },
        { days: [1, 2, 3], start: '09:00', end: '10:00', mode: 'silent' },
        { days: [0, 1, 2, 3, 4, 5, 6], start: '13:00', end: '14:00', mode: 'quiet' },
      ],
      badLines: [],
    });
  });

  it('still reads English words in the Chinese UI, and refuses a day it cannot name', () => {
    setLanguage('zh-CN');
    expect(parseQuietHours('Mon-Fri 22:00-07:00 silent').periods[0]!.days).toEqual([1, 2, 3, 4, 5]);
    expect(parseQuietHours('周八 22:00-07:00 静音\n周一-周二-周三 22:00-07:00 静音\n周一 22:00-07:00 大声').badLines).toEqual([1, 2, 3]);
  });

  it('formats in the UI language, and reads that back', () => {
    setLanguage('zh-CN');
    const periods = parseQuietHours('Mon-Fri 22:00-07:00 silent\ndaily 13:00-14:00 quiet').periods;
    const text = formatQuietHours(periods);
    expect(text).toBe('周一-周五 22:00-07:00 静音\n每天 13:00-14:00 小声');
    expect(parseQuietHours(text).periods).toEqual(periods);
  });
});
