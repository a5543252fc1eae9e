/** The status bar: connection, source, mute. */
import type { MutePeriod, StatusView } from '../../preload/api';
import { el } from '../dom';
import { clock } from '../format';
import { t } from '../../main/core/ui/i18n';
import { phoneLinks } from './phones';

/** Whole seconds until `at`, as a countdown shows them: 2.1 s left reads "3 s". */
function secondsLeft(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** The link in words, with the seconds to its next try while it is down. */
export function connectionText(status: StatusView, now: number): string {
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
        ? t('reconnectingIn', { s: secondsLeft(connection.nextRetryAt, now) })
        : t('offline');
  }
}

/** The settings' list of sources: each one's state (when down, when its next try is), and a warning for those that cannot catch up. */
export function upstreamParts(status: StatusView, now = Date.now()): string[] {
  return (status.sources ?? []).flatMap((source) => [
    source.state === 'offline' && source.nextRetryAt
      ? t('upstreamRetrying', { label: source.label, s: secondsLeft(source.nextRetryAt, now) })
      : t('upstreamState', { label: source.label, state: t(source.state === 'online' ? 'online' : source.state === 'connecting' ? 'connecting' : 'offline') }),
    ...(source.recoverable === false ? [t('notRecoverable', { label: source.label })] : []),
  ]);
}

/**
 * Milliseconds until a countdown the bar shows (the link's or a source's next try) reads one
 * second less, or undefined when none is counting. A countdown that waits for the next status
 * to move would read "3 s" until the try it announces.
 */
export function nextCountdownChange(status: StatusView, now: number): number | undefined {
  const retries = [status.connection.state === 'offline' ? status.connection.nextRetryAt : undefined]
    .concat((status.sources ?? []).map((source) => (source.state === 'offline' ? source.nextRetryAt : undefined)))
    .filter((at): at is number => at !== undefined && at > now);
  if (retries.length === 0) return undefined;
  return Math.min(...retries.map((at) => (at - now) % 1000 || 1000));
}

/** Webhooks and reply channels: only those in trouble, so a working one costs the bar no room. */
export function deliveryParts(status: StatusView): string[] {
  return (status.deliveries ?? []).flatMap((delivery) => [
    ...(delivery.state === 'failing' ? [t('deliveryFailing', { name: delivery.name, n: delivery.waiting, error: delivery.lastError ?? '' })] : []),
    ...(delivery.givenUp > 0 ? [t('deliveryGivenUp', { name: delivery.name, n: delivery.givenUp })] : []),
  ]);
}

function muteText(status: StatusView): string | null {
  const { mute } = status.alert;
  if (mute.kind === 'until') return t('mutedUntil', { time: clock(mute.until) });
  if (mute.kind === 'until-reopened') return t('mutedUntilReopened');
  return null;
}

/**
 * Online or not, in one word, for screen readers: announced when it changes, not with every
 * tick of the countdown or every retry.
 */
export function connectionWord(status: StatusView): string {
  return t(status.connection.state === 'online' ? 'online' : 'offline');
}

/**
 * The status bar's sections, always the same four in the same order, so the bar can be updated
 * section by section: a ticking reconnect countdown must not replace the mute buttons.
 * `canReopen`: only a window that is closed and reopened can end a "mute until reopened"; a
 * tablet's page may never go away, so there the mutes are timed only.
 */
export function statusSections(status: StatusView, now: number, mute: (period: MutePeriod) => void, canReopen: boolean, showPhones?: () => void): HTMLElement[] {
  const { connection, source } = status;
  const phones = showPhones && phoneLinks(source).length > 0;
  // With the phones button, the addresses are on it.
  const sourceParts = [
    t(source.kind === 'hub' ? 'sourceHub' : 'sourcePush', { url: source.url }),
    source.clients !== null ? t('devices', { n: source.clients }) : null,
    source.lanAddresses.length && !phones ? t('lanAddresses', { addresses: source.lanAddresses.join(', ') }) : null,
    source.token ? t('hubTokenShown', { token: source.token }) : null,
    ...upstreamParts(status, now),
    ...deliveryParts(status),
  ].filter(Boolean);
  const muted = muteText(status);
  const muteButton = (period: MutePeriod, label: string): HTMLElement =>
    el('button', { type: 'button', className: 'secondary', onClick: () => mute(period) }, label);
  return [
    el(
      'span',
      { className: `connection ${connection.state}`, 'data-state': connection.state },
      connectionText(status, now),
      connection.state !== 'online' && connection.lastError ? el('span', { className: 'last-error' }, ` · ${t('lastError', { error: connection.lastError })}`) : null,
    ),
    el(
      'span',
      { className: 'source' },
      sourceParts.join(' · '),
      phones ? el('button', { type: 'button', className: 'secondary phones-button', onClick: showPhones }, t('phonesButton', { addresses: source.lanAddresses.join(', ') })) : null,
    ),
    el('span', { className: 'quiet' }, status.alert.quiet !== 'none' ? t('quietHoursActive') : null),
    muted
      ? el('span', { className: 'mute' }, el('span', { className: 'muted-state' }, muted), muteButton('off', t('unmute')))
      : el('span', { className: 'mute' }, muteButton('15m', t('mute15')), muteButton('1h', t('mute60')), canReopen ? muteButton('until-reopened', t('muteReopen')) : null),
  ];
}
