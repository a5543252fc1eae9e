/**
 * The web view's implementation of the bridge contract: protocol v1 over the hub's /ws and
 * its HTTP API, with the alert policy running in the page. It resumes like any client and
 * marks orders handled through the protocol.
 */
import type {
  ActionResult, AlertAction, ConnectionView, HistoryPage, HistoryQuery, MutePeriod, OrderBellApi, OrderView,
  Settings, SettingsCheck, StatusView,
} from '../preload/api';
import { AlertPolicy, alertConfigFrom, alertingOrder } from '../main/core/alert-policy';
import { queryHistory, screenOrders } from '../main/core/order-views';
import { decodeServerMessage, encode, type ClientMessage, type ServerMessage } from '../main/core/protocol';
import { DEFAULT_SETTINGS, validateSettings, withDefaults } from '../main/core/settings';
import { HubApi } from './hub-api';
import { HubSocket } from './hub-socket';
import { t } from '../main/core/i18n';

/** Orders the page loads on open; older ones stay on the hub. */
export const INITIAL_BACKLOG = 2000;
const SETTINGS_KEY = 'orderbell.settings';
/**
 * A page in the background may be frozen and its socket dead without a close (a phone's
 * screen off, Wi-Fi dropped meanwhile). Browsers offer no ping from script, so after this
 * long away the page redials rather than trust the old link.
 */
const REDIAL_AFTER_HIDDEN_MS = 30_000;

type Listener<T> = (value: T) => void;

export class WebBridge implements OrderBellApi {
  readonly environment = 'web' as const;
  private readonly orders = new Map<string, OrderView>();
  private epoch: string | null = null;
  private lastSeq = 0;
  /** The hub's lastSeq in its welcome: orders up to it are catch-up, missed while away. */
  private catchUpToSeq = 0;
  private connection: ConnectionView = { state: 'connecting' };
  private clients: number | null = null;
  private settings: Settings;
  private readonly policy: AlertPolicy;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private hiddenAt: number | undefined;
  private readonly hubApi: HubApi;
  private readonly link: HubSocket;
  private readonly listeners = {
    orders: new Set<Listener<OrderView[]>>(),
    status: new Set<Listener<StatusView>>(),
    alert: new Set<Listener<AlertAction>>(),
  };

  constructor(
    private readonly origin: string,
    token: string,
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
    openSocket: (url: string) => WebSocket = (url) => new WebSocket(url),
  ) {
    this.hubApi = new HubApi(origin, token);
    this.link = new HubSocket(socketUrl(origin, token), {
      opened: () => {
        this.send({ type: 'hello', epoch: this.epoch, lastSeq: this.lastSeq, device: deviceName(this.settings) });
        void this.refreshClients();
      },
      frame: (data) => this.onFrame(data),
      connection: (connection) => {
        if (connection.state !== 'online') this.clients = null; // unknown until connected again
        this.setConnection(connection);
      },
    }, now, openSocket);
    this.settings = this.loadSettings();
    this.policy = new AlertPolicy(alertConfigFrom(this.settings));
  }

  /** Loads the recent backlog's position, connects, and starts the alert clock. */
  async start(): Promise<void> {
    const health = await this.hubApi.health().catch(() => undefined);
    if (health) {
      this.epoch = health.epoch;
      this.lastSeq = Math.max(0, health.lastSeq - INITIAL_BACKLOG);
      this.clients = health.clients;
    }
    this.link.connect();
    this.timers.push(setInterval(() => this.tick(), 1000), setInterval(() => void this.refreshClients(), 15_000));
  }

  /** Disconnects for good and stops the alert clock. */
  stop(): void {
    this.timers.forEach(clearInterval);
    this.link.stop();
  }

  /** The page went to the background: screen off, another tab or app. */
  pageHidden(): void {
    this.hiddenAt = this.now();
  }

  /** The page is visible again: that ends a "mute until reopened", and a long absence redials. */
  pageShown(): void {
    if (this.hiddenAt !== undefined && this.now() - this.hiddenAt >= REDIAL_AFTER_HIDDEN_MS) this.link.reconnectNow();
    this.hiddenAt = undefined;
    this.policy.windowReopened();
    this.emitStatus();
  }

  async listOrders(): Promise<OrderView[]> {
    return screenOrders(this.orders.values());
  }

  async markHandled(id: string): Promise<void> {
    if (this.send({ type: 'handle', id })) return;
    try {
      await this.hubApi.markHandled(id, deviceName(this.settings));
    } catch (error) {
      throw new Error(t('handleFailed', { error: (error as Error).message }));
    }
    this.applyHandled(id, deviceName(this.settings), new Date(this.now()).toISOString());
  }

  /** From the hub, which keeps every order; from what the page holds while the hub is out of reach. */
  async queryHistory(query: HistoryQuery): Promise<HistoryPage> {
    try {
      return await this.hubApi.history(query);
    } catch {
      return queryHistory(this.orders.values(), query);
    }
  }

  async getStatus(): Promise<StatusView> {
    return this.statusView();
  }

  async getSettings(): Promise<Settings> {
    return this.settings;
  }

  async validateSettings(settings: unknown): Promise<SettingsCheck> {
    const result = validateSettings(this.withOwnSource(settings));
    return result.ok ? { ok: true } : { ok: false, errors: result.errors };
  }

  async saveSettings(settings: unknown): Promise<SettingsCheck> {
    const result = validateSettings(this.withOwnSource(settings));
    if (!result.ok) return { ok: false, errors: result.errors };
    const renamed = deviceName(result.value) !== deviceName(this.settings);
    this.settings = result.value;
    this.storage.setItem(SETTINGS_KEY, JSON.stringify(result.value));
    this.policy.configure(alertConfigFrom(result.value));
    // The hub learns a device's name from its hello, so a new name needs a new connection.
    if (renamed) this.link.reconnectNow();
    return { ok: true };
  }

  async testConnection(): Promise<ActionResult> {
    try {
      const health = await this.hubApi.health();
      return { ok: true, message: t('testOk', { n: health.clients, seq: health.lastSeq }) };
    } catch (error) {
      return { ok: false, message: t('testFailed', { error: (error as Error).message }) };
    }
  }

  async sendTestOrder(): Promise<ActionResult> {
    const order = { id: `test-${this.now()}`, title: t('testOrderTitle'), channel: 'test', items: [{ name: t('testOrderTitle'), qty: 1 }] };
    try {
      const { seq } = await this.hubApi.postOrder(order);
      return { ok: true, message: t('testOrderSent', { seq }) };
    } catch (error) {
      return { ok: false, message: t('testOrderFailed', { error: (error as Error).message }) };
    }
  }

  async mute(period: MutePeriod): Promise<void> {
    this.policy.mute(period, this.now());
    this.emitStatus();
  }

  onOrdersChanged(listener: Listener<OrderView[]>): () => void {
    return this.subscribe(this.listeners.orders, listener);
  }

  onStatus(listener: Listener<StatusView>): () => void {
    return this.subscribe(this.listeners.status, listener);
  }

  onAlert(listener: Listener<AlertAction>): () => void {
    return this.subscribe(this.listeners.alert, listener);
  }

  onOpenOrder(): () => void {
    return () => {}; // the web view has no notifications to click
  }

  private subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The network came back (the browser's "online" event): the old link may be dead. */
  reconnectNow(): void {
    this.link.reconnectNow();
  }

  private onFrame(data: string): void {
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) return console.warn(`ignored a message from the hub: ${decoded.error}`);
    const message: ServerMessage = decoded.value;
    if (message.type === 'welcome') {
      this.catchUpToSeq = message.lastSeq;
      if (message.epoch !== this.epoch) {
        this.epoch = message.epoch;
        this.lastSeq = 0;
      }
    } else if (message.type === 'order') {
      this.lastSeq = Math.max(this.lastSeq, message.seq);
      this.send({ type: 'ack', seq: message.seq });
      if (this.orders.has(message.order.id)) return;
      const receivedAt = message.receivedAt ? Date.parse(message.receivedAt) : this.now();
      const view: OrderView = { id: message.order.id, seq: message.seq, order: message.order, receivedAt, handled: message.handled ?? null };
      this.orders.set(view.id, view);
      if (!view.handled) {
        this.policy.orderArrived(alertingOrder(message.order, message.seq <= this.catchUpToSeq), this.now());
      }
      this.emitOrders();
    } else if (message.type === 'handled') {
      this.applyHandled(message.id, message.by, message.at);
    } else {
      console.warn(`hub error ${message.code}: ${message.message}`);
    }
  }

  private applyHandled(id: string, by: string, at: string): void {
    const view = this.orders.get(id);
    if (!view || view.handled) return;
    view.handled = { by, at };
    this.policy.orderHandled(id);
    this.emitOrders();
    this.emitStatus();
  }

  private tick(): void {
    for (const action of this.policy.tick(this.now())) for (const listener of this.listeners.alert) listener(action);
    this.emitStatus();
  }

  private send(message: ClientMessage): boolean {
    return this.link.send(encode(message));
  }

  private setConnection(connection: ConnectionView): void {
    this.connection = connection;
    this.policy.connectionChanged(connection.state === 'online', this.now());
    this.emitStatus();
  }

  private statusView(): StatusView {
    return {
      connection: this.connection,
      source: { kind: 'hub', url: this.origin, lanAddresses: [], clients: this.clients },
      alert: this.policy.state(this.now()),
    };
  }

  private emitStatus(): void {
    const status = this.statusView();
    for (const listener of this.listeners.status) listener(status);
  }

  private emitOrders(): void {
    const orders = screenOrders(this.orders.values());
    for (const listener of this.listeners.orders) listener(orders);
  }

  private async refreshClients(): Promise<void> {
    const health = await this.hubApi.health().catch(() => undefined);
    if (health) {
      this.clients = health.clients;
      this.emitStatus();
    }
  }

  /** The web view cannot change where orders come from: it is the hub that served it. */
  private withOwnSource(settings: unknown): unknown {
    return typeof settings === 'object' && settings !== null ? { ...settings, source: DEFAULT_SETTINGS.source } : settings;
  }

  private loadSettings(): Settings {
    try {
      const result = validateSettings(withDefaults(JSON.parse(this.storage.getItem(SETTINGS_KEY) ?? '{}')));
      if (result.ok) return result.value;
    } catch {
      /* unreadable settings: the defaults */
    }
    return DEFAULT_SETTINGS;
  }
}

/** Who handles orders here, as other devices show it. */
function deviceName(settings: Settings): string {
  return settings.deviceName.trim() || 'web view';
}

function socketUrl(origin: string, token: string): string {
  const url = new URL('/ws', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.href;
}
