/**
 * The unhandled-order count on the dock or taskbar, and a flashing frame until handled. On
 * macOS OrderBell is a menu-bar app (LSUIElement): the count is always beside its menu-bar icon
 * (the tray's title), and its Dock icon, with the count on it too, shows while the window is open
 * (app.dock.show/hide, docs/api/dock.md). macOS ignores a Dock hide within 1 s of a show
 * (browser_mac.mm): such a hide is made again once that second is over.
 */
import { app, nativeImage, type BrowserWindow } from 'electron';

const DOCK_HIDE_IGNORED_MS = 1000;

export class Badge {
  private last = -1;
  private dockShownAt = -Infinity;
  private dockHideTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly window: BrowserWindow,
    private readonly platform: NodeJS.Platform,
    /** Windows overlay icons, numbered 1–9 and "9+". */
    private readonly overlayIcon: (label: string) => string,
  ) {}

  update(unhandled: number): void {
    if (unhandled === this.last) return;
    this.last = unhandled;
    this.apply(unhandled);
    this.window.flashFrame(unhandled > 0 && !this.window.isFocused());
  }

  /**
   * A hidden window has no taskbar button, and the overlay set on it does not reliably come
   * back with the button (electron/electron#4818): set it again whenever the window is shown.
   */
  windowShown(): void {
    if (this.platform === 'win32' && this.last > 0) this.apply(this.last);
    if (this.platform !== 'darwin') return;
    clearTimeout(this.dockHideTimer);
    this.dockShownAt = Date.now();
    void app.dock?.show();
  }

  windowHidden(): void {
    if (this.platform !== 'darwin') return;
    clearTimeout(this.dockHideTimer);
    const wait = this.dockShownAt + DOCK_HIDE_IGNORED_MS - Date.now();
    if (wait <= 0) return app.dock?.hide();
    this.dockHideTimer = setTimeout(() => app.dock?.hide(), wait + 50);
  }

  dispose(): void {
    clearTimeout(this.dockHideTimer);
  }

  private apply(unhandled: number): void {
    if (this.platform === 'win32') {
      const label = unhandled > 9 ? '9+' : String(unhandled);
      const description = unhandled === 1 ? '1 unhandled order' : `${unhandled} unhandled orders`;
      this.window.setOverlayIcon(unhandled > 0 ? nativeImage.createFromPath(this.overlayIcon(label)) : null, unhandled > 0 ? description : '');
    } else {
      app.setBadgeCount(unhandled);
    }
  }
}
