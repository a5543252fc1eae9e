/**
 * Settings' kitchen part. The desktop sets its embedded hub's stations (one per line, as
 * docs/stations.md writes them); a web view chooses what this screen shows (all orders, expo
 * or a station of the hub's) and the tiles' age colours, kept in this browser, applied at once.
 */
import type { OrderBellApi, Settings } from '../../preload/api';
import { stationNames, stationsText, type Station } from '../../main/core/orders/stations';
import { t } from '../../main/core/ui/i18n';
import { el } from '../dom';
import { field } from './form-field';
import { displayOf, loadScreen, saveScreen } from '../station-display';

/** The hub's stations, where this page hears them (the web view's kitchen state). */
function hubStations(api: OrderBellApi): Station[] {
  return (api as { kitchen?: { stations: Station[] } }).kitchen?.stations ?? [];
}

export function stationsFieldset(api: OrderBellApi, settings: Settings): { element: HTMLElement; collect(): unknown } {
  if (api.environment === 'web') return { element: displayFieldset(hubStations(api)), collect: () => settings.stations };
  const text = el('textarea', { rows: 4, placeholder: 'bar: category in [drinks, 饮品]\nkitchen: default' });
  text.value = stationsText(settings.stations);
  const element = el(
    'fieldset',
    {},
    el('legend', {}, t('stationsLegend')),
    field('stationsField', text, 'stations'),
    el('p', { className: 'hint' }, t('stationsHint')),
  );
  // The text as typed: the settings check parses it and names the line that is wrong.
  return { element, collect: () => text.value };
}

function displayFieldset(stations: Station[]): HTMLElement {
  const screen = loadScreen(localStorage);
  const current = screen.display.kind === 'stations' ? screen.display.names.join(',') : screen.display.kind;
  const choice = el('select', {});
  const options: [string, string][] = [['all', t('displayAll')], ['expo', t('displayExpo')], ...stationNames(stations).map((name): [string, string] => [name, t('stationLink', { name })])];
  if (!options.some(([value]) => value === current)) options.push([current, current]);
  choice.append(...options.map(([value, label]) => el('option', { value, selected: value === current }, label)));
  const warn = el('input', { type: 'number', min: 1, max: 120, value: screen.warnMin });
  const late = el('input', { type: 'number', min: 1, max: 240, value: screen.lateMin });
  const apply = (): void => {
    saveScreen(localStorage, { ...loadScreen(localStorage), display: displayOf(choice.value), warnMin: Number(warn.value) || screen.warnMin, lateMin: Number(late.value) || screen.lateMin });
    location.reload();
  };
  for (const control of [choice, warn, late]) control.addEventListener('change', apply);
  return el(
    'fieldset',
    {},
    el('legend', {}, t('stationsLegend')),
    field('displayField', choice, 'display'),
    field('displayWarn', warn, 'display.warn'),
    field('displayLate', late, 'display.late'),
  );
}
