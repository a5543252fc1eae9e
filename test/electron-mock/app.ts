/** The fake `app`: readiness, quitting in Electron's order, paths, version and login items. */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow } from './windows';
import { calls, isReady, markReady, requireReady, system } from './calls';

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  /** The smoke test's process really ends on app.exit(); vitest's must not. */
  exitProcess = false;
  loginItemSettings = { openAtLogin: false, wasOpenedAtLogin: false };
  /**
   * docs/api/app.md, app.dock: "macOS" only (undefined elsewhere). shell/browser/browser_mac.mm
   * DockHide: a hide within 1 s of the last show is ignored (the Dock icon would otherwise be
   * stuck half-gone), so a quick show-then-hide leaves the icon in the Dock.
   */
  private readonly macDock = {
    visible: false,
    shownAt: -Infinity,
    show(): Promise<void> {
      this.visible = true;
      this.shownAt = Date.now();
      return Promise.resolve();
    },
    hide(): void {
      if (Date.now() - this.shownAt < 1000) return;
      this.visible = false;
    },
    isVisible(): boolean {
      return this.visible;
    },
  };
  get dock(): typeof this.macDock | undefined {
    return system.platform === 'darwin' ? this.macDock : undefined;
  }
  /** The Dock as the test sees it, on any platform. */
  get dockState(): { visible: boolean } {
    return this.macDock;
  }
  readonly commandLine = {
    appendSwitch(name: string, value?: string): void {
      calls.switches.push([name, value]);
    },
  };
  private readonly paths = new Map<string, string>();
  isReady(): boolean {
    return isReady();
  }
  /** What Electron does once it has initialised: resolves whenReady() and emits `ready`. */
  becomeReady(): void {
    if (isReady()) return;
    markReady();
    this.emit('ready');
  }
  whenReady(): Promise<void> {
    return Promise.resolve().then(() => this.becomeReady());
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  /**
   * Electron's order: `before-quit`, then every window is asked to close (each may cancel
   * the quit), then `will-quit` (cancellable), then `quit`.
   */
  quit(): void {
    calls.quit++;
    const beforeQuit = { defaultPrevented: false, preventDefault: () => (beforeQuit.defaultPrevented = true) };
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    for (const window of BrowserWindow.instances.filter((w) => !w.isDestroyed())) window.close();
    if (BrowserWindow.instances.some((w) => !w.isDestroyed())) return;
    const willQuit = { defaultPrevented: false, preventDefault: () => (willQuit.defaultPrevented = true) };
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) this.exit(0);
  }
  /** Ends at once: no quit events, windows destroyed without `close`. */
  exit(code = 0): void {
    if (calls.killedBy) return;
    calls.exit.push(code);
    for (const window of BrowserWindow.instances) window.destroy();
    if (this.exitProcess) process.exit(code);
  }
  /**
   * Electron's relauncher is this same executable, started from here and told to die with its
   * parent (shell/browser/relauncher_linux.cc, PR_SET_PDEATHSIG). In an AppImage the executable is
   * inside the AppImage's FUSE mount, which is unmounted when the app exits, so the relaunch is
   * lost (electron-userland/electron-builder#1727, #4650).
   */
  relaunch(options: unknown = {}): void {
    if (system.platform === 'linux' && process.env.APPIMAGE) calls.lostRelaunches.push(options);
    else calls.relaunch.push(options);
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return this.loginItemSettings;
  }
  setBadgeCount(count: number): boolean {
    calls.badgeCount.push(count);
    return true;
  }
  /**
   * docs/api/app.md, setLoginItemSettings: returns nothing, and on macOS an app that is not
   * signed cannot register its login item: the call is taken and nothing changes.
   */
  setLoginItemSettings(settings: { openAtLogin?: boolean }): void {
    calls.loginItems.push(settings);
    if (system.platform === 'darwin' && !system.signed) return;
    this.loginItemSettings.openAtLogin = settings.openAtLogin === true;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? `/tmp/orderbell-fake-${name}`;
  }
  getLocale(): string {
    requireReady('app.getLocale()');
    return 'en-US';
  }
  getName(): string {
    return 'OrderBell';
  }
  /** Where the app's package.json is: `electron .` started in this folder. */
  appPath = process.cwd();
  getAppPath(): string {
    return this.appPath;
  }
  /**
   * Electron docs, app.getVersion(): "The version of the loaded application. If no version is
   * found in the application's package.json file, the version of the current bundle or
   * executable is returned" (here the fake's own, 0.0.0-test).
   */
  getVersion(): string {
    try {
      const { version } = JSON.parse(readFileSync(join(this.appPath, 'package.json'), 'utf8')) as { version?: unknown };
      if (typeof version === 'string' && version) return version;
    } catch {
      /* no package.json: Electron's own version */
    }
    return '0.0.0-test';
  }
  setAppUserModelId(): void {}
}

export const app = new FakeApp();

