/** What a card's colour says about how long its order has waited, as Settings explains it. */
import { el } from '../dom';
import { t } from '../../main/core/ui/i18n';
import { AGE_LATE_MIN, AGE_WAITING_MIN } from '../format';

export function ageLegend(): HTMLElement {
  const swatch = (level: 'fresh' | 'waiting' | 'late', label: string) =>
    el('li', { className: `age-swatch age-${level}` }, el('span', { className: 'swatch', 'aria-hidden': 'true' }), label);
  return el(
    'fieldset',
    { className: 'age-legend' },
    el('legend', {}, t('ageLegend')),
    el('ul', {},
      swatch('fresh', t('ageFresh', { n: AGE_WAITING_MIN })),
      swatch('waiting', t('ageWaiting', { from: AGE_WAITING_MIN, to: AGE_LATE_MIN })),
      swatch('late', t('ageLate', { n: AGE_LATE_MIN })),
    ),
  );
}
