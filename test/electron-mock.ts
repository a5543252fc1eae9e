/**
 * The one shared stand-in for the `electron` module in shell tests (vitest aliases
 * `electron` here) and in the start-up smoke test (built, and resolved for `electron` by a
 * module hook). Electron's binary cannot run on this machine; these fakes record what the
 * shell asked of the OS — tray, notifications, badges, windows, HTTP requests — so tests can assert it, and
 * they fail where Electron fails: APIs that need `ready` throw before it, a missing file
 * loads as an error or an empty image, a destroyed page throws on send. And they do what
 * Electron does on a real PC, each citing its source beside it: a hidden page hangs without
 * `unresponsive`; `quitAndInstall` closes every window before it quits; `relaunch` from an
 * AppImage is lost; Windows ends the process right after `session-end`; a message box waits
 * for a person; `beep` is silent on Linux; notifications and the login item fail on unsigned
 * macOS; `dock` exists only on macOS and ignores a hide within 1 s of a show;
 * `handleActivation` exists only on Windows; `print` succeeds for a paused printer; `focus()`
 * blurs the window before. `system` (calls.ts) sets the platform and signature they act for.
 * Each part lives in test/electron-mock/; this file is the module's one entry point.
 */
import { app } from './electron-mock/app';
import { autoUpdater } from './electron-mock/auto-updater';
import { Notification } from './electron-mock/notification';
import { net } from './electron-mock/net';
import { contextBridge, ipcRenderer } from './electron-mock/renderer';
import { session } from './electron-mock/session';
import { dialog, ipcMain, powerMonitor, powerSaveBlocker, shell } from './electron-mock/system';
import { Menu, Tray, nativeImage } from './electron-mock/tray';
import { BrowserWindow } from './electron-mock/windows';

export { calls, system } from './electron-mock/calls';
export { app } from './electron-mock/app';
export { autoUpdater } from './electron-mock/auto-updater';
export { BrowserWindow, FakeWebContents } from './electron-mock/windows';
export { Menu, Tray, nativeImage, type FakeImage, type MenuItem } from './electron-mock/tray';
export { Notification } from './electron-mock/notification';
export { FakeIpcMain, dialog, ipcMain, powerMonitor, powerSaveBlocker, shell } from './electron-mock/system';
export { session } from './electron-mock/session';
export { FakeClientRequest, FakeIncomingMessage, net } from './electron-mock/net';
export { contextBridge, ipcRenderer } from './electron-mock/renderer';

export default { app, autoUpdater, dialog, BrowserWindow, Tray, Menu, Notification, nativeImage, ipcMain, powerMonitor, powerSaveBlocker, shell, session, net, contextBridge, ipcRenderer };
