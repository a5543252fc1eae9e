/** Settings' "Test connection" with listed sources, over IPC as the order screen calls it (shared Electron fake, real Station). */
import { describe, expect, it } from 'vitest';
import { ipcMain } from '../test/electron-mock';
import { freePort } from '../test/cli';
import { waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { SseServer } from '../test/sse-server';
import { INVOKE } from './core/ui/ipc-channels';

describe('Test connection with listed sources', () => {
  it('tests the unsaved list too, naming each source that cannot connect', async () => {
    const hub = await startStation('ipc-sources-token-0123');
    const { window } = await startShell(hub, 'linux', { show: false });
    // The hub counts a device once its hello is taken: this PC's own connection, a moment after start.
    await expect.poll(async () => ((await (await fetch(`http://127.0.0.1:${hub.port}/api/health`)).json()) as { clients: number }).clients, { timeout: 10_000 }).toBe(1);
    const [server, dead] = await Promise.all([SseServer.start(), freePort()]);
    const settings = {
      ...hub.store.get(),
      sources: [
        { kind: 'sse', label: 'Mercure', url: server.url },
        { kind: 'sse', label: 'App', url: `http://127.0.0.1:${dead}/events` },
      ],
    };
    expect(await ipcMain.invoke(INVOKE.testConnection, window.webContents, settings)).toEqual({
      ok: false,
      message: `This PC is taking orders on port ${hub.port}, with 1 device connected. Mercure: connected. App: cannot connect: connection refused (is the server running?).`,
    });
    expect(await ipcMain.invoke(INVOKE.testConnection, window.webContents, { ...settings, sources: settings.sources.slice(0, 1) })).toMatchObject({ ok: true });
    // Each test's connection is closed again.
    await waitFor(() => server.connections === 0, 5000, 'test connections closed');
  });
});
