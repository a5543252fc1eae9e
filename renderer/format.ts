/** Words and numbers for orders, in the current language. Pure: no DOM. */
import type { Order } from '../preload/api';
import type { VoiceLine } from '../main/core/alerts/policy';
import { language, t } from '../main/core/ui/i18n';

export function timeSince(receivedAt: number, now: number): string {
  const minutes = Math.floor((now - receivedAt) / 60_000);
  if (minutes < 1) return t('justNow');
  if (minutes < 60) return t('minutesAgo', { n: minutes });
  if (minutes < 48 * 60) return t('hoursAgo', { n: Math.floor(minutes / 60) });
  return t('daysAgo', { n: Math.floor(minutes / 1440) });
}

/** How long until an order is due ("in 14 min"), or how long it is overdue; '' for no due time. */
export function dueIn(dueAt: string | undefined, now: number): string {
  const due = dueAt === undefined ? NaN : Date.parse(dueAt);
  if (Number.isNaN(due)) return '';
  const minutes = Math.round((due - now) / 60_000);
  if (minutes === 0) return t('dueNow');
  return minutes > 0 ? t('dueInMinutes', { n: minutes }) : t('overdueMinutes', { n: -minutes });
}

/** A phone number as a tel: link dials it: digits and a leading +, nothing else. */
export function telLink(phone: string): string | undefined {
  const digits = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d{3,}/.test(digits) ? `tel:${digits}` : undefined;
}

export function clock(at: number | string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return date.toLocaleString(language(), { dateStyle: 'short', timeStyle: 'short' });
}

export function money(amount: number | string | undefined, currency: string | undefined): string {
  if (amount === undefined) return '';
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (typeof amount === 'number' || (amount.trim() !== '' && Number.isFinite(value))) {
    if (currency && /^[A-Z]{3}$/.test(currency)) {
      try {
        return new Intl.NumberFormat(language(), { style: 'currency', currency }).format(value);
      } catch {
        /* an unknown currency code: fall through */
      }
    }
    return `${value.toFixed(2)}${currency ? ` ${currency}` : ''}`;
  }
  return `${amount}${currency ? ` ${currency}` : ''}`;
}

/** A currency code the browser can name; another (a typo, a shop's own) is not spoken. */
function knownCurrency(currency: string | undefined): currency is string {
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return false;
  return Intl.supportedValuesOf('currency').includes(currency);
}

/**
 * A total as it is spoken, in the order's own currency: "58 US dollars", "58美元", and "58元"
 * for yuan in Chinese, as staff say it. With no currency, or one unknown, only the number.
 */
export function spokenMoney(total: number | string, currency: string | undefined): string {
  const value = typeof total === 'number' ? total : Number(total);
  if (typeof total === 'string' && (total.trim() === '' || !Number.isFinite(value))) return total;
  const whole = Number.isInteger(value);
  const digits = { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 };
  if (!knownCurrency(currency)) return new Intl.NumberFormat(language(), digits).format(value);
  if (currency === 'CNY' && language() === 'zh-CN') return `${new Intl.NumberFormat(language(), digits).format(value)}元`;
  return new Intl.NumberFormat(language(), { style: 'currency', currency, currencyDisplay: 'name', ...digits }).format(value);
}

/** What to say for a voice line, e.g. "新订单，3号桌，58元" or "New order, table 3, 58 US dollars". */
export function voiceText(line: VoiceLine): string {
  if (line.kind === 'summary') return t('voiceSummary', { n: line.count });
  if (line.kind === 'offline') return line.source ? t('voiceSourceOffline', { source: line.source }) : t('voiceOffline');
  if (line.kind === 'printer') return t('voicePrinter');
  const parts = [t('voiceNewOrder')];
  if (line.table) parts.push(t('voiceTable', { table: line.table }));
  if (line.total !== undefined && line.total !== '') parts.push(spokenMoney(line.total, line.currency));
  return parts.join(language() === 'zh-CN' ? '，' : ', ');
}

/** Minutes an order may wait before its card turns amber, then red. */
export const AGE_WAITING_MIN = 3;
export const AGE_LATE_MIN = 8;

/** How urgent an unhandled order's age looks: fresh, waiting (amber), late (red). */
export function ageLevel(receivedAt: number, now: number): 'fresh' | 'waiting' | 'late' {
  const minutes = (now - receivedAt) / 60_000;
  if (minutes >= AGE_LATE_MIN) return 'late';
  return minutes >= AGE_WAITING_MIN ? 'waiting' : 'fresh';
}

/** A short heading for an order: its title, or its number and channel. */
export function heading(order: Order): string {
  const base = order.title ? `${order.title} · #${order.id}` : `#${order.id}`;
  return order.channel ? `${base} · ${order.channel}` : base;
}

const CONTENTS_MAX = 80;

/** What was ordered, on one short line: the items with their quantities, else the order's text. */
export function contents(order: Order): string {
  const line = order.items?.length ? order.items.map((item) => `${item.qty}× ${item.name}`).join(', ') : (order.text ?? '').split('\n')[0]!.trim();
  return line.length > CONTENTS_MAX ? `${line.slice(0, CONTENTS_MAX - 1)}…` : line;
}
