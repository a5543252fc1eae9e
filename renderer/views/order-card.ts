/** One order as a card on the main screen, and the full detail dialog. */
import type { OrderView } from '../../preload/api';
import { el } from '../dom';
import { ageLevel, clock, dueIn, heading, money, telLink, timeSince } from '../format';
import { t } from '../../main/core/ui/i18n';
import { answerBar, stateHistory, type AnswerAction } from './answer-bar';

const KNOWN_FIELDS = new Set(['id', 'createdAt', 'dueAt', 'title', 'text', 'total', 'currency', 'items', 'table', 'customer', 'channel', 'note', 'source']);

/** The label of the source the order came from (settings' list of sources), if any. */
const sourceLabel = (view: OrderView): string | undefined => (typeof view.order.source === 'string' ? view.order.source : undefined);

/** A card lists this many items; a longer list ends with how many more the detail shows. */
export const CARD_ITEMS = 6;

function itemsList(view: OrderView, limit = Infinity): HTMLElement | null {
  const items = view.order.items ?? [];
  if (items.length === 0) return null;
  const shown = items.length > limit ? items.slice(0, limit - 1) : items;
  return el(
    'ul',
    { className: 'items' },
    ...shown.map((item) =>
      el(
        'li',
        {},
        el('span', { className: 'qty' }, `${item.qty}×`),
        ` ${item.name}`,
        item.note ? el('span', { className: 'item-note' }, ` (${item.note})`) : null,
        item.price !== undefined ? el('span', { className: 'price' }, money(item.price, view.order.currency)) : null,
      ),
    ),
    shown.length < items.length ? el('li', { className: 'more' }, t('moreItems', { n: items.length - shown.length })) : null,
  );
}

function facts(view: OrderView): string {
  const { order } = view;
  const parts: string[] = [];
  if (order.table) parts.push(t('table', { table: order.table }));
  if (order.total !== undefined) parts.push(t('total', { total: money(order.total, order.currency) }));
  const source = sourceLabel(view);
  if (source) parts.push(source);
  return parts.join(' · ');
}

/** Pickup and delivery: who, a phone number to tap, where to; and when it is due, counting down. */
function pickup(view: OrderView, now: number): HTMLElement[] {
  const { customer, dueAt } = view.order;
  const parts: HTMLElement[] = [];
  if (customer?.name || customer?.phone) {
    const dial = customer.phone ? telLink(customer.phone) : undefined;
    parts.push(
      el('p', { className: 'customer' },
        customer.name ?? '',
        customer.name && customer.phone ? ' · ' : '',
        customer.phone ? (dial ? el('a', { href: dial, className: 'tel' }, customer.phone) : customer.phone) : '',
      ),
    );
  }
  if (customer?.address) parts.push(el('p', { className: 'address clamp' }, customer.address));
  const left = dueIn(dueAt, now);
  if (left) parts.push(el('p', { className: `due${Date.parse(dueAt!) < now ? ' overdue' : ''}` }, t('dueAt', { time: clock(dueAt!), left })));
  return parts;
}

/** Who handled it; or, handled here while the hub was out of reach, that it waits to be sent. */
function handledLine(view: OrderView): HTMLElement {
  const { by, at } = view.handled!;
  if (view.handledUnsentError) return el('p', { className: 'handled-by unsent failed' }, t('handledUnsentFailed', { time: clock(at), error: view.handledUnsentError }));
  if (view.handledUnsent) return el('p', { className: 'handled-by unsent' }, t('handledUnsent', { time: clock(at) }));
  return el('p', { className: 'handled-by' }, t('handledBy', { by, time: clock(at) }));
}

/** Desktop only: there is a printer to print on. */
export type PrintAction = ((id: string) => void) | undefined;

function printButton(view: OrderView, print: PrintAction): HTMLElement | null {
  return print ? el('button', { className: 'print secondary', type: 'button', onClick: () => print(view.id) }, t('print')) : null;
}

export function orderCard(view: OrderView, now: number, actions: { open: (id: string) => void; handle: (id: string) => void; print?: PrintAction; answer?: AnswerAction }): HTMLElement {
  const { order } = view;
  const handled = view.handled;
  return el(
    'article',
    {
      className: handled ? 'card handled' : `card new age-${ageLevel(view.receivedAt, now)}`,
      tabindex: 0,
      'data-id': view.id,
      'aria-label': heading(order),
      onClick: (event: Event) => {
        if (!(event.target as HTMLElement).closest('button, a, details')) actions.open(view.id);
      },
      onKeydown: (event: Event) => {
        if ((event as KeyboardEvent).key !== 'Enter' || event.target !== event.currentTarget) return;
        // The Enter that opens the detail must not go on to press a button inside it.
        event.preventDefault();
        actions.open(view.id);
      },
    },
    el('header', {}, el('span', { className: 'heading' }, heading(order)), el('span', { className: 'age' }, timeSince(view.receivedAt, now))),
    // Long text is clamped here (styles.css); the detail shows all of it.
    order.text ? el('p', { className: 'text clamp' }, order.text) : null,
    itemsList(view, CARD_ITEMS),
    facts(view) ? el('p', { className: 'facts' }, facts(view)) : null,
    ...pickup(view, now),
    order.note ? el('p', { className: 'note clamp' }, t('note', { note: order.note })) : null,
    actions.answer ? answerBar(view, actions.answer) : null,
    handled ? handledLine(view) : el('button', { className: 'handle', type: 'button', onClick: () => actions.handle(view.id) }, t('markHandled')),
    printButton(view, actions.print),
  );
}

function row(label: string, value: string | undefined): HTMLElement | null {
  if (value === undefined || value === '') return null;
  return el('div', { className: 'row' }, el('dt', {}, label), el('dd', {}, value));
}

/** `preview`: the kitchen ticket as text, as the paper will show it. */
export function orderDetail(view: OrderView, actions: { handle: (id: string) => void; close: () => void; print?: PrintAction; answer?: AnswerAction }, preview?: string): HTMLElement {
  const { order } = view;
  const extra = Object.entries(order).filter(([key]) => !KNOWN_FIELDS.has(key));
  return el(
    'div',
    { className: 'detail' },
    // Focus lands on the heading, never on Mark done (opening an order must not handle it by
    // accident), and the dialog opens at its top: the id, table, customer and total in view.
    el('h2', { tabIndex: -1, autofocus: true }, t('orderDetail', { id: order.id })),
    el(
      'dl',
      {},
      row(t('channel'), order.channel),
      row(t('orderSource'), sourceLabel(view)),
      row(t('received', { time: '' }).trim(), clock(view.receivedAt)),
      order.createdAt ? row(t('created', { time: '' }).trim(), clock(order.createdAt)) : null,
      order.dueAt ? row(t('due'), clock(order.dueAt)) : null,
      row(t('table', { table: '' }).trim(), order.table),
      row(t('customer'), [order.customer?.name, order.customer?.phone, order.customer?.address].filter(Boolean).join(' · ')),
      row(t('total', { total: '' }).trim(), order.total === undefined ? undefined : money(order.total, order.currency)),
    ),
    order.title ? el('p', { className: 'title' }, order.title) : null,
    order.text ? el('p', { className: 'text' }, order.text) : null,
    itemsList(view),
    order.note ? el('p', { className: 'note' }, t('note', { note: order.note })) : null,
    stateHistory(view),
    actions.answer ? answerBar(view, actions.answer) : null,
    extra.length ? el('details', {}, el('summary', {}, t('extraFields')), el('pre', {}, JSON.stringify(Object.fromEntries(extra), null, 2))) : null,
    preview ? el('details', { className: 'ticket-preview' }, el('summary', {}, t('ticketPreview')), el('pre', { className: 'ticket' }, preview)) : null,
    actions.print ? null : el('p', { className: 'hint print-where' }, t('printWhere')),
    el(
      'div',
      { className: 'actions' },
      view.handled
        ? handledLine(view)
        : el('button', { className: 'handle', type: 'button', onClick: () => actions.handle(view.id) }, t('markHandled')),
      printButton(view, actions.print),
      el('button', { type: 'button', className: 'secondary', onClick: actions.close }, t('close')),
    ),
  );
}
