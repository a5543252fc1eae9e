/** One labelled Settings field with room for its error, found by its settings path (`data-field`). */
import { el } from '../dom';
import { t, type StringKey } from '../../main/core/ui/i18n';

export type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export function field(label: StringKey, control: Field, name: string): HTMLElement {
  control.id = `setting-${name.replace(/\W/g, '-')}`;
  control.name = name;
  return el(
    'div',
    { className: 'field', 'data-field': name },
    el('label', { for: control.id }, t(label)),
    control,
    el('p', { className: 'error', id: `${control.id}-error`, 'aria-live': 'polite' }),
  );
}
