/** Settings → Webhooks: where the hub on this PC tells the shop's backend each state change of an order. */
import type { WebhookSetting } from '../../main/core/settings/webhook-settings';
import { MAX_WEBHOOKS } from '../../main/core/settings/webhook-settings';
import { el } from '../dom';
import { t } from '../../main/core/ui/i18n';
import { field } from './form-field';

export function webhooksEditor(initial: WebhookSetting[], changed: () => void): { element: HTMLElement; collect: () => WebhookSetting[] } {
  let rows = initial.map((webhook) => ({ ...webhook }));
  const list = el('div', { className: 'webhooks' });
  const add = el('button', { type: 'button', className: 'secondary', onClick: () => (rows.push({ url: '', secret: '' }), render(), changed()) }, t('webhookAdd'));

  function render(): void {
    list.replaceChildren(
      ...rows.map((row, index) => {
        const url = el('input', { type: 'url', value: row.url, placeholder: 'https://shop.example.com/orderbell-hook' });
        const secret = el('input', { type: 'password', value: row.secret, autocomplete: 'off' });
        url.addEventListener('input', () => (row.url = url.value));
        secret.addEventListener('input', () => (row.secret = secret.value));
        const remove = el('button', { type: 'button', className: 'secondary', onClick: () => (rows.splice(index, 1), render(), changed()) }, t('webhookRemove'));
        return el('div', { className: 'webhook-row' }, field('webhookUrl', url, `webhooks[${index}].url`), field('webhookSecret', secret, `webhooks[${index}].secret`), remove);
      }),
    );
    add.hidden = rows.length >= MAX_WEBHOOKS;
  }

  render();
  return {
    element: el('div', {}, list, add, el('p', { className: 'hint' }, t('webhooksHint'))),
    collect: () => rows.map(({ url, secret }) => ({ url: url.trim(), secret: secret.trim() })),
  };
}
