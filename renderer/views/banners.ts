/** The banners above the orders: each says what is wrong or waiting, and what to do. */
import { el } from '../dom';
import { t } from '../../main/core/ui/i18n';

/** Reloading asks for the token again: the page's start finds the stored one refused. */
export function tokenRefusedBanner(): HTMLElement {
  return el(
    'div',
    { className: 'banner token', role: 'alert' },
    t('tokenRefusedBanner'),
    ' ',
    el('button', { type: 'button', onClick: () => location.reload() }, t('tokenEnterNew')),
  );
}

export function offlineBanner(lastError: string | undefined): HTMLElement {
  return el('div', { className: 'banner offline', role: 'alert' }, [t('offlineBanner'), lastError ? t('lastError', { error: lastError }) : ''].join(' ').trim());
}

/** `missed`: an order already could not ring; the banner then covers the list, and says how to allow sound for good. */
export function audioBanner(missed: boolean): HTMLElement {
  if (!missed) return el('div', { className: 'banner audio', role: 'alert' }, t('audioLocked'));
  return el(
    'div',
    { className: 'banner audio missed', role: 'alert' },
    el('strong', {}, t('audioMissed')),
    // Read before the tap that enables sound (and ends this banner).
    el('p', {}, t('audioAllowTitle')),
    el(
      'ul',
      {},
      el('li', {}, t('audioAllowChrome'), ' ', el('a', { className: 'picture', href: t('audioAllowChromePicture'), target: '_blank', rel: 'noopener' }, t('audioAllowPicture'))),
      el('li', {}, t('audioAllowEdge')),
      el('li', {}, t('audioAllowSafari')),
    ),
  );
}

/** Orders missed while offline: up until every order is handled, or staff dismiss it. */
export function summaryBanner(count: number, dismiss: () => void): HTMLElement {
  return el('div', { className: 'banner summary', role: 'status', onClick: dismiss }, t('summary', { n: count }));
}

export function renameBanner(name: string, answer: (rename: boolean) => void): HTMLElement {
  return el(
    'div',
    { className: 'banner rename', role: 'status' },
    // The name and two buttons; why a name helps is said on hover and to screen readers.
    el('span', { className: 'invite-text', title: t('renameInvite', { name }), 'aria-label': t('renameInvite', { name }) }, t('renameInviteShort', { name })),
    el('span', { className: 'choices' },
      el('button', { type: 'button', onClick: () => answer(true) }, t('renameNow')),
      el('button', { type: 'button', className: 'secondary', onClick: () => answer(false) }, t('renameKeep')),
    ),
  );
}
