/**
 * Who a web view signs as when staff have not named it: its platform and browser plus a short
 * suffix kept in the browser ("Android Chrome k7q2"), so two tablets' "done by" differ.
 */

const DEFAULT_KEY = 'orderbell.deviceDefault';
const INVITED_KEY = 'orderbell.renameInvited';
/** No 0/o, 1/l/i: the suffix is read aloud and retyped. */
const SUFFIX_LETTERS = 'abcdefghjkmnpqrstuvwxyz23456789';

const PLATFORMS: [RegExp, string][] = [
  [/iPad/, 'iPad'],
  [/iPhone|iPod/, 'iPhone'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Macintosh|Mac OS X/, 'Mac'],
  [/Linux/, 'Linux'],
];
/** Order matters: Edge, Opera and Samsung's browser also say "Chrome", and every Chrome says "Safari". */
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

function firstMatch(text: string, table: [RegExp, string][], fallback: string): string {
  return table.find(([pattern]) => pattern.test(text))?.[1] ?? fallback;
}

export function defaultDeviceName(userAgent: string, suffix: string): string {
  return `${firstMatch(userAgent, PLATFORMS, 'Web')} ${firstMatch(userAgent, BROWSERS, 'browser')} ${suffix}`;
}

function randomSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return [...bytes].map((byte) => SUFFIX_LETTERS[byte % SUFFIX_LETTERS.length]).join('');
}

/** This browser's default name: made once, then the same on every load. */
export function storedDefaultName(storage: Storage, userAgent: string): string {
  const stored = storage.getItem(DEFAULT_KEY);
  if (stored) return stored;
  const name = defaultDeviceName(userAgent, randomSuffix());
  storage.setItem(DEFAULT_KEY, name);
  return name;
}

/** The page invites a rename until staff answer it, either way, once. */
export function renameInviteDue(storage: Storage): boolean {
  return storage.getItem(INVITED_KEY) === null;
}

export function renameInviteAnswered(storage: Storage): void {
  storage.setItem(INVITED_KEY, '1');
}
