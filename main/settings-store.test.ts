import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './core/settings/settings';
import { SettingsStore } from './settings-store';
import { tempDir } from '../test/helpers';

describe('SettingsStore (electron-store)', () => {
  it('starts from the defaults and keeps what is saved', async () => {
    const dir = await tempDir();
    const store = new SettingsStore(dir);
    expect(store.problem).toBeUndefined();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.save({ ...DEFAULT_SETTINGS, volume: 35 }).ok).toBe(true);
    expect(new SettingsStore(dir).get().volume).toBe(35);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).volume).toBe(35);
  });

  it('opens a file from an older version, without the settings added since, as it was plus the new defaults', async () => {
    const dir = await tempDir();
    const { deviceName: _added, ...older } = { ...DEFAULT_SETTINGS, volume: 20 };
    await writeFile(join(dir, 'settings.json'), JSON.stringify(older));
    const store = new SettingsStore(dir);
    expect(store.problem).toBeUndefined();
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, volume: 20 });
  });

  it('refuses invalid settings and keeps the old ones', async () => {
    const store = new SettingsStore(await tempDir());
    const result = store.save({ ...DEFAULT_SETTINGS, volume: 900 });
    expect(result).toEqual({ ok: false, errors: [{ field: 'volume', code: 'range', params: { min: 0, max: 100 } }] });
    expect(store.get().volume).toBe(DEFAULT_SETTINGS.volume);
  });

  it.each([
    ['not JSON', '{"volume": 3', /^unreadable settings: /],
    ['invalid values', JSON.stringify({ ...DEFAULT_SETTINGS, volume: 'loud', sound: 'siren' }), /^invalid settings: sound \(choice\), volume \(type\)$/],
    [
      'a station printer for a station that is not listed',
      JSON.stringify({ ...DEFAULT_SETTINGS, stationPrinters: [{ station: 'bar', address: 'tcp://10.0.0.9', backup: '', backupAfterS: 30 }] }),
      /^invalid settings: stationPrinters\[0\]\.station \(choice\)$/,
    ],
  ])('reports a %s file, keeps it as a backup, uses the defaults, and leaves the journal alone', async (_name, content, reason) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), content);
    await writeFile(join(dir, 'journal.log'), 'orders stay untouched\n');
    const store = new SettingsStore(dir);
    expect(store.problem?.reason).toMatch(reason);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readFile(store.problem!.backup, 'utf8')).toBe(content);
    expect((await readdir(dir)).filter((f) => f.startsWith('settings.corrupt-'))).toHaveLength(1);
    expect(await readFile(join(dir, 'journal.log'), 'utf8')).toBe('orders stay untouched\n');
  });
});
