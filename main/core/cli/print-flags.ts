/** The printing flags `listen` and `print-test` share: which printer, paper, encoding, copies. */
import { MAX_COPIES } from '../print/kitchen-printer';
import { parseStation, validateStations, type Station } from '../orders/stations';
import type { StationPrinterConfig } from '../print/station-printers';
import { transportFor } from '../print/printer-transports';
import type { BacklogOptions } from '../print/backlog';
import { BACKLOG_CHOICES, type BacklogChoice } from '../print/backlog-choice';
import type { BackupPrinter } from '../print/printer-route';
import { PAPER_WIDTHS, TICKET_ENCODINGS, type PaperWidth, type TicketEncoding, type TicketOptions } from '../print/ticket';
import type { PrinterTransport } from '../print/transport';
import { choiceFlag, UsageError } from './args';
import { resolveLanguage, setLanguage } from '../ui/i18n';

export const PRINT_FLAGS = {
  print: { type: 'string' },
  paper: { type: 'string' },
  copies: { type: 'string' },
  encoding: { type: 'string' },
  shop: { type: 'string' },
  language: { type: 'string' },
  backup: { type: 'string' },
  'backup-after-s': { type: 'string' },
  backlog: { type: 'string' },
  'backlog-over': { type: 'string' },
  'station-printer': { type: 'string', multiple: true },
} as const;

export const PRINT_USAGE = `  --print <printer>     print a kitchen ticket for each new order, once: tcp://HOST[:9100]
                        (network receipt printer) or cups:QUEUE (a CUPS queue, raw)
  --paper 58|80         paper width in mm (default 80)
  --copies <n>          copies of each ticket, 1-${MAX_COPIES} (default 1)
  --encoding gb18030|multilingual
                        gb18030 (default) for printers with Chinese fonts; multilingual for others
  --shop <name>         the shop name printed at the top of each ticket
  --language auto|en|zh-CN
                        the ticket's labels (default auto: this system's locale)
  --backup <printer>    prints the tickets while --print is in alarm for --backup-after-s,
                        each marked with the printer it was meant for; --print gets them
                        back once it answers again
  --backup-after-s <s>  seconds in alarm before the backup takes over (default 30)
  --backlog all|last-hour|skip
                        more than --backlog-over tickets older than 5 minutes waiting (a
                        printer off all night): print them all (default), only those of the
                        last hour, or skip them; new orders print as usual
  --backlog-over <n>    how many old tickets make a backlog (default 10)
  --station-printer '<station>: <rule> @ <printer>'
                        a printer for one kitchen station's items, e.g.
                        'bar: category in [drinks, 饮品] @ tcp://10.0.0.9' or
                        'kitchen: default @ tcp://10.0.0.8' (repeatable; the first rule that
                        matches an item takes it); --print still prints the whole order`;

type PrintFlagValues = Partial<Record<Exclude<keyof typeof PRINT_FLAGS, 'station-printer'>, string>> & { 'station-printer'?: string[] };

export function printerFlag(flag: string, value: string): PrinterTransport {
  try {
    return transportFor(value);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

/** The ticket's labels follow --language, else the locale in LC_ALL, LC_MESSAGES or LANG. */
export function applyLanguage(value: string | undefined): void {
  const setting = choiceFlag('--language', value, ['auto', 'en', 'zh-CN'], 'auto');
  const locales = [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG].filter((locale): locale is string => Boolean(locale));
  setLanguage(resolveLanguage(setting, locales));
}

export function ticketFlags(flags: PrintFlagValues): TicketOptions {
  applyLanguage(flags.language);
  const paper = Number(choiceFlag('--paper', flags.paper, PAPER_WIDTHS.map(String), '80')) as PaperWidth;
  const encoding = choiceFlag<TicketEncoding>('--encoding', flags.encoding, TICKET_ENCODINGS, 'gb18030');
  return { paper, encoding, ...(flags.shop !== undefined ? { shopName: flags.shop } : {}) };
}

export function copiesFlag(value: string | undefined): number {
  if (value === undefined) return 1;
  const copies = Number(value);
  if (!/^\d+$/.test(value) || copies < 1 || copies > MAX_COPIES) {
    throw new UsageError(`--copies must be a whole number from 1 to ${MAX_COPIES}, got "${value}"`);
  }
  return copies;
}

/** Checks the flags before anything starts; undefined when --print was not given. */
export function parsePrintFlags(flags: PrintFlagValues) {
  if (flags.print === undefined) {
    for (const name of ['paper', 'copies', 'encoding', 'shop', 'language', 'backup', 'backup-after-s', 'backlog', 'backlog-over', 'station-printer'] as const) {
      if (flags[name] !== undefined) throw new UsageError(`--${name} needs --print`);
    }
    return undefined;
  }
  const backup = backupFlags(flags);
  const stationPrinters = stationPrinterFlags(flags['station-printer']);
  return {
    transport: printerFlag('--print', flags.print),
    ticket: ticketFlags(flags),
    copies: copiesFlag(flags.copies),
    backlog: backlogFlags(flags),
    ...(backup ? { backup } : {}),
    ...(stationPrinters ? { stationPrinters } : {}),
  };
}

export type PrintSettings = NonNullable<ReturnType<typeof parsePrintFlags>>;

/** `--station-printer 'bar: category in [drinks] @ tcp://…'`: the stations (in flag order) and each one's printer. */
function stationPrinterFlags(values: string[] | undefined): { stations: Station[]; printers: StationPrinterConfig[] } | undefined {
  if (!values?.length) return undefined;
  const stations: Station[] = [];
  const printers: StationPrinterConfig[] = [];
  for (const value of values) {
    const at = value.lastIndexOf('@');
    if (at < 0) throw new UsageError(`--station-printer ${JSON.stringify(value)}: write "<station>: <rule> @ <printer>"`);
    const parsed = parseStation(value.slice(0, at));
    if (!parsed.ok) throw new UsageError(`--station-printer ${JSON.stringify(value)}: ${parsed.error}`);
    stations.push(parsed.value);
    if (!printers.some((printer) => printer.station === parsed.value.name)) {
      printers.push({ station: parsed.value.name, transport: printerFlag('--station-printer', value.slice(at + 1).trim()) });
    }
  }
  const checked = validateStations(stations);
  if (!checked.ok) throw new UsageError(`--station-printer: ${checked.error}`);
  return { stations: checked.value, printers };
}

function backlogFlags(flags: PrintFlagValues): BacklogOptions {
  const policy = choiceFlag<BacklogChoice>('--backlog', flags.backlog, BACKLOG_CHOICES, 'all');
  const over = flags['backlog-over'];
  if (over !== undefined && (!/^\d+$/.test(over) || Number(over) > 100_000)) {
    throw new UsageError(`--backlog-over must be a whole number from 0 to 100000, got "${over}"`);
  }
  return { policy, ...(over !== undefined ? { over: Number(over) } : {}) };
}

function backupFlags(flags: PrintFlagValues): BackupPrinter | undefined {
  if (flags.backup === undefined) {
    if (flags['backup-after-s'] !== undefined) throw new UsageError('--backup-after-s needs --backup');
    return undefined;
  }
  const afterS = flags['backup-after-s'];
  if (afterS !== undefined && (!/^\d+(\.\d+)?$/.test(afterS) || Number(afterS) > 86_400)) {
    throw new UsageError(`--backup-after-s must be a number of seconds from 0 to 86400, got "${afterS}"`);
  }
  return { transport: printerFlag('--backup', flags.backup), ...(afterS !== undefined ? { afterMs: Number(afterS) * 1000 } : {}) };
}
