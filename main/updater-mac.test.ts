/** The macOS updater (electron-updater's MacUpdater over the fake's Squirrel.Mac autoUpdater). */
import { describe, expect, it } from 'vitest';
import { app, autoUpdater, calls } from '../test/electron-mock';
import { DEFAULT_SETTINGS } from './core/settings/settings';
import { Updater } from './updater';

function macUpdater(macSigned: boolean) {
  app.becomeReady();
  return new Updater({
    platform: 'darwin',
    env: { ORDERBELL_UPDATE_DEV_FEED: 'http://127.0.0.1:9/orderbell/' },
    settings: () => DEFAULT_SETTINGS,
    shop: () => ({ unhandled: 0, lastOrderAt: null }),
    log: () => {},
    macSigned: Promise.resolve(macSigned),
  });
}

const engine = (updater: Updater) => (updater as unknown as { updater: { autoInstallOnAppQuit: boolean } }).updater;

describe('updates on macOS', () => {
  it('hands a download to Squirrel.Mac, which installs it when the app quits', () => {
    expect(engine(macUpdater(true)).autoInstallOnAppQuit).toBe(true);
  });

  it('an unsigned (ad hoc) build never asks: Settings → Updates says why', async () => {
    const updater = macUpdater(false);
    const requests = calls.netRequests.length;
    const listeners = autoUpdater.listenerCount('update-downloaded');
    await updater.checkNow();
    await updater.checkNow();
    expect(updater.view().state).toEqual({ kind: 'unavailable', reason: 'this macOS build is not signed by a developer, and macOS refuses its updates: install new versions by hand' });
    expect(calls.netRequests).toHaveLength(requests);
    expect(autoUpdater.listenerCount('update-downloaded')).toBe(listeners);
    updater.dispose();
  });
});
