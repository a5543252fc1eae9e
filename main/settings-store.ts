/**
 * Settings on disk, owned by the main process (electron-store, checked by a JSON Schema).
 * A corrupt or invalid file is reported, kept aside as a backup, and replaced by the
 * defaults; the order journal lives elsewhere and is never touched.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Store, { type Schema } from 'electron-store';
import { SETTINGS_JSON_SCHEMA } from './core/settings/json-schema';
import { DEFAULT_SETTINGS, validateSettings, withDefaults, type Settings, type SettingsResult } from './core/settings/settings';

export interface SettingsProblem {
  /** Why the file could not be used, in words. */
  reason: string;
  /** Where the unusable file was moved. */
  backup: string;
}

const NAME = 'settings';

/** Checks the settings file before electron-store opens it; moves an unusable one aside. */
export function quarantineUnusableSettings(directory: string, now = new Date()): SettingsProblem | undefined {
  const file = join(directory, `${NAME}.json`);
  if (!existsSync(file)) return undefined;
  let reason: string | undefined;
  try {
    const result = validateSettings(withDefaults(JSON.parse(readFileSync(file, 'utf8'))));
    if (!result.ok) reason = `invalid settings: ${result.errors.map((e) => `${e.field || 'file'} (${e.code})`).join(', ')}`;
  } catch (error) {
    reason = `unreadable settings: ${(error as Error).message}`;
  }
  if (!reason) return undefined;
  const backup = join(directory, `${NAME}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  renameSync(file, backup);
  return { reason, backup };
}

export class SettingsStore {
  readonly problem: SettingsProblem | undefined;
  private readonly store: Store<Settings>;

  constructor(directory: string) {
    this.problem = quarantineUnusableSettings(directory);
    this.store = new Store<Settings>({
      name: NAME,
      cwd: directory,
      defaults: DEFAULT_SETTINGS,
      schema: SETTINGS_JSON_SCHEMA as unknown as Schema<Settings>,
      clearInvalidConfig: true,
    });
  }

  get(): Settings {
    const result = validateSettings(withDefaults(this.store.store));
    return result.ok ? result.value : DEFAULT_SETTINGS;
  }

  /** Validates untrusted settings (from the renderer) and stores them if they are valid. */
  save(input: unknown): SettingsResult {
    const result = validateSettings(input);
    if (result.ok) this.store.store = result.value;
    return result;
  }
}
