import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../preload/api';
import { setLanguage } from '../../main/core/ui/i18n';
import { upstreamParts } from './status-bar';

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
