import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from './core/settings/settings';
import { freePort } from '../test/cli';
import { tempDir, waitFor } from '../test/helpers';

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
    const userData = await tempDir();
    await writeFile(join(userData, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: 'main-token-0123456789', lan: false } }));
    process.env.ORDERBELL_USER_DATA = userData;
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      vi.resetModules();
      const { BrowserWindow, Tray, app, dialog, system } = await import('../test/electron-mock');
      system.platform = 'darwin';
      app.loginItemSettings.wasOpenedAtLogin = true;
      await import('./main');
      await waitFor(() => BrowserWindow.instances.length === 1, 5000, 'the window');
      expect(BrowserWindow.instances[0]!.isVisible()).toBe(false);
      expect(app.dock!.visible).toBe(false);
      // Start-up got past the updater (MacUpdater takes Electron's autoUpdater) and the shell.
      await waitFor(() => Tray.instances.length > 0, 5000, 'the tray');
      expect(dialog.errors).toEqual([]);
      app.quit();
    } finally {
      Object.defineProperty(process, 'platform', platform);
      delete process.env.ORDERBELL_USER_DATA;
    }
  });

  it('Windows: runs the Station and tray while the firewall explanation waits for a person; "Only this PC" then moves the hub to loopback', async () => {
    const userData = await tempDir();
    const port = await freePort();
    await writeFile(join(userData, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: 'main-token-0123456789', lan: true }, startAtLogin: false }));
    process.env.ORDERBELL_USER_DATA = userData;
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      vi.resetModules();
      const { BrowserWindow, Tray, app, dialog, ipcMain } = await import('../test/electron-mock');
      const { INVOKE } = await import('./core/ui/ipc-channels');
      await import('./main');
      await waitFor(() => Tray.instances.length > 0, 5000, 'the tray, with the explanation still open');
      expect(dialog.open).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      dialog.press(1);
      await waitFor(() => JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')).source.lan === false, 5000, 'LAN off saved');
      const lanAddresses = async () => ((await ipcMain.invoke(INVOKE.getStatus, BrowserWindow.instances[0]!.webContents)) as { source: { lanAddresses: string[] } }).source.lanAddresses;
      for (const deadline = Date.now() + 5000; (await lanAddresses()).length > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await lanAddresses()).toEqual([]);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      app.quit();
    } finally {
      Object.defineProperty(process, 'platform', platform);
      delete process.env.ORDERBELL_USER_DATA;
    }
  });

  it('Windows: switching LAN on in Settings explains the firewall prompt', async () => {
    const userData = await tempDir();
    const port = await freePort();
    const settings = { ...DEFAULT_SETTINGS, source: { kind: 'hub', port, token: 'main-token-0123456789', lan: false }, startAtLogin: false };
    await writeFile(join(userData, 'settings.json'), JSON.stringify(settings));
    process.env.ORDERBELL_USER_DATA = userData;
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      vi.resetModules();
      const { BrowserWindow, Tray, app, dialog, ipcMain } = await import('../test/electron-mock');
      await import('./main');
      await waitFor(() => Tray.instances.length > 0, 5000, 'the tray');
      expect(dialog.messages).toEqual([]);
      const { INVOKE } = await import('./core/ui/ipc-channels');
      const saved = await ipcMain.invoke(INVOKE.saveSettings, BrowserWindow.instances[0]!.webContents, { ...settings, source: { ...settings.source, lan: true } });
      expect(saved).toEqual({ ok: true });
      await waitFor(() => dialog.open.length === 1, 5000, 'the explanation');
      dialog.press(0);
      app.quit();
    } finally {
      Object.defineProperty(process, 'platform', platform);
      delete process.env.ORDERBELL_USER_DATA;
    }
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
