import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// electron-builder's own loader and schema check, as `electron-builder` runs them.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';

const root = join(import.meta.dirname, '..');

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s configuration schema', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('has the fuses, targets and resources the shop PC relies on', async () => {
    const config = (await getConfig(root, null, null)) as Record<string, any>;
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true, resetAdHocDarwinSignature: true });
    // Per-user only: an assisted installer (oneClick false) always offers per-machine too.
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, createStartMenuShortcut: true });
    expect(config.nsis.allowToChangeInstallationDirectory).toBeUndefined();
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.linux.target).toEqual(['deb', 'AppImage']);
    expect(config.deb.recommends).toEqual(['speech-dispatcher']);
    // Signing identities come from the environment (CSC_LINK, APPLE_*), never from the file.
    expect(config.mac.identity).toBeUndefined();
    expect(config.win.certificateFile).toBeUndefined();
    for (const file of [config.win.icon, config.mac.icon, config.linux.icon]) expect(existsSync(join(root, file)), file).toBe(true);
    expect(config.extraResources.map((r: { from: string }) => r.from)).toEqual(['assets/sounds', 'assets/icons']);
  });

  it('rejects a configuration with a mistake, naming it', async () => {
    await expect(validateConfiguration({ nsis: { perMachine: 'sometimes' } } as never, new DebugLogger(false))).rejects.toThrow(/perMachine/);
  });
});
