/**
 * A report's request, checked the same way for the hub's `GET /api/reports` and the CLI's
 * `orderbell report`: each mistake is one sentence naming the parameter.
 */
import { REPORT_GROUPINGS, type ReportBy } from './figures';
import { LocalClock, machineTimeZone, timeZoneProblem } from './local-time';

/** A report spans at most this many days: a year answers in well under a second. */
export const MAX_REPORT_DAYS = 366;

export interface ReportRequest {
  from: string;
  to: string;
  by: ReportBy;
  timeZone: string;
}

export class ReportParamError extends Error {}

export interface RawReportRequest {
  from?: string | undefined;
  to?: string | undefined;
  by?: string | undefined;
  tz?: string | undefined;
}

/**
 * `raw` holds the request's values as given (undefined when absent). Without days it is today's
 * report (the local day at `now`); without a zone, `defaultZone` or else the machine's.
 */
export function reportRequest(raw: RawReportRequest, now = Date.now(), defaultZone?: string): ReportRequest {
  const timeZone = raw.tz || defaultZone || machineTimeZone();
  const problem = timeZoneProblem(timeZone);
  if (problem) throw new ReportParamError(`tz: ${problem}`);
  const today = new LocalClock(timeZone).slot(now).day;
  const from = day('from', raw.from ?? today);
  const to = day('to', raw.to ?? raw.from ?? today);
  if (to < from) throw new ReportParamError(`to (${to}) is before from (${from})`);
  const days = (Date.parse(to) - Date.parse(from)) / (24 * 3600 * 1000) + 1;
  if (days > MAX_REPORT_DAYS) throw new ReportParamError(`a report spans at most ${MAX_REPORT_DAYS} days, asked for ${days}`);
  const by = raw.by ?? 'day';
  if (!(REPORT_GROUPINGS as readonly string[]).includes(by)) throw new ReportParamError(`by: must be one of ${REPORT_GROUPINGS.join(', ')}, got "${by}"`);
  return { from, to, by: by as ReportBy, timeZone };
}

function day(name: string, value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  // Date.parse takes 2026-02-30 as 2 March: the day must come back as it was given.
  const valid = !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
  if (!valid) throw new ReportParamError(`${name}: must be a day as YYYY-MM-DD, e.g. 2026-12-01, got "${value.slice(0, 40)}"`);
  return value;
}

/** A request from the order screen (over IPC): an object of optional strings, checked like the hub's query. */
export function reportRequestOf(value: unknown, now = Date.now(), defaultZone?: string): ReportRequest {
  if (typeof value !== 'object' || value === null) throw new ReportParamError('a report request must be an object');
  const input = value as Record<string, unknown>;
  const field = (name: string) => {
    const raw = input[name];
    if (raw !== undefined && typeof raw !== 'string') throw new ReportParamError(`${name}: must be a string`);
    return raw;
  };
  return reportRequest({ from: field('from'), to: field('to'), by: field('by'), tz: field('tz') }, now, defaultZone);
}
