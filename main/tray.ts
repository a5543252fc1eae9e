/** The tray icon: its picture per state, its tooltip, and its menu. */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { MutePeriod } from './core/alerts/policy';
import type { StatusView } from './core/ui/status-views';
// The UI's string tables serve the tray and notifications too: one place per language.
import { t } from './core/ui/i18n';
import { sourceMenuItems, tooltipWithSources } from './tray-sources';

export type TrayState = 'online' | 'offline' | 'printer-alarm' | 'unhandled';

export interface TrayActions {
  open(): void;
  mute(period: MutePeriod): void;
  sendTestOrder(): void;
  restartToUpdate(): void;
  quit(): void;
}

export function trayState(status: StatusView): TrayState {
  if (status.alert.unhandled > 0) return 'unhandled';
  if (status.connection.state !== 'online') return 'offline';
  return status.alert.printer ? 'printer-alarm' : 'online';
}

/**
 * `pageDown`: the order screen is gone and being reloaded, so alerts come from the tray. The
 * printer alarm is said once it rings (the printer has failed for the offline delay).
 */
export function tooltip(status: StatusView, pageDown = false, notificationsRefused = false): string {
  const { connection } = status;
  const state = connection.state === 'online' ? t('online') : connection.lastError ? `${t('offline')}: ${connection.lastError}` : t('offline');
  const parts = [
    t('trayTooltip', { n: status.alert.unhandled, connection: state }),
    status.alert.printer ? t('printerBanner', { n: status.printer?.queued ?? 0 }) : '',
    pageDown ? t('trayPageDown') : '',
    notificationsRefused ? t('trayNotificationsOff') : '',
  ];
  return tooltipWithSources(parts.filter(Boolean).join(' · '), status);
}

/** `updateReady`: the version of a downloaded update; "Restart to update" only while no order is waiting. */
export function trayMenu(status: StatusView, actions: TrayActions, updateReady: string | null = null): MenuItemConstructorOptions[] {
  const muted = status.alert.mute.kind !== 'none';
  const restart: MenuItemConstructorOptions[] =
    updateReady && status.alert.unhandled === 0 ? [{ label: t('trayRestartToUpdate', { version: updateReady }), click: actions.restartToUpdate }, { type: 'separator' }] : [];
  return [
    ...restart,
    { label: t('trayOpen'), click: actions.open },
    { type: 'separator' },
    ...sourceMenuItems(status),
    muted ? { label: t('trayUnmute'), click: () => actions.mute('off') } : { label: t('trayMute15'), click: () => actions.mute('15m') },
    { label: t('trayMute60'), click: () => actions.mute('1h'), enabled: !muted },
    { label: t('trayPause'), click: () => actions.mute('until-reopened'), enabled: !muted },
    { type: 'separator' },
    { label: t('trayTest'), click: actions.sendTestOrder },
    { type: 'separator' },
    { label: t('trayQuit'), click: actions.quit },
  ];
}

export class TrayController {
  private readonly tray: Tray;
  private lastState: TrayState | undefined;
  private lastTooltip: string | undefined;
  private lastMenu: string | undefined;
  private lastCount: string | undefined;
  private updateReady: string | null = null;

  constructor(
    private readonly iconFor: (state: TrayState) => string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(iconFor('offline')));
    this.tray.on('click', actions.open);
  }

  /** A downloaded update's version (null: none); the menu offers it at the next update(). */
  setUpdateReady(version: string | null): void {
    this.updateReady = version;
  }

  /**
   * Brings icon, tooltip and menu up to date. Status arrives every second, so each is set only
   * when it changed; the menu is then rebuilt whole (Linux shows a menu only as it was last set).
   */
  update(status: StatusView, pageDown = false, notificationsRefused = false): void {
    const state = trayState(status);
    if (state !== this.lastState) {
      this.tray.setImage(nativeImage.createFromPath(this.iconFor(state)));
      this.lastState = state;
    }
    // macOS: the count beside the menu-bar icon, where a menu-bar app's count is always seen (setTitle is macOS only).
    const count = status.alert.unhandled > 0 ? String(status.alert.unhandled) : '';
    if (count !== this.lastCount) {
      this.tray.setTitle(count);
      this.lastCount = count;
    }
    const text = tooltip(status, pageDown, notificationsRefused);
    if (text !== this.lastTooltip) {
      this.tray.setToolTip(text);
      this.lastTooltip = text;
    }
    const template = trayMenu(status, this.actions, this.updateReady);
    const menu = template.map((item) => `${item.type ?? ''}:${item.label ?? ''}:${item.enabled ?? true}`).join('|');
    if (menu !== this.lastMenu) {
      this.tray.setContextMenu(Menu.buildFromTemplate(template));
      this.lastMenu = menu;
    }
  }
}
