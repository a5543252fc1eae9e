/**
 * When OrderBell may check for, and above all install, an update. An install restarts the
 * app, so it happens only when it cannot cost an order: nothing unhandled, no order for a
 * while (not mid-rush), and inside the shop's install window or its silent quiet hours.
 * Pure TypeScript with an injected clock and timers, so tests can walk through days at once;
 * the shell (main/updater.ts) feeds it what electron-updater finds.
 */
import { inPeriod } from '../alerts/policy';
import type { QuietHours } from '../settings/settings';

/** What the shop is doing, as the install rules need it. */
export interface ShopActivity {
  unhandled: number;
  /** When the latest order arrived, ms since the epoch; null when none is known. */
  lastOrderAt: number | null;
}

export interface InstallRules {
  /** "HH:MM" local time; a window whose end is before its start crosses midnight. */
  installFrom: string;
  installUntil: string;
  /** Silent quiet hours mean the shop is closed: installing then is fine too. */
  quietHours: QuietHours[];
  /** Minutes east of UTC; by default the host's zone. */
  utcOffsetMinutes?: (now: number) => number;
}

export type InstallWait = 'unhandled' | 'rush' | 'opening-hours';
export type InstallVerdict = { ok: true } | { ok: false; wait: InstallWait };

/** An order this recent means a rush may be on: wait until the shop has been quiet this long. */
export const RUSH_QUIET_MS = 20 * 60_000;
export const CHECK_INTERVAL_MS = 4 * 60 * 60_000;
export const CHECK_JITTER_MS = 30 * 60_000;
const FIRST_RETRY_MS = 15 * 60_000;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

export function installVerdict(now: number, shop: ShopActivity, rules: InstallRules): InstallVerdict {
  if (shop.unhandled > 0) return { ok: false, wait: 'unhandled' };
  if (shop.lastOrderAt !== null && now - shop.lastOrderAt < RUSH_QUIET_MS) return { ok: false, wait: 'rush' };
  const offset = rules.utcOffsetMinutes ? rules.utcOffsetMinutes(now) : -new Date(now).getTimezoneOffset();
  const window = { days: EVERY_DAY, start: rules.installFrom, end: rules.installUntil, mode: 'silent' as const };
  const closed = [window, ...rules.quietHours.filter((period) => period.mode === 'silent')];
  return closed.some((period) => inPeriod(period, now, offset)) ? { ok: true } : { ok: false, wait: 'opening-hours' };
}

/** The next regular check: every four hours, give or take half an hour, so shops do not all ask at once. */
export function nextCheckDelayMs(random: () => number): number {
  return Math.round(CHECK_INTERVAL_MS + (random() * 2 - 1) * CHECK_JITTER_MS);
}

/** After the n-th failure in a row (1, 2, …): 15 min, 30 min, 1 h … at most the regular interval, jittered. */
export function retryDelayMs(failures: number, random: () => number): number {
  const base = Math.min(CHECK_INTERVAL_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 10));
  return Math.round(base * (0.75 + random() * 0.5));
}

export type UpdateState =
  | { kind: 'off' }
  /** This copy cannot update itself (a development build, or no update address). */
  | { kind: 'unavailable'; reason: string }
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'up-to-date' }
  | { kind: 'downloading'; version: string; percent: number }
  /**
   * Downloaded and verified; `wait` says why it is not installing yet: a rule, or 'manual'
   * (automatic updates are off: only "Restart to update" installs it). null: installing now.
   */
  | { kind: 'ready'; version: string; wait: InstallWait | 'manual' | null }
  /** A new version exists but comes through the system's package manager (the deb). */
  | { kind: 'available'; version: string }
  /** retryAt: null when automatic updates are off (only "Check now" tries again). */
  | { kind: 'failed'; error: string; retryAt: number | null };

/** What the shell's IPC, tray and settings ask of the updater (main/updater.ts). */
export interface UpdateControls {
  view(): UpdateView;
  checkNow(): Promise<void>;
  /** "Restart to update": false (and nothing happens) while an order is unhandled or nothing is ready. */
  restartToUpdate(): boolean;
  settingsChanged(): void;
  /** Orders arrived or were handled. */
  shopChanged(): void;
  on(event: 'change', listener: (view: UpdateView) => void): unknown;
  off(event: 'change', listener: (view: UpdateView) => void): unknown;
}

export interface UpdateView {
  /** The running version. */
  version: string;
  state: UpdateState;
  lastCheckAt: number | null;
  lastError: { message: string; at: number } | null;
  /** The install window, for "installs between …". */
  installFrom: string;
  installUntil: string;
  /** "Restart to update" may be offered: an update is ready and no order is waiting. */
  canRestart: boolean;
}
