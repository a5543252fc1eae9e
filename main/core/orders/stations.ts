/**
 * Kitchen stations and the rules that route an order's items to them. Pure data and pure
 * functions: the desktop's Settings, the hub's `--station` flags and every screen share them.
 *
 * A rule in its text form (one station per line):
 *   bar: category in [drinks, 饮品]
 *   grill: name ~ 烤|BBQ
 *   pass: channel in [delivery]        (also `source in [...]`)
 *   kitchen: default
 * An item goes to the first station whose rule matches it (in the order stations are listed),
 * otherwise to the default station; a station may be listed twice to route by two rules.
 */
import type { Order, OrderItem } from './order';

export const STATION_FIELDS = ['category', 'name', 'channel', 'source'] as const;
export type StationField = (typeof STATION_FIELDS)[number];

export type StationRule =
  /** The field equals one of the values (case-insensitive, spaces around ignored). */
  | { kind: 'in'; field: StationField; values: string[] }
  /** The field contains one of the alternatives of a `~` pattern (see `parsePattern`). */
  | { kind: 'match'; field: StationField; pattern: string }
  /** Takes every item no other station takes. */
  | { kind: 'default' };

export interface Station {
  name: string;
  rule: StationRule;
}

export const STATION_NAME_MAX = 32;
export const STATIONS_MAX = 32;
export const PATTERN_MAX = 200;
export const VALUES_MAX = 50;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * A `~` pattern: alternatives separated by `|`, each plain text found anywhere in the field,
 * or at its start with a leading `^`, or at its end with a trailing `$`. Nothing else of
 * regular expressions is taken: a shop's rule can never make matching slow.
 */
interface Alternative {
  text: string;
  atStart: boolean;
  atEnd: boolean;
}

const REGEX_SPECIALS = /[\\.*+?()[\]{}]/;

function parsePattern(pattern: string): Parsed<Alternative[]> {
  if (pattern.length > PATTERN_MAX) return { ok: false, error: `the pattern must be at most ${PATTERN_MAX} characters` };
  const special = REGEX_SPECIALS.exec(pattern);
  if (special) return { ok: false, error: `the pattern may only use | between words (and ^ or $ at their ends), not "${special[0]}"` };
  const alternatives: Alternative[] = [];
  for (const raw of pattern.split('|')) {
    let text = raw.trim();
    const atStart = text.startsWith('^');
    if (atStart) text = text.slice(1);
    const atEnd = text.endsWith('$');
    if (atEnd) text = text.slice(0, -1);
    if (text === '' || text.includes('^') || text.includes('$')) {
      return { ok: false, error: `"${raw.trim()}" in the pattern is empty or has ^ or $ in its middle` };
    }
    alternatives.push({ text: text.toLowerCase(), atStart, atEnd });
  }
  return { ok: true, value: alternatives };
}

function matchesAlternative(value: string, alt: Alternative): boolean {
  if (alt.atStart && alt.atEnd) return value === alt.text;
  if (alt.atStart) return value.startsWith(alt.text);
  if (alt.atEnd) return value.endsWith(alt.text);
  return value.includes(alt.text);
}

const LINE = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/;
const IN_RULE = /^(\w+)\s+in\s+\[(.*)\]$/i;
const MATCH_RULE = /^(\w+)\s*~\s*(.+)$/;

function parseField(word: string): StationField | undefined {
  const lower = word.toLowerCase();
  return (STATION_FIELDS as readonly string[]).includes(lower) ? (lower as StationField) : undefined;
}

function checkName(name: string): string | undefined {
  if (name.length > STATION_NAME_MAX) return `the station name must be at most ${STATION_NAME_MAX} characters`;
  if (!/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u.test(name)) return 'the station name may only have letters, digits, spaces, _ and -';
  return undefined;
}

/** Parses a rule's text after the colon ("category in [drinks]", "name ~ 烤|BBQ", "default"). */
export function parseRule(text: string): Parsed<StationRule> {
  const rule = text.trim();
  if (/^default$/i.test(rule)) return { ok: true, value: { kind: 'default' } };
  const fieldsHint = `${STATION_FIELDS.join(', ')}`;
  const inRule = IN_RULE.exec(rule);
  if (inRule) {
    const [, word = '', list = ''] = inRule;
    const field = parseField(word);
    if (!field) return { ok: false, error: `"${word}" is not a field a station can route by (${fieldsHint})` };
    const values = list.split(',').map((value) => value.trim()).filter((value) => value !== '');
    if (values.length === 0) return { ok: false, error: 'the list in [ ] is empty' };
    if (values.length > VALUES_MAX) return { ok: false, error: `the list in [ ] may have at most ${VALUES_MAX} entries` };
    if (values.some((value) => value.length > PATTERN_MAX)) return { ok: false, error: `each entry in [ ] must be at most ${PATTERN_MAX} characters` };
    return { ok: true, value: { kind: 'in', field, values } };
  }
  const matchRule = MATCH_RULE.exec(rule);
  if (matchRule) {
    const [, word = '', text = ''] = matchRule;
    const field = parseField(word);
    if (!field) return { ok: false, error: `"${word}" is not a field a station can route by (${fieldsHint})` };
    const pattern = text.trim();
    const parsed = parsePattern(pattern);
    if (!parsed.ok) return parsed;
    return { ok: true, value: { kind: 'match', field, pattern } };
  }
  return { ok: false, error: `"${rule}" is not a rule: write "category in [drinks, 饮品]", "name ~ 烤|BBQ" or "default"` };
}

/** Parses one line, "bar: category in [drinks, 饮品]". */
export function parseStation(line: string): Parsed<Station> {
  const parts = LINE.exec(line);
  if (!parts) return { ok: false, error: `"${line.trim()}" has no ":" between the station's name and its rule` };
  const [, name = '', ruleSource = ''] = parts;
  const nameError = checkName(name);
  if (nameError) return { ok: false, error: nameError };
  const rule = parseRule(ruleSource);
  if (!rule.ok) return { ok: false, error: `${name}: ${rule.error}` };
  return { ok: true, value: { name, rule: rule.value } };
}

/**
 * Parses stations one per line (blank lines and lines starting with # are skipped); an error
 * names the line. At most one station may be the default.
 */
export function parseStations(text: string): Parsed<Station[]> {
  const stations: Station[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const station = parseStation(line);
    if (!station.ok) return { ok: false, error: `line ${index + 1}: ${station.error}` };
    stations.push(station.value);
  }
  return checkStations(stations);
}

/** Checks a stations list from anywhere untrusted (a settings file, the hub's message). */
export function validateStations(input: unknown): Parsed<Station[]> {
  if (!Array.isArray(input)) return { ok: false, error: 'stations: must be a list' };
  const stations: Station[] = [];
  for (const [index, entry] of input.entries()) {
    const where = `stations[${index}]`;
    if (typeof entry !== 'object' || entry === null) return { ok: false, error: `${where}: must be an object` };
    const { name, rule } = entry as { name?: unknown; rule?: unknown };
    if (typeof name !== 'string') return { ok: false, error: `${where}.name: must be a string` };
    const nameError = checkName(name);
    if (nameError) return { ok: false, error: `${where}.name: ${nameError}` };
    if (typeof rule !== 'object' || rule === null) return { ok: false, error: `${where}.rule: must be an object` };
    const reparsed = parseRule(untrustedRuleText(rule as Record<string, unknown>));
    if (!reparsed.ok) return { ok: false, error: `${where}.rule: ${reparsed.error}` };
    stations.push({ name, rule: reparsed.value });
  }
  return checkStations(stations);
}

function checkStations(stations: Station[]): Parsed<Station[]> {
  if (new Set(stations.map((station) => station.name)).size > STATIONS_MAX) {
    return { ok: false, error: `at most ${STATIONS_MAX} stations` };
  }
  const defaults = new Set(stations.filter((station) => station.rule.kind === 'default').map((station) => station.name));
  if (defaults.size > 1) return { ok: false, error: `only one station can be the default, not ${[...defaults].join(' and ')}` };
  return { ok: true, value: stations };
}

/** A rule as its text form; `parseRule(ruleText(rule))` gives the rule back. */
export function ruleText(rule: StationRule): string {
  if (rule.kind === 'default') return 'default';
  if (rule.kind === 'in') return `${rule.field} in [${rule.values.join(', ')}]`;
  return `${rule.field} ~ ${rule.pattern}`;
}

/** A rule object from untrusted JSON as text for `parseRule`, or '' (not a rule) when its parts have the wrong types. */
function untrustedRuleText(rule: Record<string, unknown>): string {
  const { kind, field, values, pattern } = rule;
  if (kind === 'default') return 'default';
  if (typeof field !== 'string' || /[\s\[~]/.test(field)) return '';
  if (kind === 'in' && Array.isArray(values) && values.every((value) => typeof value === 'string' && !/[,\]]/.test(value))) {
    return ruleText({ kind, field: field as StationField, values });
  }
  if (kind === 'match' && typeof pattern === 'string') return ruleText({ kind, field: field as StationField, pattern });
  return '';
}

/** Stations as the text `parseStations` reads. */
export function stationsText(stations: readonly Station[]): string {
  return stations.map((station) => `${station.name}: ${ruleText(station.rule)}`).join('\n');
}

/** The distinct station names, in the order first listed. */
export function stationNames(stations: readonly Station[]): string[] {
  return [...new Set(stations.map((station) => station.name))];
}

/** The order's source: its `source` field, or `meta.source`, as some backends send it. */
function orderSource(order: Order): string | undefined {
  if (typeof order.source === 'string') return order.source;
  const meta = order.meta?.source;
  return typeof meta === 'string' ? meta : undefined;
}

function fieldValue(field: StationField, order: Order, item: OrderItem): string | undefined {
  if (field === 'name') return item.name;
  if (field === 'category') return item.category;
  if (field === 'channel') return order.channel;
  return orderSource(order);
}

/** Compiled once per stations list: the patterns split, the values lowered. */
type Matcher = (order: Order, item: OrderItem) => boolean;

interface CompiledStations {
  /** The stations and their rules as compiled: a list changed in place is compiled again. */
  from: Station[];
  rules: StationRule[];
  matchers: { name: string; matches: Matcher }[];
  fallback: string | undefined;
}

/** A screen routes every order of a rush again on each redraw: a list is compiled once, not per order. */
const compiledLists = new WeakMap<readonly Station[], CompiledStations>();

function compiled(stations: readonly Station[]): CompiledStations {
  const known = compiledLists.get(stations);
  const same = known && known.from.length === stations.length && stations.every((station, i) => known.from[i] === station && known.rules[i] === station.rule);
  if (same) return known;
  const list: CompiledStations = {
    from: [...stations],
    rules: stations.map((station) => station.rule),
    matchers: stations.map((station) => ({ name: station.name, matches: compile(station.rule) })),
    fallback: stations.find((station) => station.rule.kind === 'default')?.name,
  };
  compiledLists.set(stations, list);
  return list;
}

function compile(rule: StationRule): Matcher {
  if (rule.kind === 'default') return () => false;
  const field = rule.field;
  if (rule.kind === 'in') {
    const values = new Set(rule.values.map((value) => value.trim().toLowerCase()));
    return (order, item) => {
      const value = fieldValue(field, order, item);
      return value !== undefined && values.has(value.trim().toLowerCase());
    };
  }
  const parsed = parsePattern(rule.pattern);
  const alternatives = parsed.ok ? parsed.value : [];
  return (order, item) => {
    const value = fieldValue(field, order, item)?.trim().toLowerCase();
    return value !== undefined && alternatives.some((alt) => matchesAlternative(value, alt));
  };
}

/** One item of an order on a station: `index` is its place in `order.items`, the item's identity for bumps. */
export interface RoutedItem {
  index: number;
  item: OrderItem;
}

/**
 * The order's items per station name, each item on exactly one station (the first whose rule
 * matches, else the default); items no station takes (no default) are on none. Stations that
 * get no item are absent.
 */
export function routeItems(order: Order, stations: readonly Station[]): Map<string, RoutedItem[]> {
  const { matchers, fallback } = compiled(stations);
  const routed = new Map<string, RoutedItem[]>();
  for (const [index, item] of (order.items ?? []).entries()) {
    const station = matchers.find((matcher) => matcher.matches(order, item))?.name ?? fallback;
    if (station === undefined) continue;
    const list = routed.get(station);
    if (list) list.push({ index, item });
    else routed.set(station, [{ index, item }]);
  }
  return routed;
}
