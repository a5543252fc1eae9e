/** The backlog question: many old tickets wait after a long printer outage; staff choose what prints. */
import type { BacklogChoice } from '../../main/core/print/backlog-choice';
import type { PrinterView } from '../../main/core/ui/status-views';
import { t } from '../../main/core/ui/i18n';
import { el } from '../dom';

const CHOICE_WORDS = { all: 'backlogPrintAll', 'last-hour': 'backlogLastHour', skip: 'backlogSkip' } as const;

export function backlogBanner(printer: PrinterView & { backlog: number }, answer: (choice: BacklogChoice) => void): HTMLElement {
  return el(
    'div',
    { className: 'banner printer backlog', role: 'alert' },
    t('backlogQuestion', { n: printer.backlog }),
    ' ',
    ...(['all', 'last-hour', 'skip'] as const).map((choice) =>
      el('button', { type: 'button', className: 'secondary', 'data-backlog': choice, onClick: () => answer(choice) }, t(CHOICE_WORDS[choice])),
    ),
  );
}
