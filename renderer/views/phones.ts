/** The "phones" panel (desktop and web view): each address of the order screen on the shop network, as a link and a QR code. */
import type { SourceView } from '../../preload/api';
import { el } from '../dom';
import { t } from '../../main/core/ui/i18n';
import { qrCode } from './qr-code';

/** The order screen's link with its token after '#', as `orderbell hub` prints it (main/core/hub/screen-links.ts). */
export function phoneLinks(source: SourceView): string[] {
  if (!source.token) return [];
  return source.lanAddresses.map((address) => `${address}#token=${encodeURIComponent(source.token!)}`);
}

export function phonesPanel(source: SourceView, close: () => void): HTMLElement {
  return el(
    'div',
    { className: 'phones' },
    el('h2', {}, t('phonesTitle')),
    el('p', { className: 'hint' }, t('phonesHint')),
    ...phoneLinks(source).map((link) => el('figure', {}, qrCode(link, link), el('figcaption', {}, link.replace(/#.*/, '')))),
    el('div', { className: 'actions' }, el('button', { type: 'button', className: 'secondary', autofocus: true, onClick: close }, t('close'))),
  );
}
