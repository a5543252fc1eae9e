/**
 * The fake `autoUpdater` (Squirrel.Mac and Squirrel.Windows, docs/api/auto-updater.md):
 * electron-updater's MacUpdater listens to it from its constructor; it records the feed it is
 * given and never finds anything by itself.
 */
import { EventEmitter } from 'node:events';
import { app } from './app';
import { calls } from './calls';
import { BrowserWindow } from './windows';

class FakeAutoUpdater extends EventEmitter {
  feedUrl = '';
  setFeedURL(options: { url: string }): void {
    this.feedUrl = options.url;
  }
  getFeedURL(): string {
    return this.feedUrl;
  }
  checkForUpdates(): void {}
  /**
   * shell/browser/api/electron_api_auto_updater.cc, QuitAndInstall: emits
   * `before-quit-for-update`, then closes every window and quits only once all are closed
   * (app `before-quit` comes after the windows' `close`: docs/api/auto-updater.md). A window
   * whose `close` is prevented keeps the app, and the update, where they are.
   */
  quitAndInstall(): void {
    calls.quitAndInstall++;
    this.emit('before-quit-for-update');
    for (const window of BrowserWindow.instances.filter((w) => !w.isDestroyed())) window.close();
    if (BrowserWindow.instances.some((w) => !w.isDestroyed())) return;
    app.quit();
  }
}

export const autoUpdater = new FakeAutoUpdater();
