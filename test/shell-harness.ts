/**
 * The desktop shell as its tests drive it: a real Station with its own hub on 127.0.0.1 (journal
 * in a temp folder) and settings kept in memory as the settings store keeps them, then a Shell
 * over it with the Electron fake's window, whose page runs the real preload (it answers the
 * watchdog's pings until the test hangs or crashes the page). `post` sends an order the way a
 * shop system does.
 */
import { vi } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../main/core/settings/settings';
import { Station, type StationOptions } from '../main/core/station';
import { Shell, type ShellOptions } from '../main/shell';
import { freePort } from './cli';
import { BrowserWindow, Tray, app, ipcRenderer, system } from './electron-mock';
import { defer, tempDir, waitFor } from './helpers';

export interface StationOnHub {
  station: Station;
  port: number;
  /** What the Shell reads and saves settings through: saving validates, as SettingsStore does. */
  store: ShellOptions['settings'];
  post(order: Record<string, unknown>): Promise<Response>;
}

/** A started Station whose source is its own hub; `overrides` adds to the default settings, `options` to the station's (a clock). */
export async function startStation(token: string, overrides: Partial<Settings> = {}, options: Pick<StationOptions, 'now'> = {}): Promise<StationOnHub> {
  app.becomeReady();
  const port = await freePort();
  let settings: Settings = { ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token, lan: false }, ...overrides };
  const station = new Station({ dataDir: await tempDir(), settings, device: 'till', ...options });
  await station.start();
  defer(() => station.stop());
  const store = {
    get: () => settings,
    save: (input: unknown) => {
      const result = validateSettings(input);
      if (result.ok) settings = result.value;
      return result;
    },
  };
  const post = (order: Record<string, unknown>) =>
    fetch(`http://127.0.0.1:${port}/api/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(order),
    });
  return { station, port, store, post };
}

export interface ShellOnHub {
  shell: Shell;
  window: BrowserWindow;
  tray: Tray;
  quit: ReturnType<typeof vi.fn>;
}

/**
 * A Shell over the station, on `platform`, its window made with `windowOptions`; `options` adds
 * log, page timings, updates. Resolves once the station is online.
 */
export async function startShell(hub: StationOnHub, platform: NodeJS.Platform, windowOptions: Record<string, unknown> = {}, options: Partial<ShellOptions> = {}): Promise<ShellOnHub> {
  system.platform = platform;
  defer(() => (system.platform = process.platform));
  const window = new BrowserWindow(windowOptions);
  await import('../preload/preload');
  ipcRenderer.attach(window.webContents);
  defer(() => ipcRenderer.attach(undefined));
  const quit = vi.fn();
  const shell = new Shell({
    station: hub.station,
    window: window as unknown as import('electron').BrowserWindow,
    settings: hub.store,
    platform,
    icons: { tray: (state) => `tray-${state}.png`, overlay: (label) => `badge-${label}.png` },
    quit,
    ...options,
  });
  defer(() => shell.dispose());
  await waitFor(() => hub.station.status().connection.state === 'online');
  return { shell, window, tray: Tray.instances.at(-1)!, quit };
}
