/**
 * Native notifications: one per new order, one summary for orders that arrived late, and
 * one when something stops OrderBell alerting as it should.
 *
 * Each order's notification stays referenced until the order is handled: on Windows `close`
 * fires when the toast times out into Action Center, and an object let go then is collected
 * with its click handler (docs/api/notification.md, event 'close'). Notification.handleActivation
 * catches clicks even on toasts whose object is gone (Windows): each order's toast carries
 * "order:<id>" as its launch argument, which the activation hands back. `failed` (macOS refuses
 * unsigned apps, Windows when notifications are off) is logged, the reference dropped, and the
 * first refusal reported, so the shell can say that sound, badge and tray carry on alone.
 */
import { Notification } from 'electron';
import type { Notice } from './core/station';
import { t } from './core/ui/i18n';

const SUMMARY = 'summary';
/** Each problem has its own notification, gone when that problem is solved. */
export type Problem = 'page-down' | 'printer' | 'test-order';
const PROBLEM = 'problem:';

export function noticeText(notice: Notice): { title: string; body: string } {
  if (notice.kind === 'summary') return { title: t('appTitle'), body: t('summary', { n: notice.count }) };
  if (notice.kind === 'waiting') return { title: t('appTitle'), body: t('waitingFor', { n: notice.n, min: notice.min }) };
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

const LAUNCH_ORDER = 'order:';

const xmlEscape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Windows toast whose launch argument names its order (the activation's `arguments`). */
export function toastXml(options: { title: string; body: string; silent?: boolean }, orderId: string | null): string {
  const launch = orderId ? ` launch="${xmlEscape(LAUNCH_ORDER + orderId)}"` : '';
  const audio = options.silent ? '<audio silent="true"/>' : '';
  return `<toast${launch} activationType="foreground"><visual><binding template="ToastGeneric"><text>${xmlEscape(options.title)}</text><text>${xmlEscape(options.body)}</text></binding></visual>${audio}</toast>`;
}

export class Notifier {
  /** By order id, or SUMMARY, or PROBLEM and the problem. */
  private readonly shown = new Map<string, Notification>();
  private refused = false;

  constructor(
    private readonly onClick: (orderId: string | null) => void,
    private readonly log: (line: string) => void,
    private readonly platform: NodeJS.Platform,
    /** The system refused a notification for the first time. */
    private readonly onRefused: () => void = () => {},
  ) {
    if (platform === 'win32') {
      Notification.handleActivation(({ arguments: launch }) => onClick(launch.startsWith(LAUNCH_ORDER) ? launch.slice(LAUNCH_ORDER.length) : null));
    }
  }

  /** Whether the system has refused notifications. */
  get refusedBySystem(): boolean {
    return this.refused;
  }

  show(notice: Notice): void {
    // Silent: OrderBell plays its own, repeating sound.
    const order = notice.kind === 'order' ? notice.view.id : notice.kind === 'waiting' ? notice.id : null;
    this.present(order ?? SUMMARY, { ...noticeText(notice), silent: true }, order);
  }

  /** Something keeps OrderBell from alerting or working as usual; not silent, since OrderBell may not be able to ring. */
  problem(problem: Problem, title: string, body: string): void {
    this.present(PROBLEM + problem, { title, body }, null);
  }

  problemSolved(problem: Problem): void {
    this.drop(PROBLEM + problem);
  }

  /** Orders no longer waiting: their notifications (and a summary, once none wait) are closed and let go. */
  keepOnly(unhandled: ReadonlySet<string>): void {
    for (const key of [...this.shown.keys()]) {
      if (key.startsWith(PROBLEM) || (key === SUMMARY && unhandled.size > 0) || unhandled.has(key)) continue;
      this.drop(key);
    }
  }

  get count(): number {
    return this.shown.size;
  }

  private present(key: string, options: { title: string; body: string; silent?: boolean }, orderId: string | null): void {
    if (!Notification.isSupported()) return;
    this.drop(key);
    const notification = new Notification(this.platform === 'win32' ? { ...options, toastXml: toastXml(options, orderId) } : options);
    notification.on('click', () => this.onClick(orderId));
    notification.on('failed', (_event, error) => {
      this.log(`notification "${options.title}" failed: ${error}`);
      if (this.shown.get(key) === notification) this.shown.delete(key);
      if (!this.refused) {
        this.refused = true;
        this.onRefused();
      }
    });
    this.shown.set(key, notification);
    notification.show();
  }

  private drop(key: string): void {
    const notification = this.shown.get(key);
    if (!notification) return;
    this.shown.delete(key);
    notification.close();
  }
}
