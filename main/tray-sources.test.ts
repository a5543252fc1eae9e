/**
 * The tray with the settings' list of sources, through the shared Electron fake: a real Station
 * on its own hub, two sse sources on real event-stream servers, one of which then stops.
 */
import { describe, expect, it } from 'vitest';
import type { Tray } from '../test/electron-mock';
import { waitFor } from '../test/helpers';
import { startShell, startStation } from '../test/shell-harness';
import { SseServer } from '../test/sse-server';
import type { StatusView } from './core/ui/status-views';
import { tooltipWithSources } from './tray-sources';

const labels = (tray: Tray) => tray.menu!.template.filter((item) => item.label).map((item) => item.label);

describe('tray with listed sources', () => {
  it('lists each source with its state, gives the down one\'s reason, and names it in the offline alarm', async () => {
    const server = await SseServer.start();
    const app = await SseServer.start();
    const hub = await startStation('tray-sources-token-0123', {
      sources: [
        { kind: 'sse', label: 'Web shop', url: server.url },
        { kind: 'sse', label: 'App', url: app.url },
      ],
    });
    const { tray } = await startShell(hub, 'linux', { show: false });
    expect(labels(tray).slice(0, 3)).toEqual(['Open OrderBell', 'Web shop: Online', 'App: Online']);

    await app.close();
    // Between redials the source is offline or connecting again; either way the first cause stays, then the latest.
    const appDown = /^App: (Offline|Connecting…) — the server closed the connection; now: connection refused/;
    await waitFor(() => labels(tray).some((label) => appDown.test(label ?? '')));
    expect(labels(tray).slice(0, 3)).toEqual(['Open OrderBell', 'Web shop: Online', expect.stringMatching(appDown)]);
    expect(tray.menu!.template.find((item) => item.label === 'Web shop: Online')!.enabled).toBe(false);
    expect((tray.image as { name: string }).name).toBe('tray-offline.png');
    expect(tray.tooltip).toMatch(/^OrderBell — 0 unhandled, Offline: App: the server closed the connection.*\nWeb shop: Online\nApp: (Offline|Connecting…)$/);
    expect(tray.tooltip.length).toBeLessThanOrEqual(127);
  });

  it('shows no source lines without listed sources', async () => {
    const hub = await startStation('tray-sources-token-4567');
    const { tray } = await startShell(hub, 'linux', { show: false });
    expect(tray.tooltip).toBe('OrderBell — 0 unhandled, Online');
    expect(labels(tray)[1]).toBe('Mute for 15 minutes');
  });

  it('keeps every source line within Windows\' 127 characters by shortening the first line\'s reason', () => {
    const status = { sources: [{ label: 'Web shop', kind: 'sse', state: 'online' }, { label: 'App', kind: 'mqtt', state: 'offline' }] } as StatusView;
    const tooltip = tooltipWithSources(`OrderBell — 0 unhandled, Offline: App: ${'x'.repeat(200)}`, status);
    expect(tooltip).toHaveLength(127);
    expect(tooltip).toMatch(/^OrderBell — 0 unhandled, Offline: App: x+…\nWeb shop: Online\nApp: Offline$/);
  });
});
