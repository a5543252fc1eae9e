/**
 * Wires the Station (core) to the desktop: window, tray, notifications, badge, IPC, power,
 * start at login. Kept apart from the app's lifecycle (main.ts) so tests can drive it.
 */
import { app, type BrowserWindow } from 'electron';
import { EVENTS } from './core/ipc-channels';
import type { StatusView } from './core/status-views';
import { applyStartAtLogin } from './autostart';
import { Badge } from './badge';
import type { Settings, SettingsResult } from './core/settings';
import type { Station } from './core/station';
import { registerIpc } from './ipc';
import { Notifier } from './notifier';
import { KeepAwake, reconnectOnWake } from './power';
import { TrayController, type TrayState } from './tray';
import { resolveLanguage, setLanguage } from './core/i18n';

export interface ShellOptions {
  station: Station;
  window: BrowserWindow;
  settings: { get(): Settings; save(input: unknown): SettingsResult };
  platform: NodeJS.Platform;
  icons: { tray(state: TrayState): string; overlay(label: string): string };
  quit(): void;
}

export class Shell {
  readonly tray: TrayController;
  readonly notifier: Notifier;
  readonly badge: Badge;
  readonly keepAwake = new KeepAwake();
  private settings: Settings;
  private alertWindowRaised = false;
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly options: ShellOptions) {
    const { station, window } = options;
    this.settings = options.settings.get();
    this.notifier = new Notifier((orderId) => {
      this.showWindow();
      if (orderId) this.send(EVENTS.openOrder, orderId);
    });
    this.badge = new Badge(window, options.platform, options.icons.overlay);
    this.tray = new TrayController(options.icons.tray, {
      open: () => this.showWindow(),
      mute: (period) => station.mute(period),
      sendTestOrder: () => void station.sendTestOrder(),
      quit: options.quit,
    });
    const unregisterIpc = registerIpc({ station, window: () => (window.isDestroyed() ? undefined : window.webContents), settings: options.settings, settingsChanged: (s) => this.applySettings(s) });
    station.on('orders', (orders) => this.send(EVENTS.ordersChanged, orders));
    station.on('status', (status) => this.onStatus(status));
    station.on('alert', (action) => this.send(EVENTS.alert, action));
    station.on('notice', (notice) => this.notifier.show(notice));
    this.disposers.push(unregisterIpc, reconnectOnWake(() => station.reconnectNow()));
    window.on('show', () => station.windowReopened());
    window.on('focus', () => window.flashFrame(false));
    this.applyLocalSettings(this.settings);
    this.onStatus(station.status());
  }

  /** Stops answering the renderer and listening for wake-ups (the station is stopped by its owner). */
  dispose(): void {
    this.disposers.splice(0).forEach((dispose) => dispose());
  }

  showWindow(): void {
    const { window } = this.options;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  async applySettings(settings: Settings): Promise<void> {
    this.settings = settings;
    this.applyLocalSettings(settings);
    await this.options.station.applySettings(settings);
    this.onStatus(this.options.station.status());
  }

  private applyLocalSettings(settings: Settings): void {
    setLanguage(resolveLanguage(settings.language, [app.getLocale()]));
    try {
      applyStartAtLogin(settings.startAtLogin && app.isPackaged, this.options.platform);
    } catch {
      /* an unwritable autostart folder must not stop the app */
    }
    this.keepAwake.set(settings.keepAwake);
  }

  private onStatus(status: StatusView): void {
    this.tray.update(status);
    this.badge.update(status.alert.unhandled);
    this.raiseAlertWindow(status.alert.unhandled > 0 && this.settings.alertWindow);
    this.send(EVENTS.status, status);
  }

  /** The optional alarm that cannot be missed: the window on top of everything until handled. */
  private raiseAlertWindow(raise: boolean): void {
    if (raise === this.alertWindowRaised) return;
    this.alertWindowRaised = raise;
    const { window } = this.options;
    window.setAlwaysOnTop(raise, 'screen-saver');
    if (raise) this.showWindow();
  }

  private send(channel: string, value: unknown): void {
    const { window } = this.options;
    if (!window.isDestroyed()) window.webContents.send(channel, value);
  }
}
