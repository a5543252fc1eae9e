import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateView } from '../preload/api';
import { setLanguage } from '../main/core/ui/i18n';
import { lastCheckText, updateStateText } from './update-status';

afterEach(() => setLanguage('en'));

const view = (state: UpdateView['state'], lastCheckAt: number | null = null): UpdateView => ({
  version: '1.0.0',
  state,
  lastCheckAt,
  lastError: null,
  installFrom: '03:00',
  installUntil: '05:00',
  canRestart: false,
});

describe('update status in words', () => {
  it('says up to date, downloading with its percentage, and when a ready update installs', () => {
    expect(updateStateText(view({ kind: 'up-to-date' }))).toBe('Up to date');
    expect(updateStateText(view({ kind: 'downloading', version: '1.1.0', percent: 42 }))).toBe('Downloading version 1.1.0: 42 %');
    expect(updateStateText(view({ kind: 'ready', version: '1.1.0', wait: 'opening-hours' }))).toBe('Version 1.1.0 is ready; it installs between 03:00 and 05:00');
    expect(updateStateText(view({ kind: 'ready', version: '1.1.0', wait: 'unhandled' }))).toBe('Version 1.1.0 is ready; it installs once no order is waiting');
    expect(updateStateText(view({ kind: 'ready', version: '1.1.0', wait: 'manual' }))).toMatch(/Restart to update/);
    expect(updateStateText(view({ kind: 'available', version: '1.1.0' }))).toMatch(/package manager/);
  });

  it('shows a failure and, when automatic, when it tries again', () => {
    expect(updateStateText(view({ kind: 'failed', error: 'the update server answered 500', retryAt: null }))).toBe('Update failed: the update server answered 500');
    expect(updateStateText(view({ kind: 'failed', error: 'x', retryAt: Date.UTC(2026, 2, 2, 10, 15) }))).toMatch(/^Update failed: x Trying again at .+\.$/);
  });

  it('says when it last checked, in the chosen language', () => {
    expect(lastCheckText(view({ kind: 'idle' }))).toBe('Not checked yet');
    setLanguage('zh-CN');
    expect(updateStateText(view({ kind: 'up-to-date' }))).toBe('已是最新版本');
    expect(lastCheckText(view({ kind: 'up-to-date' }, Date.UTC(2026, 2, 2)))).toMatch(/^上次检查 /);
  });
});
