/** The tray icon: its picture per state, its tooltip, and its menu. */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { MutePeriod, StatusView } from '../preload/api';

export type TrayState = 'online' | 'offline' | 'unhandled';

export interface TrayActions {
  open(): void;
  mute(period: MutePeriod): void;
  sendTestOrder(): void;
  quit(): void;
}

export function trayState(status: StatusView): TrayState {
  if (status.alert.unhandled > 0) return 'unhandled';
  return status.connection.state === 'online' ? 'online' : 'offline';
}

export function tooltip(status: StatusView): string {
  const connection = status.connection.state === 'online' ? 'online' : status.connection.lastError ? `offline: ${status.connection.lastError}` : 'offline';
  const orders = status.alert.unhandled === 1 ? '1 unhandled order' : `${status.alert.unhandled} unhandled orders`;
  return `OrderBell — ${orders}, ${connection}`;
}

export function trayMenu(status: StatusView, actions: TrayActions): MenuItemConstructorOptions[] {
  const muted = status.alert.mute.kind !== 'none';
  return [
    { label: 'Open OrderBell', click: actions.open },
    { type: 'separator' },
    muted
      ? { label: 'Unmute', click: () => actions.mute('off') }
      : { label: 'Mute for 15 minutes', click: () => actions.mute('15m') },
    { label: 'Mute for 1 hour', click: () => actions.mute('1h'), enabled: !muted },
    { label: 'Pause alerts until reopened', click: () => actions.mute('until-reopened'), enabled: !muted },
    { type: 'separator' },
    { label: 'Send test order', click: actions.sendTestOrder },
    { type: 'separator' },
    { label: 'Quit OrderBell', click: actions.quit },
  ];
}

export class TrayController {
  private readonly tray: Tray;
  private lastState: TrayState | undefined;

  constructor(
    private readonly iconFor: (state: TrayState) => string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(iconFor('offline')));
    this.tray.on('click', actions.open);
  }

  /** Rebuilds icon, tooltip and menu (Linux shows a menu only as it was last set). */
  update(status: StatusView): void {
    const state = trayState(status);
    if (state !== this.lastState) {
      this.tray.setImage(nativeImage.createFromPath(this.iconFor(state)));
      this.lastState = state;
    }
    this.tray.setToolTip(tooltip(status));
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenu(status, this.actions)));
  }
}
