/**
 * The page's window says when the network comes back ('online'): the old link may be dead, so
 * whichever bridge feeds the page redials now. In the desktop app this is the only network-change
 * signal there is (Electron's main process has none); the web view's bridge redials its own link.
 */
import type { OrderBellApi } from '../preload/api';

export function redialWhenOnline(page: Pick<EventTarget, 'addEventListener'>, api: Pick<OrderBellApi, 'reconnectNow'>): void {
  page.addEventListener('online', () => api.reconnectNow());
}
