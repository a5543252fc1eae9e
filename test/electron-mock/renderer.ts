/** The preload's side: the fake contextBridge and ipcRenderer. */
import { ipcMain } from './system';
import type { FakeWebContents } from './windows';

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoked: [] as [string, unknown[]][],
  listeners: new Map<string, Set<(event: unknown, value: unknown) => void>>(),
  /** The page this preload runs in, once `attach`ed: its calls then reach ipcMain's handlers as from it. */
  page: undefined as FakeWebContents | undefined,
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, args]);
    if (this.page) return ipcMain.invoke(channel, this.page, ...args);
    return Promise.resolve({ channel, args });
  },
  /** From now on calls go to the main process's handlers as coming from `page` (undefined: only recorded). */
  attach(page: FakeWebContents | undefined): void {
    this.page = page;
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
