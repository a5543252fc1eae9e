/**
 * The one contract between the order screen and whatever feeds it: everything the renderer
 * may do and hear. The Electron preload (preload/preload.ts) and the web view's bridge
 * (renderer/web-bridge.ts) implement it; the renderer imports only this type. The data it
 * carries is core's.
 */
import type { AlertAction, AlertState, MutePeriod } from '../main/core/alerts/policy';
import type { Order } from '../main/core/orders/order';
import type { BacklogChoice } from '../main/core/print/backlog-choice';
import type { HistoryPage, HistoryQuery, OrderView } from '../main/core/orders/views';
import type { Report } from '../main/core/reports/figures';
import type { RawReportRequest } from '../main/core/reports/report-params';
import type { AnswerRequest, OrderState, StateChange } from '../main/core/orders/order-life';
import type { Settings } from '../main/core/settings/settings';
import type { BumpAction, OrderBumps } from '../main/core/orders/bumps';
import type { KitchenView } from '../main/core/orders/kitchen-view';
import type { SettingsError } from '../main/core/settings/settings-error';
import type { ActionResult, ConnectionView, PrinterChoice, SettingsCheck, SourceView, StatusView } from '../main/core/ui/status-views';
import type { UpdateState, UpdateView } from '../main/core/updates/policy';

export type { AnswerRequest, OrderState, StateChange };
export type { BumpAction, KitchenView, OrderBumps };
export type { AlertAction, AlertState, MutePeriod, HistoryPage, HistoryQuery, Order, OrderView, RawReportRequest, Report, Settings, SettingsError };
export type { ActionResult, ConnectionView, PrinterChoice, SettingsCheck, SourceView, StatusView, UpdateState, UpdateView };

export interface OrderBellApi {
  readonly environment: 'desktop' | 'web';
  /** Web view: the hub it is opened from prints kitchen tickets (`orderbell hub --print`), so Print asks it to. */
  readonly hubPrints?: boolean;
  /** The orders on screen: every unhandled one and the most recent handled ones. */
  listOrders(): Promise<OrderView[]>;
  markHandled(id: string): Promise<void>;
  /** Accept, reject, ready, done or back to an earlier state (orders/order-life.ts); a refusal says why. */
  answerOrder(id: string, request: AnswerRequest): Promise<ActionResult>;
  queryHistory(query: HistoryQuery): Promise<HistoryPage>;
  /** Figures over local days (from, to: YYYY-MM-DD) grouped by day, hour, channel, station or device; a bad request rejects with why. */
  getReport(request: RawReportRequest): Promise<Report>;
  /**
   * The page calls it once it has subscribed to the events below: the desktop holds alerts
   * until then (a sound, voice line or summary that fired meanwhile plays at once).
   */
  getStatus(): Promise<StatusView>;
  getSettings(): Promise<Settings>;
  validateSettings(settings: unknown): Promise<SettingsCheck>;
  saveSettings(settings: unknown): Promise<SettingsCheck>;
  testConnection(settings: unknown): Promise<ActionResult>;
  sendTestOrder(): Promise<ActionResult>;
  mute(period: MutePeriod): Promise<void>;
  /** Prints the order's ticket again, marked as a reprint. */
  printOrder(id: string): Promise<ActionResult>;
  /** Prints a test page on the printer the (unsaved) settings name. */
  printTestPage(settings: unknown): Promise<ActionResult>;
  /** Prints the days' end-of-day summary as a ticket on the receipt printer (desktop, or a hub that prints); not an order: each press prints. */
  printSummary(request: RawReportRequest): Promise<ActionResult>;
  /** The printer alarm's "Retry now"; with an answer, the backlog question's (print all, the last hour, or skip). */
  retryPrinter(backlog?: BacklogChoice): Promise<void>;
  /** The system's printers, for Settings to offer (none in the web view). */
  listPrinters(): Promise<PrinterChoice[]>;
  /**
   * The page's window saw the network come back ('online'): redial now instead of waiting out the
   * backoff or the 15 s of silence that marks a dead link. The desktop's main process has no such
   * event of its own, so the page passes it on.
   */
  reconnectNow(): void;
  /** Each subscription returns its unsubscribe function. */
  onOrdersChanged(listener: (orders: OrderView[]) => void): () => void;
  onStatus(listener: (status: StatusView) => void): () => void;
  onAlert(listener: (action: AlertAction) => void): () => void;
  /** A notification was clicked: show this order. */
  onOpenOrder(listener: (id: string) => void): () => void;
  /** Desktop only (the web view has no self-update): the update's state, "Check now", and its changes. */
  getUpdateStatus?(): Promise<UpdateView>;
  checkForUpdates?(): Promise<UpdateView>;
  onUpdateStatus?(listener: (view: UpdateView) => void): () => void;
  /** Desktop only: what this PC will not do for OrderBell (notifications refused, no login item), each said in a sentence. */
  getShellNotes?(): Promise<string[]>;
  onShellNotes?(listener: (notes: string[]) => void): () => void;
  /**
   * Desktop only (a web view hears the hub itself): the window as a station screen or expo. The
   * kitchen's orders, stations and bumps; each change after the first call; a bump, sent to the
   * hub on this PC or to the hub this PC is a device of (a refusal says why).
   */
  getKitchen?(): Promise<KitchenView>;
  onKitchen?(listener: (view: KitchenView) => void): () => void;
  bump?(id: string, action: BumpAction): Promise<ActionResult>;
}
