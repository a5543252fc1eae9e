/** The "phones" panel (desktop and web view): each address of the order screen on the shop network, as a link and a QR code. */
import type { SourceView } from '../../preload/api';
import { el } from '../dom';
import { t } from '../../main/core/ui/i18n';
import { qrCode } from './qr-code';
import { stationLink } from '../../main/core/hub/station-link';

/** The order screen's link with its token after '#', as `orderbell hub` prints it (main/core/hub/screen-links.ts). */
export function phoneLinks(source: SourceView): string[] {
  if (!source.token) return [];
  return source.lanAddresses.map((address) => `${address}#token=${encodeURIComponent(source.token!)}`);
}

/** The kitchen screens' links for each address: expo, then one per station (docs/stations.md). */
function kitchenLinks(source: SourceView, stations: string[]): HTMLElement | null {
  if (stations.length === 0) return null;
  const screens: [string, string][] = [['expo', t('expoLink')], ...stations.map((name): [string, string] => [name, t('stationLink', { name })])];
  return el(
    'section',
    { className: 'kitchen-links' },
    el('h3', {}, t('stationLinks')),
    ...phoneLinks(source).flatMap((link) => screens.map(([station, label]) => el('p', {}, el('a', { href: stationLink(link, station) }, `${label}: ${link.replace(/#.*/, '')}`)))),
  );
}

export function phonesPanel(source: SourceView, close: () => void, stations: string[] = []): HTMLElement {
  return el(
    'div',
    { className: 'phones' },
    el('h2', {}, t('phonesTitle')),
    el('p', { className: 'hint' }, t('phonesHint')),
    ...phoneLinks(source).map((link) => el('figure', {}, qrCode(link, link), el('figcaption', {}, link.replace(/#.*/, '')))),
    kitchenLinks(source, stations),
    el('div', { className: 'actions' }, el('button', { type: 'button', className: 'secondary', autofocus: true, onClick: close }, t('close'))),
  );
}
