import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../preload/api';
import { setLanguage } from '../../main/core/ui/i18n';
import { connectionText, deliveryParts, nextCountdownChange, upstreamParts } from './status-bar';

const base = { connection: { state: 'online' }, source: { kind: 'hub', url: '', lanAddresses: [], clients: 0 } } as unknown as StatusView;

describe('status bar: the settings\' list of sources', () => {
  it('shows each source\'s state by its label, and warns about a source that cannot catch up', () => {
    setLanguage('en');
    const status = {
      ...base,
      sources: [
        { label: 'Web shop', kind: 'socketio', state: 'online', recoverable: false },
        { label: 'App', kind: 'mqtt', state: 'offline', lastError: 'connection refused', recoverable: true },
      ],
    } as StatusView;
    expect(upstreamParts(status)).toEqual([
      'Web shop: Online',
      'Web shop keeps no history: orders sent while it is offline cannot be recovered from it',
      'App: Offline',
    ]);
    expect(upstreamParts(base)).toEqual([]);
  });

  it('says when a source that is down tries next, in English and Chinese', () => {
    const status = { ...base, sources: [{ label: 'App', kind: 'mqtt', state: 'offline', lastError: 'connection refused', nextRetryAt: 61_500, recoverable: true }] } as StatusView;
    setLanguage('en');
    expect(upstreamParts(status, 50_000)).toEqual(['App: Offline, next try in 12 s']);
    setLanguage('zh-CN');
    expect(upstreamParts(status, 50_000)).toEqual(['App：离线，12 秒后重试']);
    setLanguage('en');
  });
});

describe('status bar: the reconnect countdown', () => {
  const offline = { ...base, connection: { state: 'offline', nextRetryAt: 12_300 } } as StatusView;

  it('is due to be drawn again when its shown second runs out, so it counts 3, 2, 1 between two tries', () => {
    setLanguage('en');
    let now = 10_000;
    const shown = [connectionText(offline, now)];
    for (let wait = nextCountdownChange(offline, now); wait !== undefined; wait = nextCountdownChange(offline, now)) {
      now += wait;
      shown.push(connectionText(offline, now));
    }
    expect(shown).toEqual(['Reconnecting in 3 s', 'Reconnecting in 2 s', 'Reconnecting in 1 s', 'Reconnecting in 0 s']);
    expect(now).toBe(12_300);
  });

  it('follows the soonest of the link\'s and the sources\' countdowns', () => {
    const status = { ...offline, sources: [{ label: 'App', kind: 'mqtt', state: 'offline', nextRetryAt: 10_450, recoverable: true }] } as StatusView;
    expect(nextCountdownChange(status, 10_000)).toBe(300);
    expect(nextCountdownChange(status, 10_350)).toBe(100);
    expect(nextCountdownChange(status, 10_450)).toBe(850);
  });

  it('asks for no drawing when nothing counts down: online, connecting, or a retry with no time', () => {
    expect(nextCountdownChange(base, 10_000)).toBeUndefined();
    expect(nextCountdownChange({ ...base, connection: { state: 'connecting' } } as StatusView, 10_000)).toBeUndefined();
    expect(nextCountdownChange({ ...base, connection: { state: 'offline' } } as StatusView, 10_000)).toBeUndefined();
    expect(nextCountdownChange(offline, 12_300)).toBeUndefined();
  });
});

describe('status bar: webhooks and reply channels', () => {
  it('names a failing webhook with what waits and why, and deliveries given up, in English and Chinese; a working one takes no room', () => {
    const status = {
      ...base,
      deliveries: [
        { name: 'webhook https://shop.example/hook', state: 'failing', waiting: 3, givenUp: 0, lastError: 'answered 500' },
        { name: 'reply mqtt-1', state: 'ok', waiting: 0, givenUp: 1 },
        { name: 'webhook http://pos.lan/hook', state: 'ok', waiting: 0, givenUp: 0 },
      ],
    } as StatusView;
    setLanguage('en');
    expect(deliveryParts(status)).toEqual([
      'webhook https://shop.example/hook is not answering: 3 updates waiting (answered 500)',
      'reply mqtt-1: 1 update could not be sent for 24 hours and was dropped',
    ]);
    setLanguage('zh-CN');
    expect(deliveryParts(status)).toEqual([
      'webhook https://shop.example/hook 无响应：3 条订单状态等待发送（answered 500）',
      'reply mqtt-1：1 条订单状态 24 小时内未能发送，已放弃',
    ]);
    setLanguage('en');
    expect(deliveryParts(base)).toEqual([]);
  });
});
