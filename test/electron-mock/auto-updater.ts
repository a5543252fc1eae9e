/**
 * The fake `autoUpdater` (Squirrel.Mac and Squirrel.Windows, docs/api/auto-updater.md):
 * electron-updater's MacUpdater listens to it from its constructor; it records the feed it is
 * given and never finds anything by itself.
 */
import { EventEmitter } from 'node:events';

class FakeAutoUpdater extends EventEmitter {
  feedUrl = '';
  setFeedURL(options: { url: string }): void {
    this.feedUrl = options.url;
  }
  getFeedURL(): string {
    return this.feedUrl;
  }
  checkForUpdates(): void {}
  quitAndInstall(): void {}
}

export const autoUpdater = new FakeAutoUpdater();
