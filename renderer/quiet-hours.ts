/**
 * Quiet hours as staff type them, one period per line: "Mon-Fri 22:00-07:00 silent",
 * "Sat,Sun 23:00-08:00 quiet", "daily 13:00-14:00 quiet". Pure: no DOM.
 */
import type { QuietHours } from '../main/core/settings';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const LINE = /^\s*(\S+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s+(quiet|silent)\s*$/i;

function dayIndex(name: string): number {
  return DAY_NAMES.indexOf(name.slice(0, 3).toLowerCase());
}

function parseDays(text: string): number[] | undefined {
  if (/^(daily|every ?day)$/i.test(text)) return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to] = part.split('-');
    const start = dayIndex(from ?? '');
    const end = to === undefined ? start : dayIndex(to);
    if (start < 0 || end < 0) return undefined;
    for (let day = start; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === end) break;
    }
  }
  return [...days].sort();
}

const pad = (time: string) => time.padStart(5, '0');

/** Parsed periods, or the 1-based numbers of the lines that could not be read. */
export function parseQuietHours(text: string): { periods: QuietHours[]; badLines: number[] } {
  const periods: QuietHours[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const match = LINE.exec(line);
    const days = match ? parseDays(match[1]!) : undefined;
    if (!match || !days) return void badLines.push(index + 1);
    periods.push({ days, start: pad(match[2]!), end: pad(match[3]!), mode: match[4]!.toLowerCase() as QuietHours['mode'] });
  });
  return { periods, badLines };
}

export function formatQuietHours(periods: QuietHours[]): string {
  return periods
    .map((period) => {
      const days = period.days.length === 7 ? 'daily' : period.days.map((d) => DAY_NAMES[d]![0]!.toUpperCase() + DAY_NAMES[d]!.slice(1, 3)).join(',');
      return `${days} ${period.start}-${period.end} ${period.mode}`;
    })
    .join('\n');
}
