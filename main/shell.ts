/**
 * Wires the Station (core) to the desktop: window, tray, notifications, badge, IPC, power,
 * start at login. Kept apart from the app's lifecycle (main.ts) so tests can drive it.
 */
import { app, type BrowserWindow } from 'electron';
import { AlertHold } from './core/alerts/hold';
import type { AlertAction } from './core/alerts/policy';
import { EVENTS } from './core/ui/ipc-channels';
import type { StatusView } from './core/ui/status-views';
import { AlarmWindow } from './alarm-window';
import { applyStartAtLogin, loginItemProblem } from './autostart';
import { Badge } from './badge';
import type { Settings, SettingsResult } from './core/settings/settings';
import type { Notice, Station } from './core/station';
import type { OrderView } from './core/orders/views';
import type { KitchenView } from './core/orders/kitchen-view';
import type { UpdateControls, UpdateView } from './core/updates/policy';
import { registerIpc, testOrderResult } from './ipc';
import { Notifier } from './notifier';
import { PageWatch, type PageState, type PageWatchOptions } from './page-watch';
import { KeepAwake, reconnectOnWake } from './power';
import { RedialGate } from './core/link/redial-gate';
import { TrayController, type TrayState } from './tray';
import { resolveLanguage, setLanguage, t } from './core/ui/i18n';

export interface ShellOptions {
  station: Station;
  window: BrowserWindow;
  settings: { get(): Settings; save(input: unknown): SettingsResult };
  platform: NodeJS.Platform;
  icons: { tray(state: TrayState): string; overlay(label: string): string };
  quit(): void;
  log?(line: string): void;
  /** Timings of the page watch (tests shorten them). */
  page?: Pick<PageWatchOptions, 'startupGraceMs' | 'hungGraceMs' | 'reloadBackoff' | 'pingEveryMs' | 'pingDeadlineMs'>;
  /** Settings the shop saved have been applied (main.ts explains the firewall when LAN is switched on). */
  settingsApplied?(settings: Settings): void;
  /** The self-update (main/updater.ts); absent where the app does not update itself. */
  updates?: UpdateControls;
}

export class Shell {
  readonly tray: TrayController;
  readonly notifier: Notifier;
  readonly badge: Badge;
  readonly keepAwake = new KeepAwake();
  readonly page: PageWatch;
  /** Plays while the order screen is down (its own renderer process). */
  readonly alarm: AlarmWindow;
  private readonly held = new AlertHold();
  private settings: Settings;
  private alertWindowRaised = false;
  private printerAlarm = false;
  private readonly disposers: (() => void)[] = [];
  /** What the desktop cannot do on this PC, shown as banners in the window. */
  private readonly notes = new Map<'notifications' | 'login-item', string>();

  constructor(private readonly options: ShellOptions) {
    const { station, window } = options;
    const log = options.log ?? ((line: string) => console.log(line));
    this.settings = options.settings.get();
    this.notifier = new Notifier(
      (orderId) => {
        this.showWindow();
        if (orderId) this.send(EVENTS.openOrder, orderId);
      },
      log,
      options.platform,
      () => {
        log('notifications: the system refuses them; sound, badge and tray carry on');
        this.setNote('notifications', t('notificationsRefusedNote'));
        this.onStatus(station.status());
      },
    );
    this.badge = new Badge(window, options.platform, options.icons.overlay);
    this.tray = new TrayController(options.icons.tray, {
      open: () => this.showWindow(),
      mute: (period) => station.mute(period),
      sendTestOrder: () => void this.sendTestOrderFromTray(log),
      restartToUpdate: () => void options.updates?.restartToUpdate(),
      quit: options.quit,
    });
    const { updates } = options;
    const redial = new RedialGate(() => station.reconnectNow());
    this.alarm = new AlarmWindow(log);
    this.page = new PageWatch(window.webContents, { ...options.page, log, onChange: (state, reason) => this.onPageState(state, reason) });
    const unregisterIpc = registerIpc({
      station,
      window: () => (window.isDestroyed() ? undefined : window.webContents),
      settings: options.settings,
      settingsChanged: (s) => this.applySettings(s),
      pageReady: () => this.page.ready(),
      pagePong: (seq) => this.page.pong(seq),
      shellNotes: () => [...this.notes.values()],
      networkChanged: () => redial.request(),
      ...(updates ? { updates } : {}),
    });
    const onOrders = (orders: OrderView[]): void => {
      this.notifier.keepOnly(new Set(orders.filter((view) => !view.handled).map((view) => view.id)));
      this.send(EVENTS.ordersChanged, orders);
      updates?.shopChanged();
    };
    const onStatus = (status: StatusView): void => this.onStatus(status);
    const onAlert = (action: AlertAction): void => this.alert(action);
    const onNotice = (notice: Notice): void => this.notifier.show(notice);
    const onKitchen = (view: KitchenView): void => this.send(EVENTS.kitchen, view);
    station.on('orders', onOrders);
    station.on('kitchen', onKitchen);
    if (updates) this.followUpdates(updates);
    station.on('status', onStatus);
    station.on('alert', onAlert);
    station.on('notice', onNotice);
    // The station outlives the shell while it closes: nothing it says then may reach the window, tray or alarm.
    this.disposers.push(() => {
      station.off('orders', onOrders);
      station.off('status', onStatus);
      station.off('alert', onAlert);
      station.off('notice', onNotice);
      station.off('kitchen', onKitchen);
    });
    // Electron's main process has no network-change event: the page's 'online' comes over IPC
    // (docs/tutorial/online-offline-events.md); sleep and unlock come from powerMonitor.
    this.disposers.push(unregisterIpc, reconnectOnWake(() => redial.request()), () => redial.dispose(), () => this.page.dispose(), () => this.alarm.dispose(), () => this.keepAwake.release(), () => this.badge.dispose());
    window.on('show', () => {
      this.badge.windowShown();
      station.windowReopened();
    });
    window.on('hide', () => this.badge.windowHidden());
    if (window.isVisible()) this.badge.windowShown();
    window.on('focus', () => window.flashFrame(false));
    this.applyLocalSettings(this.settings);
    this.onStatus(station.status());
  }

  private followUpdates(updates: UpdateControls): void {
    const changed = (view: UpdateView): void => {
      this.tray.setUpdateReady(view.state.kind === 'ready' && view.state.wait !== null ? view.state.version : null);
      this.tray.update(this.options.station.status(), this.page.state === 'down', this.notifier.refusedBySystem);
      this.send(EVENTS.updateStatus, view);
    };
    updates.on('change', changed);
    this.disposers.push(() => updates.off('change', changed));
    changed(updates.view());
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
    this.options.updates?.settingsChanged();
    this.onStatus(this.options.station.status());
    this.options.settingsApplied?.(settings);
  }

  private applyLocalSettings(settings: Settings): void {
    setLanguage(resolveLanguage(settings.language, [app.getLocale()]));
    const startAtLogin = settings.startAtLogin && app.isPackaged;
    try {
      applyStartAtLogin(startAtLogin, this.options.platform);
    } catch {
      /* an unwritable autostart folder must not stop the app */
    }
    const loginItem = loginItemProblem(startAtLogin, this.options.platform);
    this.setNote('login-item', loginItem === 'refused' ? t('loginItemRefusedNote') : loginItem === 'needs-approval' ? t('loginItemApprovalNote') : null);
    this.keepAwake.set(settings.keepAwake);
  }

  private onStatus(status: StatusView): void {
    this.tray.update(status, this.page.state === 'down', this.notifier.refusedBySystem);
    this.badge.update(status.alert.unhandled);
    const mac = this.options.platform === 'darwin';
    this.keepAwake.alerting(mac && status.alert.unhandled > 0);
    this.keepAwake.connected(mac && (status.connection.state === 'online' || (status.sources ?? []).some((source) => source.state === 'online')));
    this.raiseAlertWindow(status.alert.unhandled > 0 && this.settings.alertWindow);
    this.notifyPrinterAlarm(status);
    this.send(EVENTS.status, status);
  }

  /** The printer alarm reaches someone away from the screen: a notification while it rings, gone once printing resumes. */
  private notifyPrinterAlarm({ alert, printer }: StatusView): void {
    if (alert.printer === this.printerAlarm) return;
    this.printerAlarm = alert.printer;
    if (!alert.printer) return this.notifier.problemSolved('printer');
    const body = [t('printerBanner', { n: printer?.queued ?? 0 }), printer?.reason ?? '', printer?.lastError ? t('lastError', { error: printer.lastError }) : ''];
    this.notifier.problem('printer', t('printerAlarmTitle'), body.filter(Boolean).join(' '));
  }

  /**
   * The page plays alerts once it is ready; until then they are held, and while it is down the
   * alarm window plays each ring. (shell.beep() is no alarm: on Linux it is silent on most desktops.)
   */
  private alert(action: AlertAction): void {
    if (this.page.state === 'ready') return this.send(EVENTS.alert, action);
    this.held.hold(action);
    if (this.page.state === 'down') this.alarm.play(action, this.settings);
  }

  private onPageState(state: PageState, reason: string): void {
    if (state === 'down') this.notifier.problem('page-down', t('pageDownTitle'), t('pageDownBody', { reason }));
    if (state === 'ready') {
      this.notifier.problemSolved('page-down');
      for (const action of this.held.release()) this.send(EVENTS.alert, action);
    }
    this.onStatus(this.options.station.status());
  }

  /** A failed test order from the tray is shown, not thrown away. */
  private async sendTestOrderFromTray(log: (line: string) => void): Promise<void> {
    const result = await this.options.station.sendTestOrder().then(testOrderResult, (error: Error) => testOrderResult({ kind: 'refused', error: error.message }));
    if (result.ok) return this.notifier.problemSolved('test-order');
    log(result.message);
    this.notifier.problem('test-order', t('trayTest'), result.message);
  }

  /** The optional alarm that cannot be missed: the window on top of everything until handled. */
  private raiseAlertWindow(raise: boolean): void {
    if (raise === this.alertWindowRaised) return;
    this.alertWindowRaised = raise;
    const { window } = this.options;
    window.setAlwaysOnTop(raise, 'screen-saver');
    if (raise) this.showWindow();
  }

  private setNote(key: 'notifications' | 'login-item', text: string | null): void {
    if ((this.notes.get(key) ?? null) === text) return;
    if (text === null) this.notes.delete(key);
    else this.notes.set(key, text);
    this.send(EVENTS.shellNotes, [...this.notes.values()]);
  }

  /** Nothing is sent to a page that is gone: Electron would only log a failed send each time. */
  private send(channel: string, value: unknown): void {
    const { window } = this.options;
    if (!window.isDestroyed() && this.page.state !== 'down') window.webContents.send(channel, value);
  }
}
