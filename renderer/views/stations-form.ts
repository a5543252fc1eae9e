/**
 * Settings' kitchen part. Every screen chooses what it shows (all orders, expo or a station of
 * the hub's) and the tiles' age colours, kept on this screen, applied at once; the desktop also
 * sets its embedded hub's stations (one per line, as docs/stations.md writes them).
 */
import type { OrderBellApi, Settings } from '../../preload/api';
import { stationNames, stationsText, type Station } from '../../main/core/orders/stations';
import { t } from '../../main/core/ui/i18n';
import { el } from '../dom';
import { field } from './form-field';
import { displayOf, loadScreen, saveScreen } from '../station-display';
import type { KitchenDisplayState } from '../kitchen-state';

type HeardStations = Pick<KitchenDisplayState, 'stations' | 'onChange'>;

/** The hub's stations, where this page hears them (the web view's kitchen state). */
function hubKitchen(api: OrderBellApi): HeardStations | undefined {
  return (api as { kitchen?: HeardStations }).kitchen;
}

/** Offers the hub's stations as they are heard, also those heard after Settings opened; stops once Settings is closed. */
function followStations(kitchen: HeardStations, display: ReturnType<typeof displayFields>): void {
  let offered = kitchen.stations;
  const stop = kitchen.onChange(() => {
    if (!display.elements[0]!.isConnected) return stop();
    if (kitchen.stations === offered) return; // a bump, not new stations
    offered = kitchen.stations;
    display.offer(offered);
  });
}

export function stationsFieldset(api: OrderBellApi, settings: Settings): { element: HTMLElement; collect(): unknown } {
  const web = api.environment === 'web';
  const kitchen = web ? hubKitchen(api) : undefined;
  const display = displayFields(kitchen ? kitchen.stations : settings.stations);
  if (kitchen) followStations(kitchen, display);
  if (web) return { element: el('fieldset', {}, el('legend', {}, t('stationsLegend')), ...display.elements), collect: () => settings.stations };
  // A device of another PC's hub shows that hub's stations, which only the hub's link has heard.
  if (settings.stations.length === 0) void api.getKitchen?.().then((view) => display.offer(view.stations), () => {});
  const text = el('textarea', { rows: 4, placeholder: 'bar: category in [drinks, 饮品]\nkitchen: default' });
  text.value = stationsText(settings.stations);
  const element = el(
    'fieldset',
    {},
    el('legend', {}, t('stationsLegend')),
    ...display.elements,
    el('p', { className: 'hint' }, t('displayHintDesktop')),
    field('stationsField', text, 'stations'),
    el('p', { className: 'hint' }, t('stationsHint')),
  );
  // The text as typed: the settings check parses it and names the line that is wrong.
  return { element, collect: () => text.value };
}

/** What this screen shows and its tiles' age colours, kept on this screen (station-display.ts) and applied at once. */
function displayFields(stations: Station[]): { elements: HTMLElement[]; offer(stations: Station[]): void } {
  const screen = loadScreen(localStorage);
  const current = screen.display.kind === 'stations' ? screen.display.names.join(',') : screen.display.kind;
  const choice = el('select', {});
  const offer = (names: string[]): void => {
    const options: [string, string][] = [['all', t('displayAll')], ['expo', t('displayExpo')], ...names.map((name): [string, string] => [name, t('stationLink', { name })])];
    if (!options.some(([value]) => value === current)) options.push([current, current]);
    choice.replaceChildren(...options.map(([value, label]) => el('option', { value, selected: value === current }, label)));
  };
  offer(stationNames(stations));
  const warn = el('input', { type: 'number', min: 1, max: 120, value: screen.warnMin });
  const late = el('input', { type: 'number', min: 1, max: 240, value: screen.lateMin });
  const apply = (): void => {
    saveScreen(localStorage, { ...loadScreen(localStorage), display: displayOf(choice.value), warnMin: Number(warn.value) || screen.warnMin, lateMin: Number(late.value) || screen.lateMin });
    location.reload();
  };
  for (const control of [choice, warn, late]) control.addEventListener('change', apply);
  return {
    elements: [field('displayField', choice, 'display'), field('displayWarn', warn, 'display.warn'), field('displayLate', late, 'display.late')],
    offer: (heard) => offer(stationNames(heard)),
  };
}
