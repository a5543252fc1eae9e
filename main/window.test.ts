import { describe, expect, it } from 'vitest';
import { BrowserWindow, app, calls, session } from '../test/electron-mock';
import { createMainWindow, isAllowedExternal, lockDownPermissions } from './window';

app.becomeReady();

describe('the main window', () => {
  it('is isolated, sandboxed, without Node, and keeps running while hidden', () => {
    createMainWindow({ show: false });
    const window = BrowserWindow.instances.at(-1)!;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      backgroundThrottling: false,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]preload\.cjs$/);
    expect(window.loaded).toMatch(/renderer[\\/]index\.html$/);
  });

  it('never navigates and never opens windows; http(s) links go to the browser', () => {
    createMainWindow({ show: true });
    const window = BrowserWindow.instances.at(-1)!;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      window.webContents.emit(event, { preventDefault: () => (prevented = true) });
      expect(prevented, event).toBe(true);
    }
    calls.openExternal.length = 0;
    const handler = window.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://shop.example/order/1' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(calls.openExternal).toEqual(['https://shop.example/order/1']);
  });

  it('allow-lists only http(s) for external links', () => {
    expect(isAllowedExternal('http://x')).toBe(true);
    expect(isAllowedExternal('smb://x/share')).toBe(false);
    expect(isAllowedExternal('not a url')).toBe(false);
  });

  it('grants notifications and refuses every other permission', () => {
    lockDownPermissions();
    const answers: [string, boolean][] = [];
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      session.defaultSession.permissionHandler!({}, permission, (granted) => answers.push([permission, granted]));
    }
    expect(answers).toEqual([['notifications', true], ['media', false], ['geolocation', false], ['clipboard-read', false], ['openExternal', false]]);
  });
});
