/**
 * What this screen shows: all orders (the counter's order screen), one or more stations (a
 * kitchen display), or expo (every station, each item's state). Chosen with `#station=bar`
 * (or `bar,grill`, `expo`, `all`) in the link and kept in this browser; the age thresholds
 * with `#warn=5&late=8` (minutes).
 */
export type Display = { kind: 'all' } | { kind: 'expo' } | { kind: 'stations'; names: string[] };

export interface StationScreen {
  display: Display;
  /** A tile turns amber after this many minutes, and red after `lateMin`. */
  warnMin: number;
  lateMin: number;
  /** Bumped orders can be recalled for this long, minutes. */
  recallMin: number;
}

export const DEFAULT_SCREEN: StationScreen = { display: { kind: 'all' }, warnMin: 5, lateMin: 8, recallMin: 30 };
const KEY = 'orderbell.stationScreen';

export function displayOf(value: string): Display {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0 || (names.length === 1 && names[0]!.toLowerCase() === 'all')) return { kind: 'all' };
  if (names.length === 1 && names[0]!.toLowerCase() === 'expo') return { kind: 'expo' };
  return { kind: 'stations', names };
}

function minutes(value: string | null, fallback: number): number {
  const number = Number(value);
  return value !== null && Number.isFinite(number) && number > 0 && number <= 24 * 60 ? number : fallback;
}

export function loadScreen(storage: Storage): StationScreen {
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<StationScreen> | null;
    if (!saved || typeof saved !== 'object') return DEFAULT_SCREEN;
    const display = saved.display?.kind === 'stations' && Array.isArray(saved.display.names) ? displayOf(saved.display.names.join(',')) : displayOf(saved.display?.kind ?? 'all');
    return {
      display,
      warnMin: minutes(String(saved.warnMin), DEFAULT_SCREEN.warnMin),
      lateMin: minutes(String(saved.lateMin), DEFAULT_SCREEN.lateMin),
      recallMin: minutes(String(saved.recallMin), DEFAULT_SCREEN.recallMin),
    };
  } catch {
    return DEFAULT_SCREEN;
  }
}

export function saveScreen(storage: Storage, screen: StationScreen): void {
  storage.setItem(KEY, JSON.stringify(screen));
}

/** Takes `station`, `warn`, `late` and `recall` from the link's fragment into the saved screen; true if the link named any. */
export function screenFromLink(hash: string, storage: Storage): boolean {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (!['station', 'warn', 'late', 'recall'].some((name) => params.has(name))) return false;
  const saved = loadScreen(storage);
  const station = params.get('station');
  saveScreen(storage, {
    display: station === null ? saved.display : displayOf(station),
    warnMin: minutes(params.get('warn'), saved.warnMin),
    lateMin: minutes(params.get('late'), saved.lateMin),
    recallMin: minutes(params.get('recall'), saved.recallMin),
  });
  return true;
}
