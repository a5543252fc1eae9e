/**
 * The end-of-day summary on the receipt printer: a report's key figures as a ReceiptLine
 * document, printed through the same path as a kitchen ticket (escposBytes) or previewed
 * (renderDocument).
 */
import type { Report } from '../reports/figures';
import { duration } from '../ui/duration';
import { t } from '../ui/i18n';
import { escapeText, type TicketOptions } from './ticket';

const line = (label: string, value: string | number) => `${escapeText(label)} | ${escapeText(String(value))}`;

export function summaryTicketDocument(report: Report, options: TicketOptions = {}): string {
  const { all } = report;
  const lines: string[] = [];
  if (options.shopName) lines.push(`^^${escapeText(options.shopName)}`);
  lines.push(`^^${escapeText(t('reportSummaryTitle', { from: report.from, to: report.to }))}`, `${escapeText(report.timeZone)} |`, '-', '{width:*,12}');
  lines.push(line(t('reportOrders'), all.orders));
  for (const [currency, total] of Object.entries(all.totals)) lines.push(`^^${escapeText(t('reportValue'))} ${escapeText(currency)} | ^^${escapeText(total)}`);
  lines.push(
    line(t('reportAnswerMedian'), duration(all.answer.medianMs)),
    line(t('reportAnswerP90'), duration(all.answer.p90Ms)),
    line(t('reportMakeMedian'), duration(all.make.medianMs)),
    line(t('reportLate', { s: Math.round(report.escalationMs / 1000) }), all.notAnsweredInTime),
    line(t('reportRejected'), all.rejected),
  );
  for (const [reason, count] of Object.entries(all.rejectReasons)) if (reason) lines.push(line(`  ${reason}`, count));
  lines.push(line(t('reportOpen'), all.openAtClosing));
  if (report.groups.length > 1) {
    lines.push('-');
    for (const group of report.groups) lines.push(line(group.key || t('reportNoValue'), group.orders));
  }
  return lines.join('\n');
}
