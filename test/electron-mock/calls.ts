/** What the shell asked of the OS, for tests to assert, and whether Electron is `ready` yet. */
export const calls: {
  badgeCount: number[];
  loginItems: unknown[];
  openExternal: string[];
  quit: number;
  exit: number[];
  /** Beeps a person could hear; on Linux shell.beep() is gdk_display_beep, silent on most desktops. */
  beeps: number;
  silentBeeps: number;
  switches: [string, string | undefined][];
  /** Paths nativeImage could not read: Electron gives an empty image, no error. */
  emptyImages: string[];
  /** Pages and preloads that were not there to load. */
  missingFiles: string[];
  /** What Electron prints when a message is sent to a page whose renderer is gone. */
  sendErrors: string[];
  /** app.relaunch options: Electron starts them once this process has exited. */
  relaunch: unknown[];
  /** Relaunches that die with the app: asked for from inside an AppImage's mount. */
  lostRelaunches: unknown[];
  /** autoUpdater.quitAndInstall() calls (Squirrel). */
  quitAndInstall: number;
  /** What ended the process from outside (Windows after `session-end`); nothing runs after it. */
  killedBy: string | undefined;
  /** "METHOD url" of each request sent through net.request. */
  netRequests: string[];
} = {
  badgeCount: [],
  loginItems: [],
  openExternal: [],
  quit: 0,
  exit: [],
  beeps: 0,
  silentBeeps: 0,
  switches: [],
  emptyImages: [],
  missingFiles: [],
  sendErrors: [],
  relaunch: [],
  lostRelaunches: [],
  quitAndInstall: 0,
  killedBy: undefined,
  netRequests: [],
};

let ready = false;

export function isReady(): boolean {
  return ready;
}

export function markReady(): void {
  ready = true;
}

/** Electron's wording for APIs used before `ready` (see lib/browser/api/*.ts). */
export function requireReady(what: string): void {
  if (!ready) throw new Error(`${what} cannot be used before the app is ready`);
}

/**
 * The OS the fake behaves as (tests of one platform's path set it): where Electron differs by
 * platform, so does the fake — dock, handleActivation, beep, notifications, session-end.
 */
export const system = { platform: process.platform as NodeJS.Platform, signed: true };
