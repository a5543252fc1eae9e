/**
 * Quiet hours as staff type them, one period per line: "Mon-Fri 22:00-07:00 silent",
 * "Sat,Sun 23:00-08:00 quiet", "daily 13:00-14:00 quiet" — or in the UI language's words,
 * "周一-周五 22:00-07:00 静音", "周六、周日 23:00-08:00 小声", "每天 13:00-14:00 小声".
 * English words are always understood, since the hint showed them before. Pure: no DOM.
 */
import type { QuietHours } from '../main/core/settings/settings';
import { t } from '../main/core/ui/i18n';

const ENGLISH_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** Chinese day names also come as 星期一 or 礼拜一 (Sunday: 日 or 天). */
const CHINESE_DAY = /^(?:周|星期|礼拜)([日天一二三四五六])$/;
const CHINESE_DIGITS = '日一二三四五六';
const LINE = /^\s*(.+?)\s+(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})\s+(\S+)\s*$/;
const RANGE = /\s*(?:-|–|~|至|到)\s*/;
const LIST = /\s*[,，、]\s*/;

function localDays(): string[] {
  return t('weekdays').split(',');
}

function dayIndex(name: string): number {
  const chinese = CHINESE_DAY.exec(name);
  if (chinese) return chinese[1] === '天' ? 0 : CHINESE_DIGITS.indexOf(chinese[1]!);
  const local = localDays().findIndex((day) => day.toLowerCase() === name.toLowerCase());
  if (local >= 0) return local;
  return name.length >= 3 ? ENGLISH_DAYS.indexOf(name.slice(0, 3).toLowerCase()) : -1;
}

function isDaily(text: string): boolean {
  return /^(daily|every ?day)$/i.test(text) || text === t('dailyWord') || text === '每天' || text === '每日';
}

function parseDays(text: string): number[] | undefined {
  if (isDaily(text)) return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of text.split(LIST)) {
    const [from, to, extra] = part.split(RANGE);
    const start = dayIndex(from ?? '');
    const end = to === undefined ? start : dayIndex(to);
    if (start < 0 || end < 0 || extra !== undefined) return undefined;
    for (let day = start; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === end) break;
    }
  }
  return [...days].sort();
}

function parseMode(word: string): QuietHours['mode'] | undefined {
  const lower = word.toLowerCase();
  if (lower === 'quiet' || word === t('quietWord') || word === '小声') return 'quiet';
  if (lower === 'silent' || word === t('silentWord') || word === '静音') return 'silent';
  return undefined;
}

const pad = (time: string) => time.padStart(5, '0');

/** Parsed periods, or the 1-based numbers of the lines that could not be read. */
export function parseQuietHours(text: string): { periods: QuietHours[]; badLines: number[] } {
  const periods: QuietHours[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const match = LINE.exec(line);
    const days = match ? parseDays(match[1]!.trim()) : undefined;
    const mode = match ? parseMode(match[4]!) : undefined;
    if (!match || !days || !mode) return void badLines.push(index + 1);
    periods.push({ days, start: pad(match[2]!), end: pad(match[3]!), mode });
  });
  return { periods, badLines };
}

/**
 * Days as a shop writes them: three or more in a row as a range ("Mon-Fri", "Fri-Mon" over the
 * weekend), the rest as a list ("Sat,Sun"), the week starting on Monday.
 */
function formatDays(days: number[]): string {
  if (days.length === 7) return t('dailyWord');
  const names = localDays();
  const has = new Set(days);
  const runs = days
    .filter((day) => !has.has((day + 6) % 7))
    .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7))
    .map((start) => {
      let end = start;
      while (has.has((end + 1) % 7)) end = (end + 1) % 7;
      const length = ((end - start + 7) % 7) + 1;
      return length >= 3 ? `${names[start]}-${names[end]}` : length === 2 ? `${names[start]},${names[end]}` : names[start]!;
    });
  return runs.join(',');
}

/** Periods as text in the UI language's words, which parseQuietHours reads back. */
export function formatQuietHours(periods: QuietHours[]): string {
  return periods
    .map((period) => {
      const days = formatDays(period.days);
      return `${days} ${period.start}-${period.end} ${t(period.mode === 'quiet' ? 'quietWord' : 'silentWord')}`;
    })
    .join('\n');
}
