/**
 * The desktop's bridge for browser tests: Electron's binary cannot run here, so the page gets a
 * stand-in for the preload's window.orderbell (the one fake, for the Electron side) while the
 * page itself is the real built renderer. The stand-in answers every method of the contract in
 * preload/api.ts with a harmless default; a spec changes only what it needs with
 * patchDesktopStandIn. It is typed against the contract, so a new method there fails the
 * typecheck here until the stand-in answers it too.
 */
import type { Page } from '@playwright/test';
import type { OrderBellApi, Settings, SettingsCheck, StatusView } from '../preload/api';
import { DEFAULT_SETTINGS, validateSettings } from '../main/core/settings/settings';

declare global {
  interface Window {
    orderbell?: OrderBellApi;
    /** What the page saved, with installValidatingStandIn. */
    saved: unknown[];
    checkSettings(value: unknown): Promise<SettingsCheck>;
  }
}

/** Self-update: absent unless a spec gives them, so the page shows no update panel by default. */
type UpdateMethods = 'getUpdateStatus' | 'checkForUpdates' | 'onUpdateStatus';

/** An English desktop whose hub runs on this PC with nobody connected and nothing waiting. */
export const QUIET_HUB: { settings: Settings; status: StatusView } = {
  settings: { ...DEFAULT_SETTINGS, language: 'en' },
  status: {
    connection: { state: 'online' },
    source: { kind: 'hub', url: 'http://127.0.0.1:8083', lanAddresses: [], clients: 0 },
    alert: { ringing: false, level: 'idle', unhandled: 0, mute: { kind: 'none' }, quiet: 'none', printer: false },
  },
};

/** Puts the stand-in on every page `page` opens, reporting these settings and this status. */
export async function installDesktopStandIn(page: Page, answers: { settings: Settings; status: StatusView }): Promise<void> {
  await page.addInitScript(({ settings, status }) => {
    const done = { ok: true, message: '' };
    const unsubscribe = () => () => {};
    const api: Omit<Required<OrderBellApi>, UpdateMethods> = {
      environment: 'desktop',
      hubPrints: false,
      listOrders: async () => [],
      markHandled: async () => {},
      answerOrder: async () => done,
      queryHistory: async () => ({ orders: [], total: 0 }),
      getReport: async () => {
        throw new Error('no journal in this stand-in');
      },
      getStatus: async () => status,
      getSettings: async () => settings,
      validateSettings: async () => ({ ok: true }),
      saveSettings: async () => ({ ok: true }),
      testConnection: async () => done,
      sendTestOrder: async () => done,
      mute: async () => {},
      printOrder: async () => done,
      printTestPage: async () => done,
      printSummary: async () => done,
      retryPrinter: async () => {},
      listPrinters: async () => [],
      reconnectNow: () => {},
      onOrdersChanged: unsubscribe,
      onStatus: unsubscribe,
      onAlert: unsubscribe,
      onOpenOrder: unsubscribe,
      getShellNotes: async () => [],
      onShellNotes: unsubscribe,
      getKitchen: async () => ({ stations: [], orders: [], bumps: {} }),
      onKitchen: unsubscribe,
      bump: async () => done,
    };
    window.orderbell = api;
  }, answers);
}

const validating = new WeakSet<Page>();

/**
 * The stand-in checking settings with the settings' own validation (validateSettings, run in the
 * test process, as the main process runs it) and recording what the page saves in window.saved.
 */
export async function installValidatingStandIn(page: Page, answers: { settings: Settings; status: StatusView }): Promise<void> {
  // A spec may install it again with other settings: the page keeps the function it was given.
  if (!validating.has(page)) {
    await page.exposeFunction('checkSettings', (value: unknown) => {
      const result = validateSettings(value);
      return result.ok ? { ok: true } : result;
    });
    validating.add(page);
  }
  await installDesktopStandIn(page, answers);
  await patchDesktopStandIn(page, () => {
    window.saved = [];
    return {
      validateSettings: (value: unknown) => window.checkSettings(value),
      saveSettings: async (value: unknown) => {
        const result = await window.checkSettings(value);
        if (result.ok) window.saved.push(value);
        return result;
      },
    };
  });
}

/**
 * Replaces some of the stand-in's methods with what `patch` returns, on every page `page` opens
 * after this call. `patch` runs in the page, serialized: it cannot use the test's variables, so
 * what it needs comes as `arg` (JSON) and the stand-in so far as `api`, to wrap its methods.
 */
export async function patchDesktopStandIn<Arg>(page: Page, patch: (arg: Arg, api: OrderBellApi) => Partial<OrderBellApi>, arg?: Arg): Promise<void> {
  const call = `(${patch.toString()})(${JSON.stringify(arg) ?? 'undefined'}, api)`;
  await page.addInitScript({ content: `{ const api = window.orderbell; window.orderbell = { ...api, ...${call} }; }` });
}
