/** The unhandled-order count on the dock or taskbar, and a flashing frame until handled. */
import { app, nativeImage, type BrowserWindow } from 'electron';

export class Badge {
  private last = -1;

  constructor(
    private readonly window: BrowserWindow,
    private readonly platform: NodeJS.Platform,
    /** Windows overlay icons, numbered 1–9 and "9+". */
    private readonly overlayIcon: (label: string) => string,
  ) {}

  update(unhandled: number): void {
    if (unhandled === this.last) return;
    this.last = unhandled;
    if (this.platform === 'win32') {
      const label = unhandled > 9 ? '9+' : String(unhandled);
      const description = unhandled === 1 ? '1 unhandled order' : `${unhandled} unhandled orders`;
      this.window.setOverlayIcon(unhandled > 0 ? nativeImage.createFromPath(this.overlayIcon(label)) : null, unhandled > 0 ? description : '');
    } else {
      app.setBadgeCount(unhandled);
    }
    this.window.flashFrame(unhandled > 0 && !this.window.isFocused());
  }
}
