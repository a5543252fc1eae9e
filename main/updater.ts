/**
 * Self-update through electron-updater (pinned at 6.8.10: the test seams used below are its
 * internals). Where updates come from is electron-builder's `generic` feed: the URL built
 * into app-update.yml, or the shop's own server from Settings. electron-updater checks the
 * download's sha512 against latest.yml and, on Windows, the publisher's signature for signed
 * builds; the core scheduler (core/updates/scheduler.ts) decides when to check and when a
 * restart cannot cost an order. The deb only announces a new version: apt installs it.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater, { type AppUpdater, type ProgressInfo, type UpdateInfo } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronAppAdapter } from 'electron-updater/out/ElectronAppAdapter.js';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import type { Settings } from './core/settings/settings';
import type { OrderView } from './core/orders/views';
import type { ShopActivity, UpdateControls, UpdateView } from './core/updates/policy';
import { SYSTEM_TIMERS, UpdateScheduler, type Timers } from './core/updates/scheduler';
import { isPerMachineInstall } from './windows-install';
import { CHECK_TIMEOUT_MS, createUpdater, describeUpdateError, ElectronUpdaterEngine, kindFor } from './update-engine';

/** Tests drive electron-updater without Electron: its app adapter, HTTP client and platform. */
export interface UpdaterTestSeams {
  app: AppAdapter;
  httpExecutor: unknown;
  platform: 'win32' | 'linux';
  /** The process a relaunched AppImage waits for (default: this one). */
  appPid?: number;
}

export interface UpdaterOptions {
  platform: NodeJS.Platform;
  /**
   * $APPIMAGE tells an AppImage from the deb; ORDERBELL_UPDATE_DEV_FEED lets a development build
   * check that URL, and with it ORDERBELL_UPDATE_DEV_FIRST_CHECK_MS sets the first check's delay.
   */
  env: NodeJS.ProcessEnv;
  settings(): Settings;
  shop(): ShopActivity;
  log(line: string): void;
  /** Where a restart to update leaves its note, so the next start goes straight to the tray. */
  userData?: string;
  testing?: UpdaterTestSeams;
  timers?: Timers;
  random?: () => number;
  firstCheckAfterMs?: number;
  /** macOS: whether a developer signed this build (main/mac-signature.ts); Squirrel.Mac refuses updates to one that is not. */
  macSigned?: Promise<boolean>;
  /** The app's executable (default process.execPath): under Program Files, a per-machine install. */
  execPath?: string;
  /** How long a check may wait for the update server (default CHECK_TIMEOUT_MS). */
  checkTimeoutMs?: number;
}

/**
 * The first check's delay: the caller's, or (for the start-up smoke test, which must not wait
 * 5–10 s) ORDERBELL_UPDATE_DEV_FIRST_CHECK_MS, honoured only together with the dev feed.
 */
function firstCheck(options: UpdaterOptions): { firstCheckAfterMs?: number } {
  if (options.firstCheckAfterMs !== undefined) return { firstCheckAfterMs: options.firstCheckAfterMs };
  const fromEnv = options.env.ORDERBELL_UPDATE_DEV_FEED ? options.env.ORDERBELL_UPDATE_DEV_FIRST_CHECK_MS : undefined;
  return fromEnv && /^\d{1,7}$/.test(fromEnv) ? { firstCheckAfterMs: Number(fromEnv) } : {};
}


const RESTART_NOTE = 'restarted-for-update';
const RESTART_NOTE_FRESH_MS = 10 * 60_000;

/** Whether this start is the restart after an update (the note is used up): then start in the tray. */
export function consumeUpdateRestartNote(userData: string, now = Date.now()): boolean {
  const file = join(userData, RESTART_NOTE);
  try {
    const fresh = now - statSync(file).mtimeMs < RESTART_NOTE_FRESH_MS;
    rmSync(file, { force: true });
    return fresh;
  } catch {
    return false;
  }
}

/** The shop is quiet or busy: unhandled orders, and the latest arrival among those on screen. */
export function shopActivity(orders: readonly OrderView[]): ShopActivity {
  const unhandled = orders.filter((order) => !order.handled).length;
  const lastOrderAt = orders.reduce<number | null>((latest, order) => Math.max(latest ?? 0, order.receivedAt), null);
  return { unhandled, lastOrderAt };
}

/** How long a restart to install may take; after that the app is evidently still running. */
export const INSTALL_TIMEOUT_MS = 3 * 60_000;

/** `install-abandoned`: a restart to install did not happen; the app runs on (its window hides on close again). */
export class Updater extends EventEmitter<{ change: [UpdateView]; 'install-abandoned': [] }> implements UpdateControls {
  private readonly scheduler: UpdateScheduler;
  private readonly updater: AppUpdater;
  private readonly engine: ElectronUpdaterEngine;
  private feedUrl = '';
  private downloadingVersion = '';
  private installTimer: unknown;

  constructor(private readonly options: UpdaterOptions) {
    super();
    const { testing } = options;
    const kind = kindFor(testing?.platform ?? options.platform, options.env);
    // What AppUpdater's constructor does without an adapter, but with the `app` this module
    // imports (so the shared Electron fake reaches it in tests, never the electron npm package).
    const updater = createUpdater(kind, testing?.app ?? new ElectronAppAdapter(app));
    const httpExecutor = testing?.httpExecutor ?? new ElectronHttpExecutor((authInfo, callback) => updater.emit('login', authInfo, callback));
    Object.assign(updater, { httpExecutor }, testing ? { _testOnlyOptions: { platform: testing.platform, isUseDifferentialDownload: false } } : {});
    this.updater = updater;
    const perMachine = kind === 'nsis' && isPerMachineInstall(options.execPath ?? process.execPath, options.env);
    const hooks = {
      beforeRestart: () => this.restarting(),
      declined: (message: string) => this.scheduler.installFailed(message),
      perMachine,
      macSigned: options.macSigned ?? Promise.resolve(true),
      version: () => (this.scheduler.view().state as { version?: string }).version ?? '',
    };
    this.engine = new ElectronUpdaterEngine(this.updater, kind, options.env, hooks, {
      ms: options.checkTimeoutMs ?? CHECK_TIMEOUT_MS,
      timers: options.timers ?? SYSTEM_TIMERS,
    }, testing?.appPid ?? process.pid);
    this.configure();
    this.scheduler = new UpdateScheduler({
      version: this.updater.currentVersion.version,
      engine: this.engine,
      shop: options.shop,
      // A per-machine install never updates unattended (Windows would wait on an administrator with
      // the app already closed): its install window is empty, and "Restart to update" asks first.
      rules: () => ({ ...options.settings().updates, quietHours: options.settings().quietHours, ...(perMachine ? { installFrom: '00:00', installUntil: '00:00' } : {}) }),
      automatic: () => options.settings().updates.enabled,
      onChange: (view) => this.emit('change', view),
      log: options.log,
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...firstCheck(options),
    });
  }

  /** Starts the cycle; the first check comes a few seconds later and never blocks start-up. */
  start(): void {
    this.scheduler.start();
  }

  view(): UpdateView {
    return this.scheduler.view();
  }

  checkNow(): Promise<void> {
    return this.scheduler.checkNow();
  }

  restartToUpdate(): boolean {
    return this.scheduler.restartNow();
  }

  shopChanged(): void {
    this.scheduler.shopChanged();
  }

  settingsChanged(): void {
    this.applyFeed();
    this.scheduler.settingsChanged();
  }

  /**
   * The app is quitting: an update that is ready installs now, silently and without starting
   * the app again (whoever quit meant it). Nothing installs when automatic updates are off.
   */
  quitting(): void {
    this.scheduler.dispose();
    this.timers.clearTimeout(this.installTimer);
    if (this.engine.startPendingInstaller()) return;
    const state = this.scheduler.view().state;
    if (state.kind !== 'ready' || state.wait === null || state.wait === 'manual') return;
    if (this.updater instanceof electronUpdater.BaseUpdater) this.updater.install(true, false);
  }

  dispose(): void {
    this.scheduler.dispose();
    this.timers.clearTimeout(this.installTimer);
  }

  private get timers(): Timers {
    return this.options.timers ?? SYSTEM_TIMERS;
  }

  /**
   * The app is about to restart to install. Should it still be running after INSTALL_TIMEOUT_MS
   * (a window that would not close, an installer that never started), the install is given up,
   * said so in Settings → Updates, and tried again at the next install window.
   */
  private restarting(): void {
    this.leaveRestartNote();
    this.timers.clearTimeout(this.installTimer);
    this.installTimer = this.timers.setTimeout(() => {
      this.engine.restartPending = false;
      this.removeRestartNote();
      this.scheduler.installFailed(`the app did not restart within ${INSTALL_TIMEOUT_MS / 60_000} min; the next install window tries again`);
      this.emit('install-abandoned');
    }, INSTALL_TIMEOUT_MS);
  }

  private leaveRestartNote(): void {
    if (!this.options.userData) return;
    try {
      mkdirSync(this.options.userData, { recursive: true });
      writeFileSync(join(this.options.userData, RESTART_NOTE), new Date().toISOString());
    } catch (error) {
      this.options.log(`update: cannot leave the restart note: ${(error as Error).message}`);
    }
  }

  private removeRestartNote(): void {
    if (this.options.userData) rmSync(join(this.options.userData, RESTART_NOTE), { force: true });
  }

  private configure(): void {
    const { updater, engine } = this;
    const log = this.options.log;
    updater.logger = { info: () => {}, warn: (line: unknown) => log(`update: ${String(line)}`), error: () => {} };
    updater.autoDownload = !engine.notifyOnly;
    // Installing on quit is decided here (quitting()), not by electron-updater's 'quit' listener;
    // except on macOS, where MacUpdater hands a download to Squirrel.Mac (which installs it when
    // the app quits) only with this on: MacUpdater is no BaseUpdater, and has no install() to call.
    updater.autoInstallOnAppQuit = updater instanceof electronUpdater.MacUpdater;
    // Never to an older version; web installers (unsigned packages fetched later) are not used.
    updater.allowDowngrade = false;
    updater.disableWebInstaller = true;
    updater.on('update-available', (info: UpdateInfo) => (this.downloadingVersion = info.version));
    updater.on('download-progress', (progress: ProgressInfo) => this.scheduler.downloading(this.downloadingVersion, progress.percent));
    // After quitAndInstall, a failure to start the installer arrives only as an 'error' event.
    updater.on('error', (error: Error) => {
      const state = this.scheduler.view().state;
      if (state.kind !== 'ready' || state.wait !== null) return;
      this.scheduler.installFailed(describeUpdateError(error));
      this.removeRestartNote();
    });
    this.applyFeed();
  }

  /** The shop's own update server from Settings, or (empty) the address built into app-update.yml. */
  private applyFeed(): void {
    const devFeed = this.options.env.ORDERBELL_UPDATE_DEV_FEED;
    if (devFeed) this.updater.forceDevUpdateConfig = true;
    const url = this.options.settings().updates.feedUrl || devFeed || '';
    if (url === this.feedUrl) return;
    this.feedUrl = url;
    if (url) this.updater.setFeedURL({ provider: 'generic', url });
    // Back to app-update.yml: clearing the path makes electron-updater read the built-in config again.
    else this.updater.updateConfigPath = null;
  }
}
