/** The printing flags `listen` and `print-test` share: which printer, paper, encoding, copies. */
import { KitchenPrinter, MAX_COPIES } from '../print/kitchen-printer';
import type { Journal } from '../journal/journal';
import { transportFor } from '../print/printer-transports';
import type { BacklogOptions } from '../print/backlog';
import { BACKLOG_CHOICES, type BacklogChoice } from '../print/backlog-choice';
import type { BackupPrinter } from '../print/printer-route';
import { printerReason } from '../print/printer-words';
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
  --backlog-over <n>    how many old tickets make a backlog (default 10)`;

type PrintFlagValues = Partial<Record<keyof typeof PRINT_FLAGS, string>>;

export function printerFlag(flag: string, value: string): PrinterTransport {
  try {
    return transportFor(value);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

/** The ticket's labels follow --language, else the locale in LC_ALL, LC_MESSAGES or LANG. */
function applyLanguage(value: string | undefined): void {
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
    for (const name of ['paper', 'copies', 'encoding', 'shop', 'language', 'backup', 'backup-after-s', 'backlog', 'backlog-over'] as const) {
      if (flags[name] !== undefined) throw new UsageError(`--${name} needs --print`);
    }
    return undefined;
  }
  const backup = backupFlags(flags);
  return { transport: printerFlag('--print', flags.print), ticket: ticketFlags(flags), copies: copiesFlag(flags.copies), backlog: backlogFlags(flags), ...(backup ? { backup } : {}) };
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

/** Opens the kitchen printer for `listen`, reporting on stderr. */
export async function openCliPrinter(
  settings: NonNullable<ReturnType<typeof parsePrintFlags>>,
  journal: Journal,
  dataDir: string,
): Promise<KitchenPrinter> {
  const printer = await KitchenPrinter.open({ dataDir, journal, ...settings });
  for (const problem of printer.ledger.problems) console.error(`print ledger line ${problem.line}: ${problem.reason}`);
  const name = settings.transport.name;
  printer.on('printed', (job) => {
    const on = printer.status.backup ? `the backup ${printer.status.backup}` : name;
    console.error(`printed ${job.reprint ? 'reprint of ' : ''}order ${job.order.id} on ${on}${job.possibleDuplicate ? ' (marked as a possible duplicate)' : ''}`);
  });
  printer.on('skipped', (jobs) => console.error(`backlog: skipped ${jobs.length} old ticket(s) (--backlog ${settings.backlog?.policy ?? 'all'}): ${jobs.map((job) => job.order.id).join(', ')}`));
  printer.on('ledgerError', (error) => console.error(`print ledger: ${error.message}; the ticket is queued at the next start`));
  let alarm = false;
  let warned = false;
  printer.on('status', (status) => {
    if (status.warning && !warned) console.error(`printer warning: ${printerReason(status)}`);
    warned = status.warning !== undefined;
    if (status.state === 'failing') {
      const retryS = Math.max(0, ((status.nextRetryAt ?? Date.now()) - Date.now()) / 1000);
      const reason = printerReason(status);
      console.error(`printer alarm: ${status.lastError}; ${status.queued} ticket(s) waiting; retrying in ${retryS.toFixed(1)} s${reason ? `. ${reason}` : ''}`);
      alarm = true;
    } else if (alarm) {
      console.error(`printer back: ${name}`);
      alarm = false;
    }
  });
  return printer;
}
