import { describe, expect, it } from 'vitest';
import { contextBridge, ipcRenderer } from '../test/electron-mock';
import type { OrderBellApi } from './api';
import { EVENTS, INVOKE } from '../main/core/ui/ipc-channels';

describe('preload', () => {
  it('exposes exactly the contract, and nothing of ipcRenderer', async () => {
    await import('./preload');
    expect([...contextBridge.exposed.keys()]).toEqual(['orderbell']);
    const api = contextBridge.exposed.get('orderbell') as OrderBellApi;
    expect(Object.keys(api).sort()).toEqual(
      ['environment', 'getSettings', 'getStatus', 'listOrders', 'markHandled', 'answerOrder', 'mute', 'onAlert', 'onOpenOrder', 'onOrdersChanged', 'onStatus', 'queryHistory', 'getReport', 'saveSettings', 'sendTestOrder', 'testConnection', 'validateSettings', 'getUpdateStatus', 'checkForUpdates', 'onUpdateStatus', 'listPrinters', 'printOrder', 'printTestPage', 'printSummary', 'retryPrinter', 'reconnectNow', 'getShellNotes', 'onShellNotes', 'getKitchen', 'onKitchen', 'bump'].sort(),
    );
    expect(api.environment).toBe('desktop');
    expect(Object.values(api).some((value) => value === ipcRenderer || value === ipcRenderer.invoke)).toBe(false);
  });

  it('invokes the channel named for each call, with its arguments', async () => {
    await import('./preload');
    const api = contextBridge.exposed.get('orderbell') as OrderBellApi;
    ipcRenderer.invoked.length = 0;
    await api.markHandled('A-1');
    await api.queryHistory({ text: 'tea', offset: 0, limit: 20 });
    await api.getReport({ from: '2026-12-01', by: 'hour' });
    await api.mute('1h');
    await api.bump!('A-1', { station: 'bar', item: 2 });
    api.reconnectNow();
    expect(ipcRenderer.invoked).toEqual([
      [INVOKE.markHandled, ['A-1']],
      [INVOKE.queryHistory, [{ text: 'tea', offset: 0, limit: 20 }]],
      [INVOKE.getReport, [{ from: '2026-12-01', by: 'hour' }]],
      [INVOKE.mute, ['1h']],
      [INVOKE.bump, ['A-1', { station: 'bar', item: 2 }]],
      [INVOKE.reconnectNow, []],
    ]);
  });

  it('passes listeners the value only, never the event, and unsubscribes', async () => {
    await import('./preload');
    const api = contextBridge.exposed.get('orderbell') as OrderBellApi;
    const received: unknown[][] = [];
    const unsubscribe = api.onOpenOrder((...args: unknown[]) => received.push(args));
    ipcRenderer.emit(EVENTS.openOrder, 'A-7');
    unsubscribe();
    ipcRenderer.emit(EVENTS.openOrder, 'A-8');
    expect(received).toEqual([['A-7']]);
  });
});
