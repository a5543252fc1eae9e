import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from './core/settings/settings';
import { INVOKE } from './core/ui/ipc-channels';
import { freePort } from '../test/cli';
import { tempDir, waitFor } from '../test/helpers';

type Fake = typeof import('../test/electron-mock');

/**
 * main.ts started afresh as on `platform` (process.platform and the fake), with these settings
 * in a new profile; `body` runs once its window exists, then the app quits.
 */
async function runMainAs(platform: NodeJS.Platform, settings: Record<string, unknown>, body: (fake: Fake, userData: string) => Promise<void>, before: (fake: Fake) => void = () => {}): Promise<void> {
  const userData = await tempDir();
  await writeFile(join(userData, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, startAtLogin: false, ...settings }));
  process.env.ORDERBELL_USER_DATA = userData;
  const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { value: platform });
  try {
    vi.resetModules();
    const fake = await import('../test/electron-mock');
    fake.system.platform = platform;
    before(fake);
    await import('./main');
    await waitFor(() => fake.BrowserWindow.instances.length === 1, 5000, 'the window');
    await body(fake, userData);
    fake.app.quit();
  } finally {
    Object.defineProperty(process, 'platform', original);
    delete process.env.ORDERBELL_USER_DATA;
  }
}

describe('app lifecycle (main.ts)', () => {
  it('starts with a tray and a window that hides on close, shows on a second launch, and quits only from the menu', async () => {
    const userData = await tempDir();
    const port = await freePort();
    await writeFile(join(userData, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: 'main-token-0123456789', lan: false }, startAtLogin: false }));
    process.env.ORDERBELL_USER_DATA = userData;
    vi.resetModules();
    // A fresh module registry: the fake electron that main.ts sees is the one imported here.
    const { BrowserWindow, Tray, app, calls, ipcMain } = await import('../test/electron-mock');
    await import('./main');
    await waitFor(() => BrowserWindow.instances.length === 1, 5000, 'the window');
    const window = BrowserWindow.instances[0]!;
    expect(app.getPath('userData')).toBe(userData);
    expect(calls.switches).toContainEqual(['enable-speech-dispatcher', undefined]); // voice on Linux
    expect(Tray.instances).toHaveLength(1);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    window.show();
    expect(window.userClose().prevented).toBe(true);
    expect(window.visible).toBe(false);
    app.emit('second-instance');
    expect(window.visible).toBe(true);

    app.emit('before-quit');
    expect(window.userClose().prevented).toBe(false);
    let prevented = false;
    app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(ipcMain.handlers.size).toBe(0); // no renderer call reaches the journal while it closes
    await waitFor(() => calls.exit.includes(0), 5000, 'a clean exit after the journal closed');
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    delete process.env.ORDERBELL_USER_DATA;
  });

  it('quits cleanly when the Windows session ends', async () => {
    const userData = await tempDir();
    await writeFile(join(userData, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: 'main-token-0123456789', lan: false } }));
    process.env.ORDERBELL_USER_DATA = userData;
    vi.resetModules();
    const { BrowserWindow, calls, system } = await import('../test/electron-mock');
    system.platform = 'win32';
    await import('./main');
    await waitFor(() => BrowserWindow.instances.length === 1, 5000, 'the window');
    // Windows ends the process right after `session-end`: the shutdown is held before it instead.
    expect(BrowserWindow.instances[0]!.endSession(['logoff'])).toBe('held');
    await waitFor(() => calls.exit.includes(0), 5000, 'a clean exit after the journal closed');
    expect(calls.killedBy).toBeUndefined();
    delete process.env.ORDERBELL_USER_DATA;
  });

  it('starts hidden in the menu bar when macOS opened it at login', async () => {
    await runMainAs('darwin', { source: { kind: 'hub', port: await freePort(), token: 'main-token-0123456789', lan: false } }, async ({ BrowserWindow, Tray, app, dialog }) => {
      expect(BrowserWindow.instances[0]!.isVisible()).toBe(false);
      expect(app.dock!.visible).toBe(false);
      // Start-up got past the updater (MacUpdater takes Electron's autoUpdater) and the shell.
      await waitFor(() => Tray.instances.length > 0, 5000, 'the tray');
      expect(dialog.errors).toEqual([]);
    }, (fake) => (fake.app.loginItemSettings.wasOpenedAtLogin = true));
  });

  it('Windows: runs the Station and tray while the firewall explanation waits for a person; "Only this PC" then moves the hub to loopback', async () => {
    const port = await freePort();
    await runMainAs('win32', { source: { kind: 'hub', port, token: 'main-token-0123456789', lan: true } }, async ({ BrowserWindow, Tray, dialog, ipcMain }, userData) => {
      await waitFor(() => Tray.instances.length > 0, 5000, 'the tray, with the explanation still open');
      expect(dialog.open).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      dialog.press(1);
      await waitFor(() => JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')).source.lan === false, 5000, 'LAN off saved');
      const lanAddresses = async () => ((await ipcMain.invoke(INVOKE.getStatus, BrowserWindow.instances[0]!.webContents)) as { source: { lanAddresses: string[] } }).source.lanAddresses;
      for (const deadline = Date.now() + 5000; (await lanAddresses()).length > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await lanAddresses()).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    });
  });

  it('Windows: switching LAN on in Settings explains the firewall prompt', async () => {
    const source = { kind: 'hub', port: await freePort(), token: 'main-token-0123456789', lan: false };
    await runMainAs('win32', { source }, async ({ BrowserWindow, Tray, dialog, ipcMain }) => {
      await waitFor(() => Tray.instances.length > 0, 5000, 'the tray');
      expect(dialog.messages).toEqual([]);
      const saved = await ipcMain.invoke(INVOKE.saveSettings, BrowserWindow.instances[0]!.webContents, { ...DEFAULT_SETTINGS, source: { ...source, lan: true }, startAtLogin: false });
      expect(saved).toEqual({ ok: true });
      await waitFor(() => dialog.open.length === 1, 5000, 'the explanation');
      dialog.press(0);
    });
  });

  it('a second instance hands over and quits at once', async () => {
    vi.resetModules();
    const { BrowserWindow, app, calls } = await import('../test/electron-mock');
    app.singleInstance = false;
    await import('./main');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.quit).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
  });
});
