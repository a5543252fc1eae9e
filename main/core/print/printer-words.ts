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
export function printerReason(status: Pick<PrinterStatus, 'state' | 'problem' | 'warning'>): string | undefined {
  if (status.state === 'failing') return status.problem ? t(PROBLEM_WORDS[status.problem]) : undefined;
  return status.warning ? t(PROBLEM_WORDS[status.warning]) : undefined;
}
