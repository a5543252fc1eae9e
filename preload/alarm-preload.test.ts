import { describe, expect, it } from 'vitest';
import { contextBridge, ipcRenderer } from '../test/electron-mock';
import type { AlarmApi } from './alarm-api';
import { EVENTS } from '../main/core/ui/ipc-channels';

describe('the alarm window preload', () => {
  it('exposes one listener, passes it the message only, and can call nothing in main', async () => {
    ipcRenderer.invoked.length = 0;
    await import('./alarm-preload');
    const api = contextBridge.exposed.get('orderbellAlarm') as AlarmApi;
    expect(Object.keys(api)).toEqual(['onAlarm']);
    const heard: unknown[][] = [];
    const stop = api.onAlarm((...args: unknown[]) => heard.push(args));
    const message = { action: { kind: 'sound', sound: 'new-order', volume: 1 }, sound: 'chime', audioOutput: '', language: 'en' };
    ipcRenderer.emit(EVENTS.alarm, message);
    stop();
    ipcRenderer.emit(EVENTS.alarm, message);
    expect(heard).toEqual([[message]]);
    expect(ipcRenderer.invoked).toEqual([]);
  });
});
