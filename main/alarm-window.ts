/**
 * The alarm that does not need the order screen: a hidden window of its own, whose page only
 * plays the order and offline sounds and speaks (renderer/alarm.ts). It is a separate
 * BrowserWindow, so Chromium gives it its own renderer process (a new browsing instance is never
 * put in another's process below the process limit: docs/tutorial/process-model.md), and a
 * hung or crashed order screen does not silence it. Made the first time the order screen goes
 * down, and kept: a page that failed once may fail again.
 */
import { BrowserWindow, type RenderProcessGoneDetails } from 'electron';
import type { AlertAction } from './core/alerts/policy';
import type { Settings } from './core/settings/settings';
import { EVENTS } from './core/ui/ipc-channels';
import { language } from './core/ui/i18n';
import { ALARM_PAGE, ALARM_PRELOAD } from './paths';
import { lockedDownPreferences, refuseNavigation } from './window';

/** One sound or voice line, with what the page needs to play it as the order screen would (preload/alarm-api.ts). */
interface AlarmMessage {
  action: Extract<AlertAction, { kind: 'sound' | 'voice' }>;
  sound: Settings['sound'];
  audioOutput: string;
  language: string;
}

export class AlarmWindow {
  private window: BrowserWindow | undefined;
  private loaded = false;
  /** What came while the page was loading: played once it has. */
  private waiting: AlarmMessage[] = [];
  /** The shell is going: no new window, not even for a ring that comes while it goes. */
  private disposed = false;

  constructor(private readonly log: (line: string) => void) {}

  /** Plays `action` (sound or voice; a summary is for the eyes) with the shop's sound settings. */
  play(action: AlertAction, settings: Pick<Settings, 'sound' | 'audioOutput'>): void {
    if (action.kind === 'summary' || this.disposed) return;
    const message: AlarmMessage = { action, sound: settings.sound, audioOutput: settings.audioOutput, language: language() };
    const window = this.open();
    if (this.loaded) window.webContents.send(EVENTS.alarm, message);
    // Only the latest ring waits: a page still loading after several rings plays it, not a burst.
    else this.waiting = [...this.waiting, message].slice(-3);
  }

  dispose(): void {
    this.disposed = true;
    if (this.window && !this.window.isDestroyed()) this.window.destroy();
    this.window = undefined;
  }

  private open(): BrowserWindow {
    if (this.window && !this.window.isDestroyed()) return this.window;
    this.loaded = false;
    // electronegativity PRELOAD_JS_CHECK: reviewed. The alarm preload exposes one listener
    // (preload/alarm-preload.ts) and can call nothing in the main process.
    const window = new BrowserWindow({
      show: false,
      width: 200,
      height: 100,
      title: 'OrderBell alarm',
      skipTaskbar: true,
      webPreferences: { ...lockedDownPreferences(ALARM_PRELOAD), autoplayPolicy: 'no-user-gesture-required' },
    });
    refuseNavigation(window);
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    window.webContents.on('did-finish-load', () => {
      this.loaded = true;
      for (const message of this.waiting.splice(0)) window.webContents.send(EVENTS.alarm, message);
    });
    window.webContents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
      this.log(`alarm window gone (${details.reason}, exit code ${details.exitCode}); reloading`);
      this.loaded = false;
      if (!window.isDestroyed()) window.webContents.reload();
    });
    window.loadFile(ALARM_PAGE).catch((error: Error) => this.log(`alarm window: ${error.message}`));
    this.window = window;
    return window;
  }
}
