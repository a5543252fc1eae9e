/** `orderbell report`: a report from a hub's or listener's journal file, read without opening it for writing. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { figuresCsv, ordersCsv } from '../reports/csv';
import { computeReport, ordersOfDays, type Figures, type Report } from '../reports/figures';
import { readJournalForReport } from '../reports/journal-file';
import { ReportParamError, reportRequest } from '../reports/report-params';
import { JOURNAL_FILE } from '../hub/hub';
import { printSummary } from '../print/summary-print';
import { summaryTicketDocument } from '../print/summary-ticket';
import { renderDocument } from '../print/ticket';
import { defaultDataDir } from '../settings/data-dir';
import { parseFlags, UsageError } from './args';
import type { Command } from './command';
import { applyLanguage, printerFlag, ticketFlags } from './print-flags';

/** The hub's journal, else a listener's (`orderbell listen`'s data folder). */
const JOURNAL_NAMES = [JOURNAL_FILE, 'journal.log'];

export const report: Command = {
  name: 'report',
  summary: 'figures from the order journal: orders, value, answer times (text or CSV)',
  usage: `Usage: orderbell report [options]

Options:
  --from <YYYY-MM-DD>   first local day (default: today)
  --to <YYYY-MM-DD>     last local day, included (default: --from)
  --by <grouping>       day, hour, channel, station or device (default: day)
  --tz <zone>           the shop's time zone, e.g. Asia/Shanghai (default: this machine's)
  --csv                 the figures as CSV (UTF-8 with BOM, for spreadsheets)
  --orders              one CSV line per order with its states and times, instead of figures
  --ticket              the end-of-day summary as the receipt printer lays it out (80 mm)
  --print <printer>     print the end-of-day summary on a receipt printer: tcp://HOST[:9100]
                        or cups:QUEUE; exits 0 once the printer confirmed it
  --paper 58|80         with --print: paper width in mm (default 80)
  --encoding gb18030|multilingual
                        with --print: gb18030 (default) for printers with Chinese fonts
  --shop <name>         with --print: the shop name at the top of the summary
  --language auto|en|zh-CN
                        the summary's words with --print or --ticket (default auto: this system's locale)
  --data <dir>          the hub's or listener's data folder (default: ${join(defaultDataDir(), 'hub')})

A journal keeps handled orders for 30 days: run the hub with --keep-days (and --keep-orders)
to report further back.`,

  async run(args) {
    const flags = parseFlags(args, {
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      tz: { type: 'string' },
      csv: { type: 'boolean' },
      orders: { type: 'boolean' },
      ticket: { type: 'boolean' },
      data: { type: 'string' },
      print: { type: 'string' },
      paper: { type: 'string' },
      encoding: { type: 'string' },
      shop: { type: 'string' },
      language: { type: 'string' },
    });
    if (flags.help) return void console.log(this.usage);
    let request;
    try {
      request = reportRequest({ from: flags.from, to: flags.to, by: flags.by, tz: flags.tz });
    } catch (error) {
      if (error instanceof ReportParamError) throw new UsageError(error.message.replace(/^(\w+): /, '--$1 '));
      throw error;
    }
    const printer = summaryPrintFlags(flags);
    const dataDir = flags.data ?? join(defaultDataDir(), 'hub');
    const path = JOURNAL_NAMES.map((name) => join(dataDir, name)).find((candidate) => existsSync(candidate));
    if (!path) throw new UsageError(`no order journal in ${dataDir} (looked for ${JOURNAL_NAMES.join(', ')}); give the hub's folder with --data`);
    const { orders, problems } = readJournalForReport(path);
    for (const problem of problems) console.error(`journal line ${problem.line}: ${problem.reason}`);
    if (flags.orders) return void process.stdout.write(ordersCsv(ordersOfDays(orders, request)));
    const figures = computeReport(orders, request);
    if (printer) {
      await printSummary(figures, printer.transport, printer.ticket);
      return void console.log(`printed the summary of ${figures.from} to ${figures.to} on ${printer.transport.name}`);
    }
    if (flags.ticket) return void process.stdout.write(renderDocument(summaryTicketDocument(figures), 'text'));
    process.stdout.write(flags.csv ? figuresCsv(figures) : reportText(figures));
  },
};

/** `--print` and its ticket's flags, checked before the journal is read; undefined without --print. */
function summaryPrintFlags(flags: { print?: string; paper?: string; encoding?: string; shop?: string; language?: string; csv?: boolean; orders?: boolean }) {
  if (flags.print === undefined) {
    for (const name of ['paper', 'encoding', 'shop'] as const) if (flags[name] !== undefined) throw new UsageError(`--${name} needs --print`);
    applyLanguage(flags.language);
    return undefined;
  }
  if (flags.csv || flags.orders) throw new UsageError(`--print prints the summary; leave out --${flags.csv ? 'csv' : 'orders'}`);
  return { transport: printerFlag('--print', flags.print), ticket: ticketFlags(flags) };
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${Math.round(ms / 1000)} s`);

function reportText(report: Report): string {
  const header = [report.by, 'orders', 'value', 'answer median', 'answer p90', 'make median', 'make p90', 'late', 'rejected', 'open at close'];
  const rows = [...report.groups, { ...report.all, key: 'all' }].map((group: Figures) => [
    group.key || '(none)',
    String(group.orders),
    Object.entries(group.totals).map(([currency, total]) => `${total}${currency ? ` ${currency}` : ''}`).join(' + ') || '-',
    seconds(group.answer.medianMs),
    seconds(group.answer.p90Ms),
    seconds(group.make.medianMs),
    seconds(group.make.p90Ms),
    String(group.notAnsweredInTime),
    String(group.rejected),
    String(group.openAtClosing),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return `Report ${report.from} to ${report.to} (${report.timeZone}), by ${report.by}\n${[header, ...rows].map(line).join('\n')}\n`;
}
