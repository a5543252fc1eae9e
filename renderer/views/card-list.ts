/**
 * The order cards, kept between renders: a card is rebuilt only when what it shows changed
 * (handled, its age's wording or colour, the language), and moved only when its place did.
 * A rush of 300 orders then costs one new card per order, not 300 rebuilt cards per order.
 */
import type { OrderView } from '../../preload/api';
import { language, t } from '../../main/core/ui/i18n';
import { el } from '../dom';
import { ageLevel, dueIn, timeSince } from '../format';
import { orderCard, type PrintAction } from './order-card';
import type { AnswerAction } from './answer-bar';

type Actions = { open: (id: string) => void; handle: (id: string) => void; print?: PrintAction; answer?: AnswerAction };

function cardKey(view: OrderView, now: number): string {
  const handled = view.handled ? `${view.handled.by}|${view.handled.at}|${view.handledUnsent ?? ''}|${view.handledUnsentError ?? ''}` : ageLevel(view.receivedAt, now);
  return `${language()}|${timeSince(view.receivedAt, now)}|${dueIn(view.order.dueAt, now)}|${handled}|${view.history?.at(-1)?.seq ?? 0}`;
}

export class CardList {
  readonly element = el('section', { className: 'cards' });
  private readonly cards = new Map<string, { element: HTMLElement; key: string }>();

  constructor(private readonly actions: Actions) {}

  /** Brings the list to `orders`, in their order. */
  update(orders: OrderView[], now: number): void {
    this.element.setAttribute('aria-label', t('tabOrders'));
    const wanted = orders.map((view) => this.card(view, now));
    const keep = new Set(wanted);
    for (const child of [...this.element.children]) if (!keep.has(child as HTMLElement)) child.remove();
    const ids = new Set(orders.map((view) => view.id));
    for (const id of this.cards.keys()) if (!ids.has(id)) this.cards.delete(id);
    wanted.forEach((card, index) => {
      const there = this.element.children[index];
      if (there !== card) this.element.insertBefore(card, there ?? null);
    });
  }

  private card(view: OrderView, now: number): HTMLElement {
    const key = cardKey(view, now);
    const cached = this.cards.get(view.id);
    if (cached?.key === key) return cached.element;
    const element = orderCard(view, now, this.actions);
    this.cards.set(view.id, { element, key });
    return element;
  }
}
