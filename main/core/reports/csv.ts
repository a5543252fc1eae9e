/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then reads Chinese correctly),
 * fields quoted as RFC 4180 asks, and text that a spreadsheet would run as a formula made inert.
 */
import type { Figures, Report } from './figures';
import type { ReportOrder } from './report-order';
import { amountText } from '../orders/amount';

const BOM = '\uFEFF';

/**
 * One field. A leading = + - @ (or tab, CR) makes a spreadsheet run it: a quote mark first
 * keeps it text. A plain number ("-3.50", a refund) is left as it is: no formula, and it stays a number.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows to a CSV document: BOM, fields joined by commas, lines ended by CRLF. */
export function csvDocument(rows: (string | number | null | undefined)[][]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

/** One line per order: its arrival, channel, value, and when each state was reached and by whom. */
export function ordersCsv(orders: Iterable<ReportOrder>): string {
  const rows: (string | number | undefined)[][] = [
    ['id', 'arrived', 'channel', 'total', 'currency', 'stations', 'accepted', 'ready', 'done', 'rejected', 'reject reason', 'by'],
  ];
  for (const order of orders) {
    const at = (state: string) => order.changes.find((change) => change.state === state);
    const rejected = at('rejected');
    rows.push([
      order.id,
      iso(order.arrivedAt),
      order.channel,
      // As many places as the order gave: "12.50"; "007.50" is "7.50", "-0.00" is "0.00".
      order.total === undefined ? undefined : amountText(order.total),
      order.currency,
      order.stations.join(' '),
      iso(at('accepted')?.at),
      iso(at('ready')?.at),
      iso(at('done')?.at),
      iso(rejected?.at),
      rejected?.reason,
      [...new Set(order.changes.map((change) => change.by))].join(' '),
    ]);
  }
  return csvDocument(rows);
}

const seconds = (ms: number | null) => (ms === null ? '' : (ms / 1000).toFixed(1));

/** One line per group of a report (a day, an hour, a channel…), a line per currency's total. */
export function figuresCsv(report: Report): string {
  const rows: (string | number)[][] = [
    [report.by, 'orders', 'currency', 'total', 'median answer s', 'p90 answer s', 'median make s', 'p90 make s', 'not answered in time', 'rejected', 'open at closing'],
  ];
  for (const group of [...report.groups, { ...report.all, key: 'all' }]) {
    const currencies = Object.entries(group.totals);
    for (const [currency, total] of currencies.length > 0 ? currencies : [['', '']]) rows.push(figuresRow(group, currency!, total!));
  }
  return csvDocument(rows);
}

function figuresRow(group: Figures, currency: string, total: string): (string | number)[] {
  return [
    group.key,
    group.orders,
    currency,
    total,
    seconds(group.answer.medianMs),
    seconds(group.answer.p90Ms),
    seconds(group.make.medianMs),
    seconds(group.make.p90Ms),
    group.notAnsweredInTime,
    group.rejected,
    group.openAtClosing,
  ];
}
