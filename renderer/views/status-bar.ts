/** The status bar: connection, source, mute. */
import type { MutePeriod, StatusView } from '../../preload/api';
import { el } from '../dom';
import { clock } from '../format';
import { t } from '../i18n';

function connectionText(status: StatusView, now: number): string {
  const { connection } = status;
  switch (connection.state) {
    case 'online':
      return t('online');
    case 'connecting':
      return t('connecting');
    case 'stopped':
      return t('stopped');
    case 'offline':
      return connection.nextRetryAt
        ? t('reconnectingIn', { s: Math.max(0, Math.ceil((connection.nextRetryAt - now) / 1000)) })
        : t('offline');
  }
}

function muteText(status: StatusView): string | null {
  const { mute } = status.alert;
  if (mute.kind === 'until') return t('mutedUntil', { time: clock(mute.until) });
  if (mute.kind === 'until-reopened') return t('mutedUntilReopened');
  return null;
}

export function statusBar(status: StatusView, now: number, mute: (period: MutePeriod) => void): HTMLElement {
  const { connection, source } = status;
  const sourceParts = [
    t(source.kind === 'hub' ? 'sourceHub' : 'sourcePush', { url: source.url }),
    source.clients !== null ? t('devices', { n: source.clients }) : null,
    source.lanAddresses.length ? t('lanAddresses', { addresses: source.lanAddresses.join(', ') }) : null,
    source.token ? t('hubTokenShown', { token: source.token }) : null,
  ].filter(Boolean);
  const muted = muteText(status);
  return el(
    'footer',
    { className: 'status-bar' },
    el(
      'span',
      { className: `connection ${connection.state}`, 'data-state': connection.state, role: 'status' },
      connectionText(status, now),
      connection.state !== 'online' && connection.lastError ? el('span', { className: 'last-error' }, ` · ${t('lastError', { error: connection.lastError })}`) : null,
    ),
    el('span', { className: 'source' }, sourceParts.join(' · ')),
    status.alert.quiet !== 'none' ? el('span', { className: 'quiet' }, t('quietHoursActive')) : null,
    el(
      'span',
      { className: 'mute' },
      muted ? el('span', { className: 'muted-state' }, muted) : null,
      muted
        ? el('button', { type: 'button', className: 'secondary', onClick: () => mute('off') }, t('unmute'))
        : [
            el('button', { type: 'button', className: 'secondary', onClick: () => mute('15m') }, t('mute15')),
            el('button', { type: 'button', className: 'secondary', onClick: () => mute('1h') }, t('mute60')),
            el('button', { type: 'button', className: 'secondary', onClick: () => mute('until-reopened') }, t('muteReopen')),
          ].reduce((span, button) => (span.appendChild(button), span), el('span', {})),
    ),
  );
}
