/**
 * The order screen's window, locked down: context isolation, sandbox, no Node, no
 * navigation, no new windows. It stays alive while hidden so sound and voice play from the tray.
 */
import { BrowserWindow, session, shell } from 'electron';
import { PRELOAD, RENDERER_INDEX } from './paths';

/** Links in orders may be opened in the browser, but only plain web pages. */
export function isAllowedExternal(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Only notifications may be granted; camera, microphone, geolocation and the rest are refused. */
export function lockDownPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_webContents, permission, callback) => callback(permission === 'notifications'));
}

/** Context isolation, sandbox, no Node: what every OrderBell page runs with. */
export function lockedDownPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Middle-click must not open links in new windows.
    disableBlinkFeatures: 'Auxclick',
    // Sound and voice must play while the window is hidden in the tray.
    backgroundThrottling: false,
  };
}

/** No page of ours navigates away, is redirected or embeds a webview. */
export function refuseNavigation(window: BrowserWindow): void {
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('will-redirect', (event) => event.preventDefault());
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(options: { show: boolean; icon?: string }): BrowserWindow {
  // electronegativity PRELOAD_JS_CHECK: reviewed. The preload is sandboxed and exposes only
  // the typed OrderBellApi through contextBridge (preload/preload.ts); every IPC handler
  // checks the sender and validates its payload (main/ipc.ts).
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 800,
    minHeight: 560,
    show: options.show,
    title: 'OrderBell',
    ...(options.icon ? { icon: options.icon } : {}),
    autoHideMenuBar: true,
    webPreferences: lockedDownPreferences(PRELOAD),
  });
  refuseNavigation(window);
  window.webContents.setWindowOpenHandler(({ url }) => {
    // electronegativity OPEN_EXTERNAL_JS_CHECK: reviewed. Only http(s) URLs are handed to
    // the browser; file:, smb:, javascript: and custom schemes are refused.
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadFile(RENDERER_INDEX);
  return window;
}
