/**
 * How OrderBell ends: the window hides on close unless the app is quitting, and the journal is
 * closed before the process goes, however the end comes — the tray's Quit, an update (Squirrel.Mac
 * closes every window first), or Windows ending the session.
 */
import { app, autoUpdater, type BrowserWindow } from 'electron';

export interface LifecycleParts {
  window: BrowserWindow;
  /** Stops answering the renderer, so no call reaches the journal while it closes. */
  dispose(): void;
  /** Closes the journal (Station.stop). */
  stop(): Promise<void>;
  /** The journal is closed: an update waiting for this may install now. */
  stopped(): void;
}

export class Lifecycle {
  /** Set on the way out: from then on the window's close really closes it. */
  quitting = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly parts: LifecycleParts) {
    const { window } = parts;
    window.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      window.hide();
    });
    app.on('before-quit', () => (this.quitting = true));
    // Squirrel.Mac's quitAndInstall closes every window before it quits, and `before-quit` comes
    // only after they are closed (docs/api/auto-updater.md, `before-quit-for-update`).
    autoUpdater.on('before-quit-for-update', () => (this.quitting = true));
    app.on('will-quit', (event) => {
      if (this.stopping) return;
      event.preventDefault();
      void this.stop().finally(() => app.exit(0));
    });
    // Windows ends the process as soon as `session-end` returns (native_window_views_win.cc), too
    // soon for the journal to close: the end of the session is held at `query-session-end` until it has.
    window.on('query-session-end', (event) => {
      event.preventDefault();
      this.quitting = true;
      void this.stop().finally(() => app.exit(0));
    });
  }

  /** A quit that did not happen (an update's install gave up): the window hides on close again. */
  quitAbandoned(): void {
    if (!this.stopping) this.quitting = false;
  }

  private stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.parts.dispose();
      try {
        await this.parts.stop();
      } finally {
        this.parts.stopped();
      }
    })();
    return this.stopping;
  }
}
