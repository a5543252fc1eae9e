/** The printer alarm's reason and warning in the words staff read (ui/strings-*.ts). */
import { t, type StringKey } from '../ui/i18n';
import type { PrinterProblem, PrinterWarning } from './escpos-status';
import type { PrinterStatus } from './print-queue';

const PROBLEM_WORDS: Record<PrinterProblem | PrinterWarning, StringKey> = {
  'paper-end': 'printerPaperEnd',
  'cover-open': 'printerCoverOpen',
  'printer-error': 'printerFault',
  offline: 'printerOffline',
  'no-answer': 'printerNoAnswer',
  'not-reached': 'printerNotReached',
  'paper-near-end': 'printerPaperLow',
};

/** What staff should do about the printer now, or undefined when nothing. */
export function printerReason(status: Pick<PrinterStatus, 'state' | 'problem' | 'warning' | 'backup'>): string | undefined {
  const words = [
    status.state === 'failing' && status.problem ? t(PROBLEM_WORDS[status.problem]) : undefined,
    status.state !== 'failing' && status.warning ? t(PROBLEM_WORDS[status.warning]) : undefined,
    status.backup ? t('printerOnBackup', { printer: status.backup }) : undefined,
  ].filter(Boolean);
  return words.length > 0 ? words.join(' ') : undefined;
}
