/**
 * The updater against a real HTTP update server on 127.0.0.1, through electron-updater
 * itself. PINNED: electron-updater 6.8.10 — these tests lean on its internals (the app
 * adapter, `httpExecutor`, `_testOnlyOptions`, the cache layout); re-check them on upgrade.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app } from 'electron';
import { calls, dialog, system } from '../test/electron-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from './core/settings/settings';
import type { UpdateView } from './core/updates/policy';
import { consumeUpdateRestartNote, INSTALL_TIMEOUT_MS, shopActivity, Updater, type UpdaterTestSeams } from './updater';
import { CHECK_TIMEOUT_MS } from './update-engine';
import { updateStateText } from '../renderer/update-status';
import { setLanguage } from './core/ui/i18n';
import { defer, tempDir, waitFor } from '../test/helpers';
import { ManualTimers } from '../test/manual-timers';
import { installedAppFolder, FakeNetHttpExecutor, TestAppAdapter, UpdateServer, type Release } from '../test/update-server';

const artifact = Buffer.alloc(256 * 1024, 'OrderBell 1.1.0 installer ');
const windowsRelease: Release = { version: '1.1.0', channelFile: 'latest.yml', fileName: 'OrderBell-Setup-1.1.0.exe', artifact };

interface Harness {
  updater: Updater;
  views: UpdateView[];
  logs: string[];
  shop: { unhandled: number; lastOrderAt: number | null };
  settings: Settings;
  folder: string;
  timers: ManualTimers;
}

async function harness(server: UpdateServer, options: { version?: string; platform?: UpdaterTestSeams['platform']; env?: NodeJS.ProcessEnv; settings?: Partial<Settings['updates']>; appPid?: number; execPath?: string } = {}): Promise<Harness> {
  const folder = await installedAppFolder(server.url);
  const views: UpdateView[] = [];
  const logs: string[] = [];
  // An order is waiting: nothing may install while these tests look at a ready update.
  const shop = { unhandled: 1, lastOrderAt: Date.now() };
  const settings: Settings = { ...DEFAULT_SETTINGS, updates: { ...DEFAULT_SETTINGS.updates, ...options.settings } };
  const timers = new ManualTimers(Date.now());
  const updater = new Updater({
    platform: 'linux',
    env: options.env ?? {},
    settings: () => settings,
    shop: () => shop,
    log: (line) => logs.push(line),
    userData: folder,
    ...(options.execPath ? { execPath: options.execPath } : {}),
    testing: { app: new TestAppAdapter(app as never, options.version ?? '1.0.0', folder), httpExecutor: new FakeNetHttpExecutor(), platform: options.platform ?? 'win32', ...(options.appPid ? { appPid: options.appPid } : {}) },
    timers,
    random: () => 0.5,
  });
  updater.on('change', (view) => views.push(view));
  return { updater, views, logs, shop, settings, folder, timers };
}

const pending = (folder: string, name: string) => join(folder, 'orderbell-updater', 'pending', name);

describe('shopActivity', () => {
  it('counts unhandled orders and finds the latest arrival', () => {
    const order = (receivedAt: number, handled: boolean) => ({ id: String(receivedAt), seq: null, order: { id: String(receivedAt) }, receivedAt, handled: handled ? { by: 'till', at: '' } : null });
    expect(shopActivity([])).toEqual({ unhandled: 0, lastOrderAt: null });
    expect(shopActivity([order(5, true), order(9, false), order(7, true)] as never)).toEqual({ unhandled: 1, lastOrderAt: 9 });
  });
});

describe('consumeUpdateRestartNote', () => {
  it('is false without a note, and for a stale one', async () => {
    const folder = await tempDir();
    expect(consumeUpdateRestartNote(folder)).toBe(false);
    await writeFile(join(folder, 'restarted-for-update'), 'then');
    expect(consumeUpdateRestartNote(folder, Date.now() + 11 * 60_000)).toBe(false);
  });
});

describe('Updater (electron-updater 6.8.10 against a local update server)', () => {
  afterEach(() => {
    delete process.env.APPIMAGE;
  });

  it('finds an update, downloads it with progress, verifies it and reports it ready', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    server.pauseMidwayMs = 1_200; // electron-updater reports progress at most once a second
    const { updater, views, folder } = await harness(server);
    expect(updater.view()).toMatchObject({ version: '1.0.0', state: { kind: 'idle' }, lastCheckAt: null });

    await updater.checkNow();

    const kinds = views.map((view) => view.state.kind);
    expect(kinds[0]).toBe('checking');
    const progress = views.flatMap((view) => (view.state.kind === 'downloading' ? [view.state.percent] : []));
    expect(progress.some((percent) => percent > 0 && percent < 100), `progress seen: ${progress.join(', ')}`).toBe(true);
    expect(progress.at(-1)).toBe(100);
    expect(updater.view()).toMatchObject({ state: { kind: 'ready', version: '1.1.0', wait: 'unhandled' }, lastError: null, canRestart: false });
    expect(updater.view().lastCheckAt).toBeGreaterThan(0);
    expect(await readFile(pending(folder, windowsRelease.fileName))).toEqual(artifact);
    expect(server.requests).toEqual(['/orderbell/latest.yml', '/orderbell/OrderBell-Setup-1.1.0.exe']);
  });

  it('follows a feed that redirects (moved to a mirror or CDN), for latest.yml and for the download', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    server.redirectToMirror = true;
    const { updater, folder } = await harness(server);

    await updater.checkNow();

    expect(updater.view()).toMatchObject({ state: { kind: 'ready', version: '1.1.0' }, lastError: null });
    expect(await readFile(pending(folder, windowsRelease.fileName))).toEqual(artifact);
    const file = `orderbell/${windowsRelease.fileName}`;
    expect(server.requests).toEqual(['/orderbell/latest.yml', '/mirror/orderbell/latest.yml', `/${file}`, `/mirror/${file}`]);
  });

  it('refuses a tampered download with the checksum error, keeps nothing of it, and tries again later', async () => {
    const server = await UpdateServer.start();
    server.release = { ...windowsRelease, tampered: true };
    const { updater, folder, logs, timers } = await harness(server);

    await updater.checkNow();

    const state = updater.view().state;
    expect(state).toMatchObject({ kind: 'failed', error: 'refused: the download does not match the sha512 checksum in latest.yml' });
    expect(state.kind === 'failed' && state.retryAt).toBe(timers.now() + 15 * 60_000);
    expect(updater.view().lastError?.message).toMatch(/sha512/);
    expect(logs.join('\n')).toMatch(/sha512 checksum in latest\.yml; the running version carries on, next try in 15 min/);
    expect(existsSync(pending(folder, windowsRelease.fileName))).toBe(false);

    // Fixed on the server: the retry downloads the genuine file.
    server.release = windowsRelease;
    await timers.advanceTo(timers.now() + 15 * 60_000);
    await waitFor(() => updater.view().state.kind === 'ready', 10_000, 'the retried download');
    expect(await readFile(pending(folder, windowsRelease.fileName))).toEqual(artifact);
  });

  it('a signed Windows build checks each installer\'s publisher, and refuses one signed by someone else', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    const folder = await installedAppFolder(server.url, 'publisherName:\n  - OrderBell Ltd\n');
    const updater = new Updater({
      platform: 'win32',
      env: {},
      settings: () => DEFAULT_SETTINGS,
      shop: () => ({ unhandled: 1, lastOrderAt: null }),
      log: () => {},
      testing: { app: new TestAppAdapter(app as never, '1.0.0', folder), httpExecutor: new FakeNetHttpExecutor(), platform: 'win32' },
    });
    defer(() => updater.dispose());
    // Authenticode needs Windows' PowerShell: stand in for it, as the OS.
    const asked: [string[], string][] = [];
    const nsis = (updater as unknown as { updater: { verifyUpdateCodeSignature: (names: string[], file: string) => Promise<string | null> } }).updater;
    nsis.verifyUpdateCodeSignature = async (names, file) => (asked.push([names, file]), 'signed by Someone Else Inc');

    await updater.checkNow();

    expect(asked.map(([names]) => names)).toEqual([['OrderBell Ltd']]);
    expect(updater.view().state).toMatchObject({ kind: 'failed', error: 'refused: the installer is not signed by the publisher' });
    expect(existsSync(pending(folder, windowsRelease.fileName))).toBe(false);
  });

  it.each([
    [404, 'the update server has no latest.yml for this system (404)'],
    [500, 'the update server answered 500'],
  ])('a server answering %i is logged, shown and retried; the running version carries on', async (status, message) => {
    const server = await UpdateServer.start();
    server.failWith = status;
    const { updater, logs, timers } = await harness(server);

    await expect(updater.checkNow()).resolves.toBeUndefined();

    expect(updater.view()).toMatchObject({ version: '1.0.0', state: { kind: 'failed', error: message }, lastError: { message } });
    expect(logs.at(-1)).toContain(message);
    server.failWith = undefined;
    server.release = windowsRelease;
    await timers.advanceTo(timers.now() + 15 * 60_000);
    await waitFor(() => updater.view().state.kind === 'ready', 10_000, 'the retried check');
  });

  it('a server that is down is logged, shown and retried', async () => {
    const server = await UpdateServer.start();
    const { updater } = await harness(server);
    await server.stop();

    await updater.checkNow();

    expect(updater.view()).toMatchObject({ state: { kind: 'failed', error: 'the update server cannot be reached (net::ERR_CONNECTION_REFUSED)' } });
    const back = await UpdateServer.start(server.port);
    back.release = windowsRelease;
    await updater.checkNow();
    expect(updater.view()).toMatchObject({ state: { kind: 'ready', version: '1.1.0' }, lastError: null });
  });

  it('a server that takes the check and never answers: given up after the check timeout, shown, logged, and really asked again at the retry', async () => {
    const server = await UpdateServer.start();
    server.stalled = true;
    const { updater, timers, logs } = await harness(server);
    setLanguage('en');

    const first = updater.checkNow();
    await waitFor(() => server.unanswered.size === 1, 5000, 'the check to reach the server');
    expect(updater.view().state).toEqual({ kind: 'checking' });
    await timers.advanceTo(timers.now() + CHECK_TIMEOUT_MS);
    await first;

    const failed = updater.view();
    expect(failed.state).toMatchObject({ kind: 'failed', error: 'the update server did not answer within 60 s' });
    expect(updateStateText(failed)).toMatch(/^Update failed: the update server did not answer within 60 s Trying again at .+\.$/);
    expect(logs).toEqual(['update: the update server did not answer within 60 s; the running version carries on, next try in 15 min']);
    // The hung request is abandoned, not left holding a connection.
    await waitFor(() => server.unanswered.size === 0, 5000, 'the hung request to be aborted');

    server.stalled = false;
    server.release = windowsRelease;
    await timers.advanceTo((failed.state as { retryAt: number }).retryAt);
    await waitFor(() => updater.view().state.kind === 'ready', 10_000, 'the retry to find the update');
    expect(server.requests.filter((path) => path === '/orderbell/latest.yml')).toHaveLength(2);
    expect(updater.view().lastError).toBeNull();
  });

  it('a download that stops midway: given up once nothing came for the timeout, shown, and downloaded again at the retry', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    server.stopMidway = true;
    const { updater, timers, logs } = await harness(server);

    const first = updater.checkNow();
    await waitFor(() => server.unanswered.size === 1, 5000, 'the download to start');
    await timers.advanceTo(timers.now() + CHECK_TIMEOUT_MS);
    await first;

    const failed = updater.view();
    expect(failed.state).toMatchObject({ kind: 'failed', error: 'the update server stopped sending the update for 60 s' });
    expect(logs.at(-1)).toBe('update: the update server stopped sending the update for 60 s; the running version carries on, next try in 15 min');
    await waitFor(() => server.unanswered.size === 0, 5000, 'the stalled download to be aborted');

    server.stopMidway = false;
    await timers.advanceTo((failed.state as { retryAt: number }).retryAt);
    await waitFor(() => updater.view().state.kind === 'ready', 10_000, 'the retry to download the update');
    expect(server.requests.filter((path) => path === `/orderbell/${windowsRelease.fileName}`)).toHaveLength(2);
  });

  it('never downgrades: an older latest.yml is "up to date" and nothing is downloaded', async () => {
    const server = await UpdateServer.start();
    server.release = { ...windowsRelease, version: '0.9.0', fileName: 'OrderBell-Setup-0.9.0.exe' };
    const { updater } = await harness(server);

    await updater.checkNow();

    expect(updater.view().state).toEqual({ kind: 'up-to-date' });
    expect(server.requests).toEqual(['/orderbell/latest.yml']);
  });

  it('takes the shop\'s own update server from Settings, and the built-in one again when it is cleared', async () => {
    const builtIn = await UpdateServer.start();
    const shopServer = await UpdateServer.start();
    shopServer.release = windowsRelease;
    const { updater } = await harness(builtIn, { settings: { feedUrl: shopServer.url } });

    await updater.checkNow();
    expect(updater.view().state).toMatchObject({ kind: 'ready' });
    expect(shopServer.requests[0]).toBe('/orderbell/latest.yml');
    expect(builtIn.requests).toEqual([]);

    const { updater: second, settings: secondSettings } = await harness(builtIn, { settings: { feedUrl: shopServer.url } });
    secondSettings.updates = { ...secondSettings.updates, feedUrl: '' };
    second.settingsChanged();
    await second.checkNow();
    expect(builtIn.requests).toEqual(['/orderbell/latest.yml']);
  });

  it('the deb only says that a new version exists: the package manager installs it', async () => {
    const server = await UpdateServer.start();
    server.release = { version: '1.1.0', channelFile: 'latest-linux.yml', fileName: 'orderbell_1.1.0_amd64.deb', artifact };
    const { updater } = await harness(server, { platform: 'linux' });

    await updater.checkNow();

    expect(updater.view()).toMatchObject({ state: { kind: 'available', version: '1.1.0' }, canRestart: false });
    expect(server.requests).toEqual(['/orderbell/latest-linux.yml']);
  });

  it('the AppImage: "Restart to update" waits for no order, puts the new AppImage in place and starts it once the app has exited, from outside its mount', async () => {
    const server = await UpdateServer.start();
    // The "AppImage" is a script: it notes how it was run (electron-updater runs it once with APPIMAGE_EXIT_AFTER_INSTALL).
    const newAppImage = Buffer.from('#!/bin/sh\necho "integration ran, exit after install: $APPIMAGE_EXIT_AFTER_INSTALL" > "$(dirname "$0")/integration-ran"\n');
    server.release = { version: '1.1.0', channelFile: 'latest-linux.yml', fileName: 'OrderBell-1.1.0.AppImage', artifact: newAppImage };
    const dir = await tempDir();
    const running = join(dir, 'OrderBell-1.0.0.AppImage');
    await writeFile(running, 'the running 1.0.0');
    process.env.APPIMAGE = running; // electron-updater reads it from the process
    system.platform = 'linux';
    defer(() => (system.platform = process.platform));
    // The running app, as a real process the relaunch must outlive.
    const theApp = spawn('sleep', ['30'], { stdio: 'ignore' });
    defer(() => theApp.kill('SIGKILL'));
    const { updater, shop, folder } = await harness(server, { platform: 'linux', env: { APPIMAGE: running }, appPid: theApp.pid! });
    const quitsBefore = calls.quit;

    await updater.checkNow();
    expect(updater.view().state).toMatchObject({ kind: 'ready', version: '1.1.0', wait: 'unhandled' });
    expect(updater.restartToUpdate()).toBe(false);
    expect(existsSync(running)).toBe(true);

    shop.unhandled = 0;
    updater.shopChanged();
    expect(updater.view().canRestart).toBe(true);
    expect(updater.restartToUpdate()).toBe(true);

    const installed = join(dir, 'OrderBell-1.1.0.AppImage');
    expect(await readFile(installed)).toEqual(newAppImage);
    expect(existsSync(running)).toBe(false);
    expect(await readFile(join(dir, 'integration-ran'), 'utf8')).toBe('integration ran, exit after install: true\n');
    expect(calls.quit).toBe(quitsBefore + 1);
    // Not Electron's relauncher, which would die with the mount.
    expect(calls.lostRelaunches).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await readFile(join(dir, 'integration-ran'), 'utf8')).toBe('integration ran, exit after install: true\n');
    theApp.kill('SIGKILL');
    await waitFor(() => readFileSync(join(dir, 'integration-ran'), 'utf8') === 'integration ran, exit after install: \n', 5000, 'the new AppImage started');
    // The next start is the restart: it goes straight to the tray, once.
    expect(consumeUpdateRestartNote(folder)).toBe(true);
    expect(consumeUpdateRestartNote(folder)).toBe(false);
  });

  it('a failed install is shown and tried again later; the running version carries on and the next start is a normal one', async () => {
    const server = await UpdateServer.start();
    server.release = { version: '1.1.0', channelFile: 'latest-linux.yml', fileName: 'OrderBell-1.1.0.AppImage', artifact };
    const running = join(await tempDir(), 'OrderBell-1.0.0.AppImage');
    await writeFile(running, 'the running 1.0.0');
    const { updater, shop, folder, timers } = await harness(server, { platform: 'linux', env: { APPIMAGE: running } });
    process.env.APPIMAGE = 'relative/OrderBell.AppImage'; // electron-updater refuses to replace such a path
    const relaunches = calls.relaunch.length;
    await updater.checkNow();
    shop.unhandled = 0;

    expect(updater.restartToUpdate()).toBe(true);

    expect(updater.view().state).toMatchObject({ kind: 'failed', error: expect.stringMatching(/^install failed: APPIMAGE env is not a valid absolute path/), retryAt: timers.now() + 15 * 60_000 });
    expect(await readFile(running, 'utf8')).toBe('the running 1.0.0');
    expect(calls.relaunch).toHaveLength(relaunches);
    expect(consumeUpdateRestartNote(folder)).toBe(false);
  });

  it('a restart to install that never happens (a window that would not close, an installer that never came) is given up, said so, and tried again later', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    const { updater, shop, timers, folder } = await harness(server);
    const abandoned = vi.fn();
    updater.on('install-abandoned', abandoned);
    await updater.checkNow();
    shop.unhandled = 0;
    expect(updater.restartToUpdate()).toBe(true);
    expect(updater.view()).toMatchObject({ state: { kind: 'ready', wait: null }, canRestart: false });
    await timers.advanceTo(timers.now() + INSTALL_TIMEOUT_MS - 1000);
    expect(abandoned).not.toHaveBeenCalled();
    await timers.advanceTo(timers.now() + 1000);
    expect(abandoned).toHaveBeenCalledOnce();
    expect(updater.view().state).toMatchObject({ kind: 'failed', error: 'install failed: the app did not restart within 3 min; the next install window tries again', retryAt: expect.any(Number) });
    expect(consumeUpdateRestartNote(folder)).toBe(false);
    updater.dispose();
  });

  it('Windows: the installer starts only once the app has quit and its journal is closed (the installer ends the app 1.3 s after it starts)', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    const { updater, shop } = await harness(server);
    const install = vi.spyOn((updater as unknown as { updater: { install(silent: boolean, runAfter: boolean): boolean } }).updater, 'install').mockReturnValue(true);
    const quits = calls.quit;
    await updater.checkNow();
    shop.unhandled = 0;
    expect(updater.restartToUpdate()).toBe(true);
    expect(calls.quit).toBe(quits + 1);
    expect(install).not.toHaveBeenCalled();
    updater.quitting(); // main.ts: once the Station has stopped
    expect(install).toHaveBeenCalledWith(true, true);
  });

  it('Windows, an install for all users: never updates unattended, and "Restart to update" asks before the app quits', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    const perMachine = { env: { ProgramFiles: 'C:\\Program Files' }, execPath: 'C:\\Program Files\\OrderBell\\OrderBell.exe' };
    const { updater, shop } = await harness(server, { ...perMachine, settings: { installFrom: '00:00', installUntil: '23:59' } });
    const install = vi.spyOn((updater as unknown as { updater: { install(silent: boolean, runAfter: boolean): boolean } }).updater, 'install').mockReturnValue(true);
    dialog.messages.length = 0;
    shop.unhandled = 0;
    shop.lastOrderAt = null;
    await updater.checkNow();
    // All day is the shop's install window, but not for this install.
    expect(updater.view().state).toMatchObject({ kind: 'ready', wait: 'opening-hours' });
    const quits = calls.quit;

    expect(updater.restartToUpdate()).toBe(true);
    await waitFor(() => dialog.open.length === 1, 2000, 'the question');
    expect(dialog.messages.at(-1)).toMatchObject({ message: 'Install OrderBell 1.1.0 now?', buttons: ['Update now', 'Not now'] });
    expect(calls.quit).toBe(quits);
    dialog.press(1);
    await waitFor(() => updater.view().state.kind === 'failed', 2000, 'the refusal shown');
    expect(updater.view().state).toMatchObject({ error: 'install failed: not now: it needs an administrator to approve it' });
    expect(calls.quit).toBe(quits);
    expect(install).not.toHaveBeenCalled();
    updater.dispose();
  });

  it('quitting with an update ready installs it silently, without starting again; not when updates are off', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    const on = await harness(server);
    const off = await harness(server, { settings: { enabled: false } });
    const installs = [on, off].map(({ updater }) => vi.spyOn((updater as unknown as { updater: { install(silent: boolean, runAfter: boolean): boolean } }).updater, 'install').mockReturnValue(true));
    await on.updater.checkNow();
    await off.updater.checkNow();
    expect(off.updater.view().state).toMatchObject({ kind: 'ready', wait: 'manual' });

    on.updater.quitting();
    off.updater.quitting();
    expect(installs[0]).toHaveBeenCalledWith(true, false);
    expect(installs[1]).not.toHaveBeenCalled();
  });

  it('starts without waiting on the network: the first check comes a few seconds later', async () => {
    const server = await UpdateServer.start();
    server.release = windowsRelease;
    const { updater, timers } = await harness(server);
    updater.start();
    expect(server.requests).toEqual([]);
    await timers.advanceTo(timers.now() + 7_500);
    await waitFor(() => updater.view().state.kind === 'ready', 10_000, 'the first check');
    updater.dispose();
  });
});
