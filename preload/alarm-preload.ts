/**
 * The alarm window's sandboxed preload: one listener on window.orderbellAlarm, and no way to
 * call the main process. Built into one CommonJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AlarmApi, AlarmMessage } from './alarm-api';
import { EVENTS } from '../main/core/ui/ipc-channels';

const api: AlarmApi = {
  onAlarm(listener) {
    const handler = (_event: IpcRendererEvent, message: AlarmMessage): void => listener(message);
    ipcRenderer.on(EVENTS.alarm, handler);
    return () => ipcRenderer.removeListener(EVENTS.alarm, handler);
  },
};

contextBridge.exposeInMainWorld('orderbellAlarm', api);
