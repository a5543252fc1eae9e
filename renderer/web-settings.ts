/** The web view's settings: this browser's own, kept in its storage; the source is always the hub that served the page. */
import type { Settings } from '../preload/api';
import { DEFAULT_SETTINGS, validateSettings, withDefaults } from '../main/core/settings/settings';
import { deviceName as keptName } from '../main/core/orders/device-name';

const SETTINGS_KEY = 'orderbell.settings';

/** Checks settings as typed; the web view cannot change where orders come from. */
export function checkWebSettings(settings: unknown): ReturnType<typeof validateSettings> {
  return validateSettings(typeof settings === 'object' && settings !== null ? { ...settings, source: DEFAULT_SETTINGS.source } : settings);
}

export function loadWebSettings(storage: Storage): Settings {
  try {
    const result = validateSettings(withDefaults(JSON.parse(storage.getItem(SETTINGS_KEY) ?? '{}')));
    if (result.ok) return result.value;
  } catch {
    /* unreadable settings: the defaults */
  }
  return DEFAULT_SETTINGS;
}

export function saveWebSettings(storage: Storage, settings: Settings): void {
  storage.setItem(SETTINGS_KEY, JSON.stringify(settings));
}

/** Who handles orders here, as other devices show it (and kept as the hub keeps it): the name staff gave, else this browser's default. */
export function deviceName(settings: Settings, defaultName: string): string {
  return keptName(settings.deviceName) || defaultName;
}
