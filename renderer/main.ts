/**
 * Entry point of the order screen. In the desktop app the preload has put the bridge on
 * window.orderbell; in a browser the page came from the hub and uses the web bridge.
 */
import type { OrderBellApi } from '../preload/api';
import { App } from './app';
import { el, replaceChildren } from './dom';
import { resolveLanguage, setLanguage, t } from '../main/core/ui/i18n';
import { HubApi } from './hub-api';
import { redialWhenOnline } from './network-change';
import { WebBridge } from './web-bridge';
import { loadScreen, screenFromLink } from './station-display';
import { StationApp } from './station-app';
import { DesktopKitchen } from './desktop-kitchen';

declare global {
  interface Window {
    orderbell?: OrderBellApi;
  }
}

const TOKEN_KEY = 'orderbell.token';
const root = document.getElementById('app')!;

/** A hub out of reach cannot judge the token: the page opens offline, and says so if the hub refuses it later. */
function tokenAccepted(token: string): Promise<boolean> {
  return new HubApi(location.origin, token).tokenAccepted().catch(() => true);
}

/** Asks for the hub token once; it is kept in this browser. "#token=…" in the link also works. */
function askForToken(rejected: boolean): Promise<string> {
  return new Promise((resolve) => {
    const input = el('input', { type: 'password', name: 'token', autocomplete: 'current-password', required: true, id: 'token' });
    const form = el(
      'form',
      {
        className: 'token-form',
        onSubmit: (event: Event) => {
          event.preventDefault();
          resolve(input.value.trim());
        },
      },
      el('h1', {}, t('appTitle')),
      el('p', {}, t('tokenPrompt')),
      rejected ? el('p', { className: 'error', role: 'alert' }, t('tokenRejected')) : null,
      el('label', { for: 'token' }, t('tokenLabel')),
      input,
      el('button', { type: 'submit' }, t('tokenSave')),
    );
    replaceChildren(root, form);
    input.focus();
  });
}

const OFFLINE_WORKER = 'offline-worker.js';

interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

/** The service worker that opens this screen while the hub is away (offline-worker.ts); the page's one Trusted Types policy allows only it. */
function keepScreenForOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  const trustedTypes = (window as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  const policy = trustedTypes?.createPolicy('orderbell-worker', {
    createScriptURL: (url) => {
      if (url !== OFFLINE_WORKER) throw new TypeError(`not the order screen's worker: ${url}`);
      return url;
    },
  });
  const script = (policy ? policy.createScriptURL(OFFLINE_WORKER) : OFFLINE_WORKER) as string;
  navigator.serviceWorker.register(script).catch((error: Error) => console.warn(`this screen will not open without the hub: ${error.message}`));
}

async function webBridge(): Promise<WebBridge> {
  keepScreenForOffline();
  screenFromLink(location.hash, localStorage);
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    localStorage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, '', location.pathname);
  }
  let token = localStorage.getItem(TOKEN_KEY);
  let rejected = false;
  while (!token || !(await tokenAccepted(token))) {
    rejected = Boolean(token);
    token = await askForToken(rejected);
    localStorage.setItem(TOKEN_KEY, token);
  }
  const bridge = new WebBridge(location.origin, token, localStorage);
  await bridge.start();
  document.addEventListener('visibilitychange', () => (document.visibilityState === 'visible' ? bridge.pageShown() : bridge.pageHidden()));
  return bridge;
}

async function main(): Promise<void> {
  setLanguage(resolveLanguage('auto', navigator.languages ?? [navigator.language]));
  const api = window.orderbell ?? (await webBridge());
  redialWhenOnline(window, api);
  const screen = loadScreen(localStorage);
  // A web view or a desktop window set to stations or expo (Settings → This screen shows) is a station screen.
  const kitchen = screen.display.kind === 'all' ? undefined : api instanceof WebBridge ? api : await DesktopKitchen.open(api);
  if (kitchen) {
    setLanguage(resolveLanguage((await api.getSettings()).language, navigator.languages ?? [navigator.language]));
    return new StationApp(kitchen, screen, root).start();
  }
  await new App(api, root).start();
}

void main();
