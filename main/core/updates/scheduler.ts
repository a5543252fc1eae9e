/**
 * Runs the update cycle on an injected clock: a check soon after start and every few hours
 * (jittered), retries after failures, and the install at the first moment the install rules
 * allow — re-judged each minute and whenever the shop's orders change. What checking,
 * downloading and installing mean is the engine's business (electron-updater in the shell).
 */
import {
  installVerdict,
  nextCheckDelayMs,
  retryDelayMs,
  type InstallRules,
  type InstallWait,
  type ShopActivity,
  type UpdateState,
  type UpdateView,
} from './policy';

export type CheckOutcome =
  /** This copy cannot update itself; `reason` says why. */
  | { kind: 'inactive'; reason: string }
  | { kind: 'up-to-date' }
  /** Downloaded and verified against the feed's sha512. */
  | { kind: 'downloaded'; version: string }
  /** Newer, but installed by other means (the system's package manager). */
  | { kind: 'available'; version: string };

export interface UpdateEngine {
  /** Asks the feed and, when there is something newer, downloads it. Rejects on any failure. */
  check(): Promise<CheckOutcome>;
  /** Quits and installs the downloaded update; the app comes back by itself. */
  install(): void;
}

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  version: string;
  engine: UpdateEngine;
  shop(): ShopActivity;
  rules(): InstallRules;
  /** Automatic updates are on (Settings); off, nothing happens unless asked. */
  automatic(): boolean;
  onChange(view: UpdateView): void;
  log(line: string): void;
  timers?: Timers;
  random?: () => number;
  /** The first check comes this long after start, plus up to as much again of jitter. */
  firstCheckAfterMs?: number;
}

const MINUTE_MS = 60_000;

export class UpdateScheduler {
  private state: UpdateState = { kind: 'idle' };
  private lastCheckAt: number | null = null;
  private lastError: UpdateView['lastError'] = null;
  private failures = 0;
  private checkTimer: unknown;
  private installTimer: unknown;
  private checking: Promise<void> | null = null;
  private installing = false;
  private readonly timers: Timers;
  private readonly random: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    const first = this.options.firstCheckAfterMs ?? 5_000;
    this.settingsChanged(Math.round(first + this.random() * first));
  }

  /** Re-reads `automatic()` and the install rules. */
  settingsChanged(checkAfterMs = 0): void {
    if (!this.options.automatic()) {
      this.clearTimer('checkTimer');
      if (this.state.kind === 'idle') this.setState({ kind: 'off' });
      if (this.state.kind === 'failed') this.setState({ ...this.state, retryAt: null });
    } else {
      if (this.state.kind === 'off') this.setState({ kind: 'idle' });
      if (this.checkTimer === undefined && !this.checking) this.scheduleCheck(checkAfterMs);
    }
    this.judgeInstall();
  }

  /** "Check now": also works with automatic updates off. */
  checkNow(): Promise<void> {
    if (this.checking) return this.checking;
    if (this.state.kind === 'ready' || this.state.kind === 'unavailable') return Promise.resolve();
    this.clearTimer('checkTimer');
    this.checking = this.check().finally(() => (this.checking = null));
    return this.checking;
  }

  downloading(version: string, percent: number): void {
    this.setState({ kind: 'downloading', version, percent: Math.max(0, Math.min(100, Math.floor(percent))) });
  }

  /** An order arrived or was handled: the install may now be allowed, or no longer. */
  shopChanged(): void {
    this.judgeInstall();
  }

  /** "Restart to update" from the tray: never while an order is unhandled. */
  restartNow(): boolean {
    if (!this.view().canRestart || this.installing) return false;
    this.install('asked from the tray');
    return true;
  }

  /** The installer could not be started: the running version keeps working; retry later. */
  installFailed(message: string): void {
    if (!this.installing) return;
    this.installing = false;
    this.fail(`install failed: ${message}`);
  }

  view(): UpdateView {
    const rules = this.options.rules();
    return {
      version: this.options.version,
      state: this.state,
      lastCheckAt: this.lastCheckAt,
      lastError: this.lastError,
      installFrom: rules.installFrom,
      installUntil: rules.installUntil,
      canRestart: this.state.kind === 'ready' && !this.installing && this.options.shop().unhandled === 0,
    };
  }

  dispose(): void {
    this.clearTimer('checkTimer');
    this.clearTimer('installTimer');
  }

  private async check(): Promise<void> {
    this.lastCheckAt = this.timers.now();
    this.setState({ kind: 'checking' });
    try {
      const outcome = await this.options.engine.check();
      this.failures = 0;
      this.lastError = null;
      this.found(outcome);
    } catch (error) {
      this.fail((error as Error).message ?? String(error));
    }
  }

  private found(outcome: CheckOutcome): void {
    if (outcome.kind === 'inactive') return this.setState({ kind: 'unavailable', reason: outcome.reason });
    if (outcome.kind === 'downloaded') {
      this.options.log(`update: version ${outcome.version} is downloaded and verified`);
      this.setState({ kind: 'ready', version: outcome.version, wait: 'opening-hours' });
      return this.judgeInstall();
    }
    // Said in the log too: whoever looks after the PC can see the checks work.
    if (outcome.kind === 'up-to-date') this.options.log(`update: version ${this.options.version} is up to date`);
    this.setState(outcome.kind === 'available' ? outcome : { kind: 'up-to-date' });
    if (this.options.automatic()) this.scheduleCheck(nextCheckDelayMs(this.random));
  }

  private fail(message: string): void {
    this.failures++;
    const now = this.timers.now();
    const delay = retryDelayMs(this.failures, this.random);
    this.lastError = { message, at: now };
    const automatic = this.options.automatic();
    this.options.log(`update: ${message}; the running version carries on${automatic ? `, next try in ${Math.round(delay / MINUTE_MS)} min` : ''}`);
    this.setState({ kind: 'failed', error: message, retryAt: automatic ? now + delay : null });
    if (automatic) this.scheduleCheck(delay);
  }

  /** Installs if the rules allow it now; otherwise looks again at the next minute. */
  private judgeInstall(): void {
    this.clearTimer('installTimer');
    if (this.state.kind !== 'ready' || this.installing) return;
    const now = this.timers.now();
    if (!this.options.automatic()) return this.setWait('manual');
    const verdict = installVerdict(now, this.options.shop(), this.options.rules());
    if (verdict.ok) return this.install('the shop is quiet and inside its install window');
    this.setWait(verdict.wait);
    // Install windows start on a minute: looking on each minute's boundary finds the first allowed one.
    this.installTimer = this.timers.setTimeout(() => this.judgeInstall(), MINUTE_MS - (now % MINUTE_MS));
  }

  private install(why: string): void {
    if (this.state.kind !== 'ready') return;
    this.clearTimer('installTimer');
    this.installing = true;
    this.options.log(`update: restarting to install version ${this.state.version} (${why})`);
    this.setState({ ...this.state, wait: null });
    try {
      this.options.engine.install();
    } catch (error) {
      this.installFailed((error as Error).message);
    }
  }

  private setWait(wait: InstallWait | 'manual'): void {
    if (this.state.kind === 'ready' && this.state.wait !== wait) this.setState({ ...this.state, wait });
  }

  private scheduleCheck(delayMs: number): void {
    this.clearTimer('checkTimer');
    this.checkTimer = this.timers.setTimeout(() => {
      this.checkTimer = undefined;
      void this.checkNow();
    }, delayMs);
  }

  private clearTimer(which: 'checkTimer' | 'installTimer'): void {
    if (this[which] !== undefined) this.timers.clearTimeout(this[which]);
    this[which] = undefined;
  }

  private setState(state: UpdateState): void {
    this.state = state;
    this.options.onChange(this.view());
  }
}
