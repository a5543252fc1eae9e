import { describe, expect, it } from 'vitest';
import { BrowserWindow, app, autoUpdater, calls, system } from '../test/electron-mock';
import { defer, waitFor } from '../test/helpers';
import { startStation } from '../test/shell-harness';
import { Lifecycle } from './lifecycle';

/** The app's window and its journal (a real Station), ended as main.ts ends them. */
async function running(platform: NodeJS.Platform) {
  system.platform = platform;
  defer(() => (system.platform = process.platform));
  calls.killedBy = undefined;
  const { station, port } = await startStation('life-token-0123456789');
  const window = new BrowserWindow({ show: true });
  const events: string[] = [];
  const lifecycle = new Lifecycle({
    window: window as never,
    dispose: () => events.push('renderer calls stopped'),
    stop: async () => {
      await station.stop();
      events.push('journal closed');
    },
    stopped: () => events.push('update may install'),
  });
  defer(() => {
    for (const event of ['before-quit', 'will-quit']) app.removeAllListeners(event);
    autoUpdater.removeAllListeners('before-quit-for-update');
  });
  const exits = calls.exit.length;
  const exited = () => calls.exit.length > exits;
  const hubUp = () => fetch(`http://127.0.0.1:${port}/api/health`).then(() => true, () => false);
  return { window, lifecycle, events, exited, hubUp };
}

describe('how the app ends', () => {
  it('closing the window hides it to the tray; quitting really closes it and closes the journal before the exit', async () => {
    const { window, events, exited } = await running('linux');
    expect(window.userClose().prevented).toBe(true);
    expect(window.isVisible()).toBe(false);
    app.quit();
    expect(window.isDestroyed()).toBe(true);
    await waitFor(exited, 5000, 'the exit');
    expect(events).toEqual(['renderer calls stopped', 'journal closed', 'update may install']);
    expect(calls.exit.at(-1)).toBe(0);
  });

  it('macOS: Squirrel.Mac\'s quitAndInstall closes the hidden window and the app quits, journal closed first', async () => {
    const { window, events, exited, hubUp } = await running('darwin');
    window.hide();
    autoUpdater.quitAndInstall();
    expect(window.isDestroyed()).toBe(true);
    await waitFor(exited, 5000, 'the exit Squirrel.Mac waits for to install');
    expect(events).toEqual(['renderer calls stopped', 'journal closed', 'update may install']);
    expect(await hubUp()).toBe(false);
  });

  it('an abandoned install lets the window hide on close again', async () => {
    const { window, lifecycle } = await running('darwin');
    autoUpdater.emit('before-quit-for-update');
    lifecycle.quitAbandoned();
    expect(window.userClose().prevented).toBe(true);
  });

  it('Windows: the end of the session is held until the journal is closed, then the app exits', async () => {
    const { window, events, exited, hubUp } = await running('win32');
    expect(window.endSession(['logoff'])).toBe('held');
    await waitFor(exited, 5000, 'the exit');
    expect(calls.killedBy).toBeUndefined();
    expect(events).toEqual(['renderer calls stopped', 'journal closed', 'update may install']);
    expect(await hubUp()).toBe(false);
  });
});
