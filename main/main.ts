/**
 * OrderBell's Electron entry: one instance, a window that hides to the tray, and the
 * Station doing the work. Close hides; Quit comes only from the tray or the app menu.
 */
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { HIDDEN_FLAG } from './autostart';
import { Lifecycle } from './lifecycle';
import { macSignedByDeveloper } from './mac-signature';
import { Station } from './core/station';
import { explainFirewallOnce } from './firewall';
import { systemPrinter } from './print-window';
import { assetPath } from './paths';
import { SettingsStore } from './settings-store';
import { Shell, type ShellOptions } from './shell';
import type { TrayState } from './tray';
import { consumeUpdateRestartNote, shopActivity, Updater } from './updater';
import { createMainWindow, lockDownPermissions } from './window';

let window: BrowserWindow | undefined;

/** The printer alarm has the offline picture (its red dot: something needs fixing); the tooltip says what. */
const TRAY_PICTURES: Record<TrayState, 'online' | 'offline' | 'unhandled'> = { online: 'online', offline: 'offline', 'printer-alarm': 'offline', unhandled: 'unhandled' };
const MAC_TRAY_TEMPLATES = { online: 'trayTemplate', offline: 'trayOfflineTemplate', unhandled: 'trayUnhandledTemplate' } as const;

function trayIcon(state: TrayState): string {
  const picture = TRAY_PICTURES[state];
  if (process.platform === 'darwin') return assetPath('icons', `${MAC_TRAY_TEMPLATES[picture]}.png`);
  return assetPath('icons', `tray-${picture}.png`);
}

/** At login OrderBell starts in the tray: --hidden (Windows, Linux) or the login item (macOS). */
function startHidden(): boolean {
  return process.argv.includes(HIDDEN_FLAG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
}

/**
 * ORDERBELL_DEV_WATCHDOG_MS=n: the watchdog pings every n ms, allows n ms for the answer and n ms
 * more before it ends the renderer (the start-up smoke test must not wait 20 s for a hang).
 */
function pageTimings(env: NodeJS.ProcessEnv): ShellOptions['page'] {
  const ms = env.ORDERBELL_DEV_WATCHDOG_MS;
  if (!ms || !/^\d{2,6}$/.test(ms)) return undefined;
  return { pingEveryMs: Number(ms), pingDeadlineMs: Number(ms), hungGraceMs: Number(ms) };
}

/** Checks and downloads in the background; never blocks start-up, whatever the feed does. */
function startUpdater(station: Station, settings: SettingsStore, userData: string): Updater {
  const updater = new Updater({ platform: process.platform, env: process.env, ...(process.platform === 'darwin' ? { macSigned: macSignedByDeveloper() } : {}), settings: () => settings.get(), shop: () => shopActivity(station.listOrders()), log: (line) => console.log(line), userData });
  updater.start();
  return updater;
}

async function start(): Promise<void> {
  lockDownPermissions();
  const settings = new SettingsStore(app.getPath('userData'));
  if (settings.problem) console.error(`settings: ${settings.problem.reason}; the file was kept as ${settings.problem.backup} and the defaults are used`);
  const station = new Station({ dataDir: join(app.getPath('userData'), 'data'), settings: settings.get(), systemPrinter });
  station.on('log', (line) => console.log(line));
  await station.start();

  // After a restart to update, straight back to the tray, as after a login.
  const restartedToUpdate = consumeUpdateRestartNote(app.getPath('userData'));
  window = createMainWindow({ show: !(startHidden() || restartedToUpdate), icon: assetPath('icons', 'icon.png') });
  const updater = startUpdater(station, settings, app.getPath('userData'));
  // Windows asks whether the LAN hub may listen: said why beside it, never in the way of start-up.
  const explainFirewall = (): void => {
    void explainFirewallOnce(settings, app.getPath('userData'), process.platform).then(async (lanOff) => {
      if (lanOff) await shell.applySettings(settings.get());
    });
  };
  const shell = new Shell({
    station,
    window,
    settings,
    platform: process.platform,
    icons: { tray: trayIcon, overlay: (label) => assetPath('icons', 'badges', `badge-${label.replace('+', 'plus')}.png`) },
    quit: () => app.quit(),
    updates: updater,
    settingsApplied: () => explainFirewall(),
    ...(pageTimings(process.env) ? { page: pageTimings(process.env) } : {}),
  });
  explainFirewall();
  app.on('second-instance', () => shell.showWindow());
  app.on('activate', () => shell.showWindow());
  const lifecycle = new Lifecycle({ window, dispose: () => shell.dispose(), stop: () => station.stop(), stopped: () => updater.quitting() });
  updater.on('install-abandoned', () => lifecycle.quitAbandoned());
}

// A separate profile (tests, a second till on one PC): ORDERBELL_USER_DATA=/path/to/folder.
if (process.env.ORDERBELL_USER_DATA) app.setPath('userData', process.env.ORDERBELL_USER_DATA);
// Chromium on Linux speaks through speech-dispatcher only when asked to (electron/electron#4452).
if (process.platform === 'linux') app.commandLine.appendSwitch('enable-speech-dispatcher');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId('app.orderbell.desktop');
  // The tray keeps the app alive with no window open.
  app.on('window-all-closed', () => {});
  app
    .whenReady()
    .then(start)
    .catch((error: Error) => {
      // Without a journal there is no safe way to take orders: say so, rather than run deaf.
      dialog.showErrorBox('OrderBell could not start', error.message);
      app.exit(1);
    });
}
