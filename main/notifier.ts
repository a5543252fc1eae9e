/** Native notifications: one per new order, one summary for orders that arrived late. */
import { Notification } from 'electron';
import type { Notice } from './core/station';
import { t } from './core/i18n';

export function noticeText(notice: Notice): { title: string; body: string } {
  if (notice.kind === 'summary') return { title: t('appTitle'), body: t('summary', { n: notice.count }) };
  const { order } = notice.view;
  const parts = [
    order.table ? t('table', { table: order.table }) : order.customer?.name,
    order.items?.map((item) => `${item.qty}× ${item.name}`).join(', '),
    order.total !== undefined ? t('total', { total: `${order.total}${order.currency ? ` ${order.currency}` : ''}` }) : undefined,
    order.text,
  ].filter(Boolean);
  const title = t('notifyTitle', { id: order.id });
  return { title: order.channel ? `${title} · ${order.channel}` : title, body: parts.join(' · ').slice(0, 240) };
}

export class Notifier {
  /** Shown notifications are kept referenced, or their click handlers die with garbage collection. */
  private readonly shown = new Set<Notification>();

  constructor(private readonly onClick: (orderId: string | null) => void) {}

  show(notice: Notice): void {
    if (!Notification.isSupported()) return;
    // Silent: OrderBell plays its own, repeating sound.
    const notification = new Notification({ ...noticeText(notice), silent: true });
    const orderId = notice.kind === 'order' ? notice.view.id : null;
    notification.on('click', () => this.onClick(orderId));
    notification.on('close', () => this.shown.delete(notification));
    this.shown.add(notification);
    notification.show();
  }

  get count(): number {
    return this.shown.size;
  }
}
