/**
 * The one shared stand-in for the `electron` module in shell tests (vitest aliases
 * `electron` here) and in the start-up smoke test (built, and resolved for `electron` by a
 * module hook). Electron's binary cannot run on this machine; these fakes record what the
 * shell asked of the OS — tray, notifications, badges, windows — so tests can assert it, and
 * they fail where Electron fails: APIs that need `ready` throw before it, a missing file
 * loads as an error or an empty image, a destroyed page throws on send.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';

export const calls: {
  badgeCount: number[];
  loginItems: unknown[];
  openExternal: string[];
  quit: number;
  exit: number[];
  beeps: number;
  switches: [string, string | undefined][];
  /** Paths nativeImage could not read: Electron gives an empty image, no error. */
  emptyImages: string[];
  /** Pages and preloads that were not there to load. */
  missingFiles: string[];
  /** What Electron prints when a message is sent to a page whose renderer is gone. */
  sendErrors: string[];
  /** app.relaunch options: Electron starts them once this process has exited. */
  relaunch: unknown[];
} = {
  badgeCount: [],
  loginItems: [],
  openExternal: [],
  quit: 0,
  exit: [],
  beeps: 0,
  switches: [],
  emptyImages: [],
  missingFiles: [],
  sendErrors: [],
  relaunch: [],
};

/** Electron's wording for APIs used before `ready` (see lib/browser/api/*.ts). */
function requireReady(what: string): void {
  if (!app.isReady()) throw new Error(`${what} cannot be used before the app is ready`);
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  /** The smoke test's process really ends on app.exit(); vitest's must not. */
  exitProcess = false;
  loginItemSettings = { openAtLogin: false, wasOpenedAtLogin: false };
  /** macOS only in Electron; the fake has it everywhere. */
  readonly dock = {
    visible: false,
    show(): Promise<void> {
      this.visible = true;
      return Promise.resolve();
    },
    hide(): void {
      this.visible = false;
    },
  };
  readonly commandLine = {
    appendSwitch(name: string, value?: string): void {
      calls.switches.push([name, value]);
    },
  };
  private ready = false;
  private readonly paths = new Map<string, string>();
  isReady(): boolean {
    return this.ready;
  }
  /** What Electron does once it has initialised: resolves whenReady() and emits `ready`. */
  becomeReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.emit('ready');
  }
  whenReady(): Promise<void> {
    return Promise.resolve().then(() => this.becomeReady());
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  /**
   * Electron's order: `before-quit`, then every window is asked to close (each may cancel
   * the quit), then `will-quit` (cancellable), then `quit`.
   */
  quit(): void {
    calls.quit++;
    const beforeQuit = { defaultPrevented: false, preventDefault: () => (beforeQuit.defaultPrevented = true) };
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    for (const window of BrowserWindow.instances.filter((w) => !w.isDestroyed())) window.close();
    if (BrowserWindow.instances.some((w) => !w.isDestroyed())) return;
    const willQuit = { defaultPrevented: false, preventDefault: () => (willQuit.defaultPrevented = true) };
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) this.exit(0);
  }
  /** Ends at once: no quit events, windows destroyed without `close`. */
  exit(code = 0): void {
    calls.exit.push(code);
    for (const window of BrowserWindow.instances) window.destroy();
    if (this.exitProcess) process.exit(code);
  }
  relaunch(options: unknown = {}): void {
    calls.relaunch.push(options);
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return this.loginItemSettings;
  }
  setBadgeCount(count: number): boolean {
    calls.badgeCount.push(count);
    return true;
  }
  setLoginItemSettings(settings: unknown): void {
    calls.loginItems.push(settings);
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? `/tmp/orderbell-fake-${name}`;
  }
  getLocale(): string {
    requireReady('app.getLocale()');
    return 'en-US';
  }
  getName(): string {
    return 'OrderBell';
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  setAppUserModelId(): void {}
}

export const app = new FakeApp();

export class FakeWebContents extends EventEmitter {
  sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly id = Math.floor(Math.random() * 1e9);
  reloads = 0;
  crashed = false;
  destroyed = false;
  /**
   * Electron's WebFrameMain.send catches the error of a disposed frame and only logs it
   * (lib/browser/api/web-frame-main.ts): a message to a crashed page is lost without a throw.
   * A destroyed webContents throws "Object has been destroyed".
   */
  send(channel: string, value: unknown): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    if (this.crashed) {
      calls.sendErrors.push(`Error sending from webFrameMain: Render frame was disposed before WebFrameMain could be accessed (${channel})`);
      return;
    }
    this.sent.push([channel, value]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isCrashed(): boolean {
    return this.crashed;
  }
  /** The renderer process dies, as `render-process-gone` reports it. */
  crash(reason = 'crashed', exitCode = 139): void {
    this.crashed = true;
    this.emit('render-process-gone', {}, { reason, exitCode });
  }
  /** What Electron documents for a hung page: `forcefullyCrashRenderer` ends it as killed. */
  forcefullyCrashRenderer(): void {
    this.crash('killed', 9);
  }
  reload(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    this.reloads++;
    this.crashed = false;
    queueMicrotask(() => this.emit('did-finish-load'));
  }
  getURL(): string {
    return 'file:///app/dist/renderer/index.html';
  }
  /** What webContents.getPrintersAsync lists. */
  static printers: { name: string; displayName: string; description: string; options: Record<string, string> }[] = [];
  getPrintersAsync(): Promise<typeof FakeWebContents.printers> {
    return Promise.resolve(FakeWebContents.printers);
  }
  /** webContents.print: every call's options, answered with `printAnswer` (success, failureReason). */
  printed: Record<string, unknown>[] = [];
  static printAnswer: [boolean, string] = [true, ''];
  print(options: Record<string, unknown>, callback?: (success: boolean, failureReason: string) => void): void {
    this.printed.push(options);
    const [success, reason] = FakeWebContents.printAnswer;
    setImmediate(() => callback?.(success, reason));
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  flashing: boolean[] = [];
  overlays: [string | null, string][] = [];
  alwaysOnTop = false;
  loaded: string | undefined;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    requireReady('BrowserWindow');
    this.visible = options.show !== false;
    BrowserWindow.instances.push(this);
  }
  /** Like Electron, a missing file rejects with ERR_FILE_NOT_FOUND. */
  loadFile(file: string): Promise<void> {
    this.loaded = file;
    if (!existsSync(file)) {
      calls.missingFiles.push(file);
      return Promise.reject(new Error(`ERR_FILE_NOT_FOUND (-6) loading 'file://${file}'`));
    }
    // A preload that cannot be read does not stop the page: Electron emits `preload-error`.
    const preload = (this.options.webPreferences as { preload?: string } | undefined)?.preload;
    if (preload && !existsSync(preload)) {
      calls.missingFiles.push(preload);
      this.webContents.emit('preload-error', {}, preload, new Error(`ENOENT: no such file or directory, open '${preload}'`));
    }
    queueMicrotask(() => this.webContents.emit('did-finish-load'));
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  /** `show` is emitted only when a hidden window becomes visible. */
  show(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    if (this.visible) return;
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.emit('hide');
  }
  /** Asks to close, as the close button or app.quit() do: `close` may cancel it. */
  close(): void {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  flashFrame(flag: boolean): void {
    this.flashing.push(flag);
  }
  setOverlayIcon(image: { name?: string } | null, description: string): void {
    this.overlays.push([image ? (image.name ?? 'image') : null, description]);
  }
  setAlwaysOnTop(flag: boolean): void {
    this.alwaysOnTop = flag;
  }
  /** What a user clicking the close button does. */
  userClose(): { prevented: boolean } {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
    return { prevented };
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: { template: MenuItem[] } | undefined;
  menus = 0;
  constructor(image: unknown) {
    super();
    requireReady('Tray');
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: { template: MenuItem[] }): void {
    this.menu = menu;
    this.menus++;
  }
}

export interface MenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export const Menu = {
  buildFromTemplate(template: MenuItem[]): { template: MenuItem[] } {
    return { template };
  },
};

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static supported = true;
  static activationHandler: ((details: { type: string; arguments: string }) => void) | undefined;
  static isSupported(): boolean {
    return Notification.supported;
  }
  /** Windows: clicks on toasts in Action Center, whether or not the object still exists. */
  static handleActivation(callback: (details: { type: string; arguments: string }) => void): void {
    Notification.activationHandler = callback;
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
    requireReady('Notification');
  }
  show(): void {
    Notification.shown.push(this);
  }
  close(): void {
    this.emit('close', {});
  }
  /** The toast's own timeout: on Windows `close` fires, the toast moves to Action Center. */
  timeout(): void {
    this.emit('close', {});
  }
  /** macOS refuses unsigned apps; Windows when notifications are off. */
  fail(error: string): void {
    this.emit('failed', {}, error);
  }
}

export interface FakeImage {
  name: string;
  isEmpty(): boolean;
  setTemplateImage(flag: boolean): void;
}

export const nativeImage = {
  /** A missing or unreadable file gives an empty image, as in Electron. */
  createFromPath(path: string): FakeImage {
    const empty = !existsSync(path);
    if (empty) calls.emptyImages.push(path);
    return { name: path.split(/[\\/]/).at(-1)!, isEmpty: () => empty, setTemplateImage: () => {} };
  },
};

export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler as a renderer's ipcRenderer.invoke would. */
  async invoke(channel: string, sender: FakeWebContents, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: { url: sender.getURL() } }, ...args);
  }
}

export const ipcMain = new FakeIpcMain();

/** Electron's powerMonitor cannot be used before `ready`. */
class FakePowerMonitor extends EventEmitter {
  override on(event: string, listener: (...args: unknown[]) => void): this {
    requireReady("The 'powerMonitor' module");
    return super.on(event, listener);
  }
}

export const powerMonitor = new FakePowerMonitor();

export const powerSaveBlocker = {
  active: new Set<number>(),
  next: 1,
  start(type: string): number {
    void type;
    const id = this.next++;
    this.active.add(id);
    return id;
  },
  stop(id: number): void {
    this.active.delete(id);
  },
  isStarted(id: number): boolean {
    return this.active.has(id);
  },
};

export const dialog = {
  errors: [] as [string, string][],
  messages: [] as { title?: string; message: string; buttons?: string[] }[],
  /** The button the user will press in the next message box. */
  nextResponse: 0,
  showErrorBox(title: string, content: string): void {
    this.errors.push([title, content]);
  },
  showMessageBox(options: { title?: string; message: string; buttons?: string[] }): Promise<{ response: number; checkboxChecked: boolean }> {
    requireReady('dialog.showMessageBox');
    this.messages.push(options);
    return Promise.resolve({ response: this.nextResponse, checkboxChecked: false });
  },
};

export const shell = {
  beep(): void {
    calls.beeps++;
  },
  openExternal(url: string): Promise<void> {
    calls.openExternal.push(url);
    return Promise.resolve();
  },
  openPath(): Promise<string> {
    return Promise.resolve('');
  },
};

type PermissionHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void;

const defaultSession = {
  permissionHandler: undefined as undefined | PermissionHandler,
  setPermissionRequestHandler(handler: PermissionHandler): void {
    this.permissionHandler = handler;
  },
};

export const session = {
  /** Electron: "Session can only be received when app is ready". */
  get defaultSession(): typeof defaultSession {
    requireReady('session.defaultSession');
    return defaultSession;
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoked: [] as [string, unknown[]][],
  listeners: new Map<string, Set<(event: unknown, value: unknown) => void>>(),
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, args]);
    return Promise.resolve({ channel, args });
  },
  on(channel: string, listener: (event: unknown, value: unknown) => void): void {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
  },
  removeListener(channel: string, listener: (event: unknown, value: unknown) => void): void {
    this.listeners.get(channel)?.delete(listener);
  },
  /** Delivers a message from main, with an event object the renderer must never see. */
  emit(channel: string, value: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'secret ipc internals' }, value);
  },
};

export default { app, dialog, BrowserWindow, Tray, Menu, Notification, nativeImage, ipcMain, powerMonitor, powerSaveBlocker, shell, session, contextBridge, ipcRenderer };
