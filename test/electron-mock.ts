/**
 * The one shared stand-in for the `electron` module in shell tests (vitest aliases
 * `electron` here). Electron's binary cannot run on this machine; these fakes record what
 * the shell asked of the OS — tray, notifications, badges, windows — so tests can assert it.
 */
import { EventEmitter } from 'node:events';

export const calls: { badgeCount: number[]; loginItems: unknown[]; openExternal: string[]; quit: number; exit: number[] } = {
  badgeCount: [],
  loginItems: [],
  openExternal: [],
  quit: 0,
  exit: [],
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  private readonly paths = new Map<string, string>();
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  quit(): void {
    calls.quit++;
    this.emit('before-quit');
  }
  exit(code: number): void {
    calls.exit.push(code);
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
  send(channel: string, value: unknown): void {
    this.sent.push([channel, value]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
  getURL(): string {
    return 'file:///app/dist/renderer/index.html';
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
    BrowserWindow.instances.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = file;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.emit('hide');
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
  static isSupported(): boolean {
    return Notification.supported;
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
  close(): void {
    this.emit('close');
  }
}

export const nativeImage = {
  createFromPath(path: string): { name: string; isEmpty(): boolean; setTemplateImage(flag: boolean): void } {
    return { name: path.split('/').at(-1)!, isEmpty: () => false, setTemplateImage: () => {} };
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

export const powerMonitor = new EventEmitter();

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
  showErrorBox(title: string, content: string): void {
    this.errors.push([title, content]);
  },
};

export const shell = {
  openExternal(url: string): Promise<void> {
    calls.openExternal.push(url);
    return Promise.resolve();
  },
  openPath(): Promise<string> {
    return Promise.resolve('');
  },
};

export const session = {
  defaultSession: {
    permissionHandler: undefined as undefined | ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void {
      this.permissionHandler = handler;
    },
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
