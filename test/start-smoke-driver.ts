/**
 * Runs the built main bundle as Electron would, against the fake, and walks a shop's first
 * minutes: start → (the update check, when SMOKE_UPDATE names the state to wait for) → test
 * order → notification → window hidden → the hidden page hangs (the watchdog ends and reloads
 * it) → renderer crash, an order ringing through the alarm window meanwhile, and recovery →
 * quit. The page runs the built preload, which answers the watchdog. Prints one JSON
 * line per step and, on exit, what went wrong on the way (missing files, empty images, failed
 * sends, error boxes). Built by scripts/start-smoke.test.ts; `./electron-mock`
 * is resolved to 'electron' there, so this and the bundle share one fake.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, Notification, Tray, app, calls, dialog, ipcMain, ipcRenderer, type FakeWebContents } from './electron-mock';
import { EVENTS, INVOKE } from '../main/core/ui/ipc-channels';
import type { UpdateView } from '../main/core/updates/policy';

const step = (name: string, detail: Record<string, unknown> = {}) => console.log(JSON.stringify({ step: name, ...detail }));

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const value = await check();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What Settings → Updates shows, once it is in the state SMOKE_UPDATE names (checking, up-to-date, failed). */
async function updateReached(page: FakeWebContents, kind: string): Promise<void> {
  const reached = async () => {
    const { state } = (await ipcMain.invoke(INVOKE.getUpdateStatus, page)) as UpdateView;
    return state.kind === kind && state;
  };
  const state = await until(`the update state ${kind}`, reached);
  // Checking: the request for the feed is on its way before the app is asked to quit.
  await until('the request for the feed', () => calls.netRequests.length > 0);
  step('update', { state, requests: calls.netRequests });
}

function report(): void {
  const { missingFiles, emptyImages, sendErrors, exit } = calls;
  console.log(JSON.stringify({ report: { missingFiles, emptyImages, sendErrors, errorBoxes: dialog.errors, exit } }));
}

async function drive(): Promise<void> {
  app.exitProcess = true;
  if (process.env.SMOKE_RESOURCES) {
    app.isPackaged = true;
    (process as { resourcesPath?: string }).resourcesPath = process.env.SMOKE_RESOURCES;
  }
  // Electron's app path is the folder with the app's package.json: dist/main/main.js is two below it.
  app.appPath = join(dirname(process.env.SMOKE_MAIN!), '..', '..');
  process.on('exit', report);
  await import(pathToFileURL(process.env.SMOKE_MAIN!).href);

  const window = await until('the window', () => BrowserWindow.instances[0]);
  const tray = await until('the tray', () => Tray.instances[0]);
  await until('the order screen to load', () => window.webContents.listenerCount('render-process-gone') > 0 && window.loaded);
  const page = window.webContents;
  createRequire(import.meta.url)(join(dirname(process.env.SMOKE_MAIN!), '..', 'preload', 'preload.cjs'));
  ipcRenderer.attach(page);
  const alerts = () => page.sent.filter(([channel]) => channel === EVENTS.alert);
  const pageReady = () => ipcMain.invoke(INVOKE.getStatus, page);
  await pageReady();
  await until('the hub connection', () => tray.tooltip.includes('Online'));
  step('started', { visible: window.isVisible(), page: window.loaded });
  if (process.env.SMOKE_UPDATE) await updateReached(page, process.env.SMOKE_UPDATE);

  tray.menu!.template.find((item) => item.label === 'Send test order')!.click!();
  const notification = await until('the notification', () => Notification.shown.find((n) => n.options.title.startsWith('New order')));
  await until('the ring in the page', () => alerts().length > 0);
  step('test order', { notification: notification.options.title });

  step('hidden', { prevented: window.userClose().prevented, visible: window.isVisible() });

  // Hidden, the page hangs: Electron says nothing, the watchdog's unanswered ping does.
  page.hang();
  await until('the reload after the watchdog', () => page.reloads > 0);
  await pageReady();
  step('watchdog', { reloads: page.reloads, crashed: page.isCrashed() });

  page.crash('crashed', 11);
  const rang = alerts().length;
  tray.menu!.template.find((item) => item.label === 'Send test order')!.click!();
  const alarm = await until('the alarm window', () => BrowserWindow.instances.find((w) => w.options.title === 'OrderBell alarm'));
  const alarmRing = await until('the ring from the alarm window', () => alarm.webContents.sent.find(([channel]) => channel === EVENTS.alarm));
  step('alarm', { page: alarm.loaded, visible: alarm.isVisible(), ring: alarmRing[1], pageRang: alerts().length > rang });
  await until('the reload', () => page.reloads > 1);
  page.sent.length = 0;
  await pageReady();
  await until('the ring after the reload', () => alerts().length > 0);
  step('recovered', { reloads: page.reloads });

  tray.menu!.template.find((item) => item.label === 'Quit OrderBell')!.click!();
}

drive().catch((error: Error) => {
  console.error(`smoke: ${error.stack ?? error.message}`);
  process.exit(70);
});
