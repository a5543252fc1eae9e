/** The fake ipcMain, powerMonitor, powerSaveBlocker, dialog and shell. */
import { EventEmitter } from 'node:events';
import type { FakeWebContents } from './windows';
import { calls, requireReady, system } from './calls';

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
  /** Message boxes on screen, oldest first, each waiting for a person to press a button. */
  open: [] as ((response: number) => void)[],
  showErrorBox(title: string, content: string): void {
    this.errors.push([title, content]);
  },
  /**
   * docs/api/dialog.md, showMessageBox: "Resolves with a promise containing… response: the
   * index of the clicked button" — only once someone clicks. Nobody at an unattended PC: never.
   */
  showMessageBox(options: { title?: string; message: string; buttons?: string[] }): Promise<{ response: number; checkboxChecked: boolean }> {
    requireReady('dialog.showMessageBox');
    this.messages.push(options);
    return new Promise((resolve) => this.open.push((response) => resolve({ response, checkboxChecked: false })));
  },
  /** A person presses button `response` in the oldest open message box. */
  press(response: number): void {
    const box = this.open.shift();
    if (!box) throw new Error('no message box is open');
    box(response);
  },
};

export const shell = {
  /**
   * shell.beep(): on Linux it is gdk_display_beep (shell/common/platform_util_linux.cc), which
   * most desktops (GNOME, KDE with no bell sound, any session without a sound theme) play as nothing.
   */
  beep(): void {
    if (system.platform === 'linux') calls.silentBeeps++;
    else calls.beeps++;
  },
  openExternal(url: string): Promise<void> {
    calls.openExternal.push(url);
    return Promise.resolve();
  },
  openPath(): Promise<string> {
    return Promise.resolve('');
  },
};
