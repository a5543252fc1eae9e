import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../preload/api';
import { setLanguage } from '../../main/core/ui/i18n';
import { deliveryParts, upstreamParts } from './status-bar';

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
