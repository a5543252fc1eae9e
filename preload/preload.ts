/**
 * The sandboxed preload: exposes exactly the OrderBellApi contract on window.orderbell, and
 * nothing else — no ipcRenderer, no event objects. Built into one CommonJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { OrderBellApi } from './api';
import { EVENTS, INVOKE } from '../main/core/ui/ipc-channels';

function invoke<Args extends unknown[], Result>(channel: string) {
  return (...args: Args): Promise<Result> => ipcRenderer.invoke(channel, ...args) as Promise<Result>;
}

function subscribe<T>(channel: string) {
  return (listener: (value: T) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, value: T): void => listener(value);
    ipcRenderer.on(channel, handler);
    return () => ipcRenderer.removeListener(channel, handler);
  };
}

/** Fire and forget: the page has nothing to wait for, and a refusal is only worth a console line. */
function signal(channel: string) {
  return (): void => void ipcRenderer.invoke(channel).catch((error: Error) => console.warn(`${channel}: ${error.message}`));
}

const api: OrderBellApi = {
  environment: 'desktop',
  listOrders: invoke(INVOKE.listOrders),
  markHandled: invoke(INVOKE.markHandled),
  answerOrder: invoke(INVOKE.answerOrder),
  queryHistory: invoke(INVOKE.queryHistory),
  getReport: invoke(INVOKE.getReport),
  getStatus: invoke(INVOKE.getStatus),
  getSettings: invoke(INVOKE.getSettings),
  validateSettings: invoke(INVOKE.validateSettings),
  saveSettings: invoke(INVOKE.saveSettings),
  testConnection: invoke(INVOKE.testConnection),
  sendTestOrder: invoke(INVOKE.sendTestOrder),
  mute: invoke(INVOKE.mute),
  printOrder: invoke(INVOKE.printOrder),
  printTestPage: invoke(INVOKE.printTestPage),
  printSummary: invoke(INVOKE.printSummary),
  retryPrinter: invoke(INVOKE.retryPrinter),
  listPrinters: invoke(INVOKE.listPrinters),
  reconnectNow: signal(INVOKE.reconnectNow),
  onOrdersChanged: subscribe(EVENTS.ordersChanged),
  onStatus: subscribe(EVENTS.status),
  onAlert: subscribe(EVENTS.alert),
  onOpenOrder: subscribe(EVENTS.openOrder),
  getUpdateStatus: invoke(INVOKE.getUpdateStatus),
  checkForUpdates: invoke(INVOKE.checkForUpdates),
  onUpdateStatus: subscribe(EVENTS.updateStatus),
  getShellNotes: invoke(INVOKE.getShellNotes),
  onShellNotes: subscribe(EVENTS.shellNotes),
  getKitchen: invoke(INVOKE.getKitchen),
  onKitchen: subscribe(EVENTS.kitchen),
  bump: invoke(INVOKE.bump),
};

contextBridge.exposeInMainWorld('orderbell', api);

// The main process's watchdog (main/page-watch.ts). Answered here, on the page's own thread, so a
// page stuck in a loop does not answer; nothing of it is exposed to the page.
ipcRenderer.on(EVENTS.pagePing, (_event: IpcRendererEvent, seq: unknown) => void ipcRenderer.invoke(INVOKE.pagePong, seq).catch(() => {}));
