import { afterEach, describe, expect, it } from 'vitest';
import { ageLevel, contents, heading, money, spokenMoney, timeSince, voiceText, dueIn, telLink } from './format';
import { resolveLanguage, setLanguage, t } from '../main/core/ui/i18n';

afterEach(() => setLanguage('en'));

describe('voice lines', () => {
  it('speaks a new order in Chinese: 新订单，3号桌，58元', () => {
    setLanguage('zh-CN');
    expect(voiceText({ kind: 'new-order', table: '3', total: 58, currency: 'CNY' })).toBe('新订单，3号桌，58元');
    expect(voiceText({ kind: 'new-order', table: '3', total: 58, currency: 'USD' })).toBe('新订单，3号桌，58美元');
    expect(voiceText({ kind: 'new-order', table: '3', total: 58 })).toBe('新订单，3号桌，58');
    expect(voiceText({ kind: 'summary', count: 12 })).toBe('离线期间收到12个订单');
  });

  it('speaks a new order in English, in the order\'s currency: New order, table 3, 58 US dollars', () => {
    expect(voiceText({ kind: 'new-order', table: '3', total: 58, currency: 'USD' })).toBe('New order, table 3, 58 US dollars');
    expect(voiceText({ kind: 'new-order', table: '3', total: 58 })).toBe('New order, table 3, 58');
    expect(voiceText({ kind: 'new-order' })).toBe('New order');
    expect(voiceText({ kind: 'offline' })).toMatch(/offline/);
    expect(voiceText({ kind: 'offline', source: 'Chain broker' })).toBe('Chain broker is offline. Its new orders cannot arrive.');
  });
});

describe('spoken totals', () => {
  it('names the currency, keeps cents, and says only the number when the currency is missing or unknown', () => {
    expect(spokenMoney(12.5, 'EUR')).toBe('12.50 euros');
    expect(spokenMoney('1200', 'JPY')).toBe('1,200 Japanese yen');
    expect(spokenMoney(58, 'CNY')).toBe('58 Chinese yuan');
    expect(spokenMoney(58, 'XQQ')).toBe('58');
    expect(spokenMoney(58, 'usd')).toBe('58');
    expect(spokenMoney('about 30', 'USD')).toBe('about 30');
  });
});

describe('age', () => {
  it('turns amber after 3 minutes and red after 8', () => {
    const now = Date.UTC(2026, 10, 27, 12);
    expect(ageLevel(now - 2 * 60_000, now)).toBe('fresh');
    expect(ageLevel(now - 3 * 60_000, now)).toBe('waiting');
    expect(ageLevel(now - 8 * 60_000, now)).toBe('late');
  });
});

describe('formatting', () => {
  it('says how long ago an order arrived', () => {
    const now = Date.UTC(2026, 10, 27, 12);
    expect(timeSince(now - 20_000, now)).toBe('just now');
    expect(timeSince(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(timeSince(now - 3 * 3600_000, now)).toBe('3 h ago');
    expect(timeSince(now - 3 * 86400_000, now)).toBe('3 d ago');
  });

  it('formats totals as currency, and keeps odd strings as they came', () => {
    expect(money(58, 'CNY')).toBe('CN¥58.00');
    expect(money('12.5', undefined)).toBe('12.50');
    expect(money('about 10', 'EUR')).toBe('about 10 EUR');
    expect(money(undefined, 'CNY')).toBe('');
  });

  it('heads a card with title, number and channel', () => {
    expect(heading({ id: 'A-1', channel: 'web' })).toBe('#A-1 · web');
    expect(heading({ id: 'A-1', title: 'Takeaway' })).toBe('Takeaway · #A-1');
  });
});

describe('i18n', () => {
  it('follows the system locale unless a language is chosen', () => {
    expect(resolveLanguage('auto', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(resolveLanguage('auto', ['de-DE'])).toBe('en');
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
  });

  it('fills placeholders', () => {
    expect(t('reconnectingIn', { s: 4 })).toBe('Reconnecting in 4 s');
    setLanguage('zh-CN');
    expect(t('reconnectingIn', { s: 4 })).toBe('4 秒后重新连接');
  });

  it('sums up what was ordered on one short line', () => {
    expect(contents({ id: '1', items: [{ name: 'Fried rice', qty: 2 }, { name: '奶茶', qty: 1 }] })).toBe('2× Fried rice, 1× 奶茶');
    expect(contents({ id: '2', text: '2x noodles, table 4\ncall when ready' })).toBe('2x noodles, table 4');
    expect(contents({ id: '3' })).toBe('');
    const long = contents({ id: '4', text: 'x'.repeat(200) });
    expect([long.length, long.endsWith('…')]).toEqual([80, true]);
  });
});

describe('pickup details', () => {
  it('counts down to when an order is due, and up once it is late', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(dueIn('2026-12-06T12:14:10Z', now)).toBe('in 14 min');
    expect(dueIn('2026-12-06T12:00:20Z', now)).toBe('now');
    expect(dueIn('2026-12-06T11:57:00Z', now)).toBe('3 min late');
    expect([dueIn(undefined, now), dueIn('whenever', now)]).toEqual(['', '']);
  });

  it('dials only digits and a leading +, whatever the backend wrote', () => {
    expect(telLink('+86 138-0013 8000')).toBe('tel:+8613800138000');
    expect(telLink('(555) 010 99')).toBe('tel:55501099');
    expect(telLink('javascript:alert(1)//123')).toBe('tel:1123');
    expect(telLink('call the shop')).toBeUndefined();
  });
});
