/** The self-update's state in words, for Settings. Pure: no DOM. */
import type { UpdateView } from '../preload/api';
import { t } from '../main/core/ui/i18n';
import { clock } from './format';

export function updateStateText(view: UpdateView): string {
  const { state } = view;
  switch (state.kind) {
    case 'off':
      return t('updateOff');
    case 'unavailable':
      return t('updateUnavailable', { reason: state.reason });
    case 'idle':
      return t('updateIdle');
    case 'checking':
      return t('updateChecking');
    case 'up-to-date':
      return t('updateUpToDate');
    case 'downloading':
      return t('updateDownloading', { version: state.version, percent: state.percent });
    case 'available':
      return t('updateAvailable', { version: state.version });
    case 'failed':
      return [t('updateFailed', { error: state.error }), state.retryAt === null ? '' : t('updateRetryAt', { time: clock(state.retryAt) })].filter(Boolean).join(' ');
    case 'ready': {
      const params = { version: state.version, from: view.installFrom, until: view.installUntil };
      if (state.wait === null) return t('updateInstalling', params);
      if (state.wait === 'unhandled') return t('updateReadyUnhandled', params);
      if (state.wait === 'rush') return t('updateReadyRush', params);
      if (state.wait === 'manual') return t('updateReadyManual', params);
      return t('updateReadyWindow', params);
    }
  }
}

export function lastCheckText(view: UpdateView): string {
  return view.lastCheckAt === null ? t('updateNeverChecked') : t('updateLastCheck', { time: clock(view.lastCheckAt) });
}
