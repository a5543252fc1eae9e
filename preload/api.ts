/**
 * The one contract between the order screen and whatever feeds it: everything the renderer
 * may do and hear. The Electron preload (preload/preload.ts) and the web view's bridge
 * (renderer/web-bridge.ts) implement it; the renderer imports only this type.
 */
import type { AlertAction, AlertState, MutePeriod } from '../main/core/alert-policy';
import type { Order } from '../main/core/order';
import type { HistoryPage, HistoryQuery, OrderView } from '../main/core/order-views';
import type { Settings, SettingsError } from '../main/core/settings';

export type { AlertAction, AlertState, MutePeriod, HistoryPage, HistoryQuery, Order, OrderView, Settings, SettingsError };

export interface ConnectionView {
  state: 'connecting' | 'online' | 'offline' | 'stopped';
  lastError?: string;
  /** With 'offline': when the next attempt starts, ms since the epoch. */
  nextRetryAt?: number;
}

export interface SourceView {
  kind: 'hub' | 'push-server';
  /** Where devices connect (hub) or where this app connects (push server). */
  url: string;
  /** The hub's addresses on the shop's network, for phones and tablets. */
  lanAddresses: string[];
  /** Devices connected to the hub; null when unknown. */
  clients: number | null;
  /** Desktop, hub mode: the token phones and backends need. */
  token?: string;
}

export interface StatusView {
  connection: ConnectionView;
  source: SourceView;
  alert: AlertState;
}


export interface ActionResult {
  ok: boolean;
  message: string;
}

export type SettingsCheck = { ok: true } | { ok: false; errors: SettingsError[] };

export interface OrderBellApi {
  readonly environment: 'desktop' | 'web';
  /** The orders on screen: every unhandled one and the most recent handled ones. */
  listOrders(): Promise<OrderView[]>;
  markHandled(id: string): Promise<void>;
  queryHistory(query: HistoryQuery): Promise<HistoryPage>;
  getStatus(): Promise<StatusView>;
  getSettings(): Promise<Settings>;
  validateSettings(settings: unknown): Promise<SettingsCheck>;
  saveSettings(settings: unknown): Promise<SettingsCheck>;
  testConnection(settings: unknown): Promise<ActionResult>;
  sendTestOrder(): Promise<ActionResult>;
  mute(period: MutePeriod): Promise<void>;
  /** Each subscription returns its unsubscribe function. */
  onOrdersChanged(listener: (orders: OrderView[]) => void): () => void;
  onStatus(listener: (status: StatusView) => void): () => void;
  onAlert(listener: (action: AlertAction) => void): () => void;
  /** A notification was clicked: show this order. */
  onOpenOrder(listener: (id: string) => void): () => void;
}
