/**
 * electron-updater as the update scheduler's engine (core/updates/scheduler.ts): which updater a
 * platform gets, its errors in words a shop owner can act on, and a check that gives up on a
 * server that never answers. Pinned at electron-updater 6.8.10: the check timeout leans on its
 * internals (httpExecutor.createRequest, the cached checkForUpdatesPromise).
 */
import { app } from 'electron';
import electronUpdater, { type AppUpdater, type BaseUpdater, type UpdateCheckResult } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { CheckOutcome, Timers, UpdateEngine } from './core/updates/scheduler';
import { relaunchAppImageAfterExit } from './appimage-relaunch';
import { confirmElevatedUpdate } from './windows-install';

const { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater } = electronUpdater;

/**
 * electron-updater's own request timeout never starts in Electron: it is set on the request's
 * 'socket' event, which Electron's ClientRequest never emits (docs/api/client-request.md lists no
 * 'socket' event). A server that accepts and never answers would keep the check waiting for good.
 */
export const CHECK_TIMEOUT_MS = 60_000;

/** What the check timeout needs of electron-updater's HTTP client and of Electron's ClientRequest. */
interface RequestMaker {
  createRequest(options: unknown, callback: unknown): { abort(): void };
}

export type Kind = 'nsis' | 'mac' | 'appimage' | 'deb';

export function kindFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Kind {
  if (platform === 'win32') return 'nsis';
  if (platform === 'darwin') return 'mac';
  // electron-updater's own rule (main.js): an AppImage runs with $APPIMAGE set.
  return env.APPIMAGE ? 'appimage' : 'deb';
}

export function createUpdater(kind: Kind, adapter: AppAdapter): AppUpdater {
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
  // Electron's net reports Chromium's error name as the message, with no code (net-client-request.ts).
  const netError = /^net::ERR_(CONNECTION_\w+|NAME_NOT_RESOLVED|ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED|TIMED_OUT)$/.exec(String(message ?? ''));
  if (netError) return `the update server cannot be reached (${netError[0]})`;
  if (typeof statusCode === 'number') return `the update server answered ${statusCode}`;
  const firstLine = String(message ?? error).split('\n')[0]!;
  return firstLine.length > 300 ? `${firstLine.slice(0, 299)}…` : firstLine;
}

export class ElectronUpdaterEngine implements UpdateEngine {
  /** The requests of the check under way and its download, to abort if the server hangs; null between checks. */
  private requests: { abort(): void }[] | null = null;

  constructor(
    private readonly updater: AppUpdater,
    private readonly kind: Kind,
    private readonly env: NodeJS.ProcessEnv,
    private readonly hooks: {
      beforeRestart(): void;
      /** A restart the app asked about was declined (a per-machine Windows install). */
      declined(message: string): void;
      /** Windows: this install is for all users, and its updates need an administrator. */
      perMachine: boolean;
      macSigned: Promise<boolean>;
      version(): string;
    },
    private readonly timeout: { ms: number; timers: Timers },
    /** The process a relaunched AppImage waits for: this app. */
    private readonly appPid: number,
  ) {
    const http = (updater as unknown as { httpExecutor: RequestMaker }).httpExecutor;
    const createRequest = http.createRequest.bind(http);
    http.createRequest = (options, callback) => {
      const request = createRequest(options, callback);
      this.requests?.push(request);
      return request;
    };
  }

  async check(): Promise<CheckOutcome> {
    // Squirrel.Mac refuses, on every try, an update to an app no developer signed; and each try
    // would add an 'update-downloaded' listener to Electron's autoUpdater (MacUpdater.quitAndInstall).
    if (this.kind === 'mac' && !(await this.hooks.macSigned)) {
      return { kind: 'inactive', reason: 'this macOS build is not signed by a developer, and macOS refuses its updates: install new versions by hand' };
    }
    this.requests = [];
    try {
      const result = await this.checkWithin();
      if (!result) return { kind: 'inactive', reason: 'not installed from a release (a development build)' };
      const version = result.updateInfo.version;
      if (!result.isUpdateAvailable) return { kind: 'up-to-date' };
      if (!result.downloadPromise) return { kind: 'available', version };
      await this.downloadWithin(result.downloadPromise, result.cancellationToken);
      return { kind: 'downloaded', version };
    } catch (error) {
      throw new Error(describeUpdateError(error));
    } finally {
      this.requests = null;
    }
  }

  private abortRequests(): void {
    for (const request of this.requests ?? []) request.abort();
  }

  /**
   * electron-updater's checkForUpdates, given up after the timeout: its requests are aborted and
   * its pending check forgotten. Forgetting is what matters: AppUpdater hands that same promise
   * to every later call while it is set, so no retry would ask the server again; and an aborted
   * Electron request emits 'abort' and 'close' (docs/api/client-request.md), never the 'error'
   * or 'aborted' electron-updater waits for, so that promise never settles.
   */
  private checkWithin(): ReturnType<AppUpdater['checkForUpdates']> {
    const { ms, timers } = this.timeout;
    let timer: unknown;
    const timedOut = new Promise<never>((_, reject) => {
      timer = timers.setTimeout(() => {
        this.abortRequests();
        (this.updater as unknown as { checkForUpdatesPromise: Promise<unknown> | null }).checkForUpdatesPromise = null;
        reject(new Error(`the update server did not answer within ${Math.round(ms / 1000)} s`));
      }, ms);
    });
    return Promise.race([this.updater.checkForUpdates(), timedOut]).finally(() => timers.clearTimeout(timer));
  }

  /**
   * The download, given up once the server has sent nothing for the timeout (it can hang as the
   * check can). Cancelling electron-updater's token clears its pending download, so the retry
   * downloads again; the request is aborted here, since its HTTP client notices a cancel only
   * when the next bytes arrive (builder-util-runtime's ProgressCallbackTransform).
   */
  private async downloadWithin(download: Promise<unknown>, token: UpdateCheckResult['cancellationToken']): Promise<void> {
    const { ms, timers } = this.timeout;
    let timer: unknown;
    let giveUp: (error: Error) => void = () => {};
    const stalled = new Promise<never>((_, reject) => (giveUp = reject));
    const arm = (): void => {
      timers.clearTimeout(timer);
      timer = timers.setTimeout(() => {
        giveUp(new Error(`the update server stopped sending the update for ${Math.round(ms / 1000)} s`));
        token?.cancel();
        this.abortRequests();
      }, ms);
    };
    arm();
    this.updater.on('download-progress', arm);
    try {
      await Promise.race([download, stalled]);
    } finally {
      timers.clearTimeout(timer);
      this.updater.off('download-progress', arm);
    }
  }

  /** A restart to update is under way: the installer starts once the journal is closed (startPendingInstaller). */
  restartPending = false;

  install(): void {
    if (this.kind === 'appimage') return this.installAppImage();
    if (this.kind === 'nsis' && this.hooks.perMachine) return void this.installElevated();
    this.beforeRestart();
    // Squirrel.Mac installs once this process has exited; quitAndInstall closes the windows and
    // quits (docs/api/auto-updater.md), and main.ts lets them close on `before-quit-for-update`.
    if (this.kind === 'mac') return this.updater.quitAndInstall(true, true);
    // The NSIS installer ends the app about 1.3 s after it starts (allowOnlyOneInstallerInstance.nsh),
    // which may be while the journal is closing: the app quits first, and the installer is
    // started (silent, starting the app again) once the journal is closed.
    this.restartPending = true;
    app.quit();
  }

  private beforeRestart(): void {
    this.hooks.beforeRestart();
  }

  /** A per-machine install: the shop is asked before the app quits, since Windows will want an administrator. */
  private async installElevated(): Promise<void> {
    if (!(await confirmElevatedUpdate(this.hooks.version()))) return this.hooks.declined('not now: it needs an administrator to approve it');
    this.beforeRestart();
    this.restartPending = true;
    app.quit();
  }

  /** The journal is closed: starts the installer of a pending restart. Whether there was one. */
  startPendingInstaller(): boolean {
    if (!this.restartPending) return false;
    this.restartPending = false;
    (this.updater as BaseUpdater).install(true, true);
    return true;
  }

  /**
   * electron-updater would start the new AppImage at once, while this instance still holds the
   * single-instance lock and the hub's port; app.relaunch would die with this AppImage's mount
   * (main/appimage-relaunch.ts). A helper from outside the mount starts it once this process has exited.
   */
  private installAppImage(): void {
    let target = this.env.APPIMAGE;
    const renamed = (path: string): void => void (target = path);
    this.updater.on('appimage-filename-updated', renamed);
    try {
      if (!(this.updater as BaseUpdater).install(true, false) || !target) {
        throw new Error('the new AppImage could not be put in place');
      }
    } finally {
      this.updater.off('appimage-filename-updated', renamed);
    }
    this.beforeRestart();
    relaunchAppImageAfterExit(target, this.env, this.appPid);
    app.quit();
  }

  get notifyOnly(): boolean {
    return this.kind === 'deb';
  }
}
