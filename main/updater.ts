/**
 * Self-update through electron-updater (pinned at 6.8.10: the test seams used below are its
 * internals). Where updates come from is electron-builder's `generic` feed: the URL built
 * into app-update.yml, or the shop's own server from Settings. electron-updater checks the
 * download's sha512 against latest.yml and, on Windows, the publisher's signature for signed
 * builds; the core scheduler (core/update-scheduler.ts) decides when to check and when a
 * restart cannot cost an order. The deb only announces a new version: apt installs it.
 */
import { app } from 'electron';
import electronUpdater, { type AppUpdater, type ProgressInfo, type UpdateInfo } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronAppAdapter } from 'electron-updater/out/ElectronAppAdapter.js';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import type { Settings } from './core/settings';
import type { ShopActivity, UpdateView } from './core/update-policy';
import { UpdateScheduler, type CheckOutcome, type Timers, type UpdateEngine } from './core/update-scheduler';

const { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater } = electronUpdater;

/** Tests drive electron-updater without Electron: its app adapter, HTTP client and platform. */
export interface UpdaterTestSeams {
  app: AppAdapter;
  httpExecutor: unknown;
  platform: 'win32' | 'linux';
}

export interface UpdaterOptions {
  platform: NodeJS.Platform;
  /** $APPIMAGE tells an AppImage from the deb; ORDERBELL_UPDATE_DEV_FEED lets a development build check that URL. */
  env: NodeJS.ProcessEnv;
  settings(): Settings;
  shop(): ShopActivity;
  log(line: string): void;
  onChange(view: UpdateView): void;
  testing?: UpdaterTestSeams;
  timers?: Timers;
  random?: () => number;
  firstCheckAfterMs?: number;
}

type Kind = 'nsis' | 'mac' | 'appimage' | 'deb';

function kindFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Kind {
  if (platform === 'win32') return 'nsis';
  if (platform === 'darwin') return 'mac';
  // electron-updater's own rule (main.js): an AppImage runs with $APPIMAGE set.
  return env.APPIMAGE ? 'appimage' : 'deb';
}

function createUpdater(kind: Kind, adapter: AppAdapter): AppUpdater {
  switch (kind) {
    case 'nsis':
      return new NsisUpdater(undefined, adapter);
    case 'mac':
      return new MacUpdater(undefined, adapter);
    case 'appimage':
      return new AppImageUpdater(undefined, adapter);
    case 'deb':
      return new DebUpdater(undefined, adapter);
  }
}

/** electron-updater's errors, in words a shop owner can act on. */
export function describeUpdateError(error: unknown): string {
  const { code, message, statusCode } = (error ?? {}) as { code?: string; message?: string; statusCode?: number };
  if (code === 'ERR_CHECKSUM_MISMATCH') return 'refused: the download does not match the sha512 checksum in latest.yml';
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') return 'refused: the installer is not signed by the publisher';
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return 'the update server has no latest.yml for this system (404)';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'ECONNRESET') return `the update server cannot be reached (${code})`;
  if (typeof statusCode === 'number') return `the update server answered ${statusCode}`;
  const firstLine = String(message ?? error).split('\n')[0]!;
  return firstLine.length > 300 ? `${firstLine.slice(0, 299)}…` : firstLine;
}

class ElectronUpdaterEngine implements UpdateEngine {
  constructor(
    private readonly updater: AppUpdater,
    private readonly kind: Kind,
  ) {}

  async check(): Promise<CheckOutcome> {
    try {
      const result = await this.updater.checkForUpdates();
      if (!result) return { kind: 'inactive', reason: 'not installed from a release (a development build)' };
      const version = result.updateInfo.version;
      if (!result.isUpdateAvailable) return { kind: 'up-to-date' };
      if (!result.downloadPromise) return { kind: 'available', version };
      await result.downloadPromise;
      return { kind: 'downloaded', version };
    } catch (error) {
      throw new Error(describeUpdateError(error));
    }
  }

  install(): void {
    // Silent, and start again afterwards: the shop PC comes back by itself.
    this.updater.quitAndInstall(true, true);
  }

  get notifyOnly(): boolean {
    return this.kind === 'deb';
  }
}

export class Updater {
  readonly scheduler: UpdateScheduler;
  private readonly updater: AppUpdater;
  private readonly engine: ElectronUpdaterEngine;
  private feedUrl = '';
  private downloadingVersion = '';

  constructor(private readonly options: UpdaterOptions) {
    const { testing } = options;
    const kind = kindFor(testing?.platform ?? options.platform, options.env);
    // What AppUpdater's constructor does without an adapter, but with the `app` this module
    // imports (so the shared Electron fake reaches it in tests, never the electron npm package).
    const updater = createUpdater(kind, testing?.app ?? new ElectronAppAdapter(app));
    const httpExecutor = testing?.httpExecutor ?? new ElectronHttpExecutor((authInfo, callback) => updater.emit('login', authInfo, callback));
    Object.assign(updater, { httpExecutor }, testing ? { _testOnlyOptions: { platform: testing.platform, isUseDifferentialDownload: false } } : {});
    this.updater = updater;
    this.engine = new ElectronUpdaterEngine(this.updater, kind);
    this.configure();
    this.scheduler = new UpdateScheduler({
      version: this.updater.currentVersion.version,
      engine: this.engine,
      shop: options.shop,
      rules: () => ({ ...options.settings().updates, quietHours: options.settings().quietHours }),
      automatic: () => options.settings().updates.enabled,
      onChange: options.onChange,
      log: options.log,
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.firstCheckAfterMs !== undefined ? { firstCheckAfterMs: options.firstCheckAfterMs } : {}),
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

  settingsChanged(): void {
    this.applyFeed();
    this.updater.autoInstallOnAppQuit = this.options.settings().updates.enabled && !this.engine.notifyOnly;
    this.scheduler.settingsChanged();
  }

  dispose(): void {
    this.scheduler.dispose();
    this.updater.removeAllListeners('download-progress');
  }

  private configure(): void {
    const { updater, engine } = this;
    const log = this.options.log;
    updater.logger = { info: () => {}, warn: (line: unknown) => log(`update: ${String(line)}`), error: () => {} };
    updater.autoDownload = !engine.notifyOnly;
    updater.autoInstallOnAppQuit = this.options.settings().updates.enabled && !engine.notifyOnly;
    // Never to an older version; web installers (unsigned packages fetched later) are not used.
    updater.allowDowngrade = false;
    updater.disableWebInstaller = true;
    updater.on('update-available', (info: UpdateInfo) => (this.downloadingVersion = info.version));
    updater.on('download-progress', (progress: ProgressInfo) => this.scheduler.downloading(this.downloadingVersion, progress.percent));
    // After quitAndInstall, a failure to start the installer arrives only as an 'error' event.
    updater.on('error', (error: Error) => this.scheduler.installFailed(describeUpdateError(error)));
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
