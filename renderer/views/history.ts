/** History: search by text and date range, newest first, paged. */
import type { OrderBellApi, OrderView } from '../../preload/api';
import { el, replaceChildren } from '../dom';
import { clock, contents, heading, money } from '../format';
import { t } from '../../main/core/ui/i18n';
import type { PrintAction } from './order-card';

const PAGE_SIZE = 20;

function dayStart(value: string): number | undefined {
  if (!value) return undefined;
  const time = new Date(`${value}T00:00:00`).getTime();
  return Number.isNaN(time) ? undefined : time;
}

function historyRow(view: OrderView, open: (id: string) => void, print: PrintAction): HTMLElement {
  return el(
    'li',
    { className: `history-row ${view.handled ? 'handled' : 'new'}`, 'data-id': view.id },
    el('button', { type: 'button', className: 'link', onClick: () => open(view.id) }, heading(view.order)),
    el('span', { className: 'when' }, clock(view.receivedAt)),
    el('span', { className: 'summary' }, [contents(view.order), view.order.table ? t('table', { table: view.order.table }) : '', money(view.order.total, view.order.currency)].filter(Boolean).join(' · ')),
    el('span', { className: 'state' }, view.handled ? t('handled') : ''),
    print ? el('button', { type: 'button', className: 'print secondary', onClick: () => print(view.id) }, t('print')) : null,
  );
}

/** `print`: desktop only, a reprint of the row's order. */
export function historyView(api: OrderBellApi, open: (view: OrderView) => void, print?: PrintAction): HTMLElement {
  let offset = 0;
  const text = el('input', { type: 'search', name: 'text', placeholder: t('search'), 'aria-label': t('search') });
  const from = el('input', { type: 'date', name: 'from', 'aria-label': t('from') });
  const to = el('input', { type: 'date', name: 'to', 'aria-label': t('to') });
  const results = el('div', { className: 'history-results', 'aria-live': 'polite' });

  async function load(): Promise<void> {
    const end = dayStart(to.value);
    const page = await api.queryHistory({
      text: text.value,
      ...(dayStart(from.value) !== undefined ? { from: dayStart(from.value)! } : {}),
      ...(end !== undefined ? { to: end + 86_400_000 } : {}),
      offset,
      limit: PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    const current = Math.floor(offset / PAGE_SIZE) + 1;
    const byId = new Map(page.orders.map((view) => [view.id, view]));
    replaceChildren(
      results,
      el('p', { className: 'count' }, t('resultCount', { n: page.total })),
      el('ul', { className: 'history-list' }, ...page.orders.map((view) => historyRow(view, (id) => open(byId.get(id)!), print))),
      el(
        'nav',
        { className: 'pager' },
        el('button', { type: 'button', className: 'secondary', disabled: current <= 1, onClick: () => ((offset -= PAGE_SIZE), void load()) }, t('previous')),
        el('span', {}, t('page', { page: current, pages })),
        el('button', { type: 'button', className: 'secondary', disabled: current >= pages, onClick: () => ((offset += PAGE_SIZE), void load()) }, t('next')),
      ),
    );
  }

  const form = el(
    'form',
    {
      className: 'history-search',
      onSubmit: (event: Event) => {
        event.preventDefault();
        offset = 0;
        void load();
      },
    },
    text,
    el('label', {}, t('from'), ' ', from),
    el('label', {}, t('to'), ' ', to),
    el('button', { type: 'submit' }, t('searchButton')),
  );
  void load();
  return el('section', { className: 'history' }, form, results);
}
