/**
 * The web view's implementation of the bridge contract: protocol v1 over the hub's /ws and
 * its HTTP API, with the alert policy running in the page. It resumes like any client and
 * marks orders handled through the HTTP API, queued while the hub is out of reach.
 */
import type {
  ActionResult, AlertAction, ConnectionView, HistoryPage, HistoryQuery, MutePeriod, OrderBellApi, OrderView,
  RawReportRequest, Report, Settings, SettingsCheck, StatusView,
} from '../preload/api';
import { AlertPolicy, alertConfigFrom, alertingOrder } from '../main/core/alerts/policy';
import { AlertClock, realTimers } from '../main/core/alerts/alert-clock';
import { queryHistory, screenOrders } from '../main/core/orders/views';
import { decodeServerMessage, encode, type ClientMessage, type ServerMessage } from '../main/core/link/protocol';
import type { HandledState } from '../main/core/orders/order';
import { isClosed, type AnswerRequest, type StateChange } from '../main/core/orders/order-life';
import { stateChanged } from '../main/core/alerts/answer-alerts';
import { HandleQueue } from './handle-queue';
import { HubApi, HubError } from './hub-api';
import { HubSocket } from './hub-socket';
import { Listeners } from './listeners';
import { t } from '../main/core/ui/i18n';
import { checkHub, postTestOrder } from './web-checks';
import { checkWebSettings, deviceName, loadWebSettings, saveWebSettings } from './web-settings';
import { storedDefaultName } from './device-name';
import { KitchenState } from './kitchen-state';

/** Orders the page loads on open; older ones stay on the hub. */
export const INITIAL_BACKLOG = 2000;
/** Until when this page is muted (ms since the epoch): a reload keeps the mute until it ends. */
const MUTED_UNTIL_KEY = 'orderbell.mutedUntil';
/**
 * A page in the background may be frozen and its socket dead without a close (a phone's
 * screen off, Wi-Fi dropped meanwhile). Browsers offer no ping from script, so after this
 * long away the page redials rather than trust the old link.
 */
const REDIAL_AFTER_HIDDEN_MS = 30_000;

export class WebBridge implements OrderBellApi {
  readonly environment = 'web' as const;
  hubPrints = false;
  private readonly orders = new Map<string, OrderView>();
  /**
   * The history each order's seq belongs to: the same id with another seq of that history is
   * a new order. A history changes with the epoch, or when the hub says it does not hold this
   * page's order at lastSeq (its files were restored or replaced) though the epoch is the same.
   */
  private readonly seqHistories = new Map<string, number>();
  private history = 0;
  private epoch: string | null = null;
  private lastSeq = 0;
  /** The id of the order received at lastSeq, which the hello names for log matching. */
  private lastSeqId: string | null = null;
  /** The hub's lastSeq in its welcome: orders up to it are catch-up, missed while away. */
  private catchUpToSeq = 0;
  private connection: ConnectionView = { state: 'connecting' };
  private clients: number | null = null;
  /** The hub's own addresses for phones, asked for when this page was opened at one a phone cannot open. */
  private hubScreens: string[] = [];
  private settings: Settings;
  private readonly policy: AlertPolicy;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly clock: AlertClock;
  /** The status last told, as JSON. */
  private toldStatus = '';
  private hiddenAt: number | undefined;
  /** The hub turned this page's token away; browsers hide the 401 behind a bare close. */
  private tokenRefused = false;
  /** Why the hub refused this page's hello: offline, whatever the socket says, until the hub sends it an order or a ping. */
  private helloRefused: string | undefined;
  /** When the hub last said anything: a link that went quiet counts as down from then. */
  private lastHeardAt: number | undefined;
  private readonly hubApi: HubApi;
  private readonly link: HubSocket;
  private readonly unsent: HandleQueue;
  /** The kitchen display's stations and bumps, as the hub sends them. */
  readonly kitchen: KitchenState;
  /** Who this page signs as while staff have not named it. */
  private readonly defaultName: string;
  private readonly listeners = { orders: new Listeners<OrderView[]>(), status: new Listeners<StatusView>(), alert: new Listeners<AlertAction>() };

  constructor(
    private readonly origin: string,
    private readonly token: string,
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
    openSocket: (url: string) => WebSocket = (url) => new WebSocket(url),
  ) {
    this.hubApi = new HubApi(origin, token);
    this.link = new HubSocket(socketUrl(origin, token), {
      opened: () => {
        const lastId = this.lastSeqId === null ? {} : { lastId: this.lastSeqId };
        this.send({ type: 'hello', epoch: this.epoch, lastSeq: this.lastSeq, ...lastId, device: this.device(this.settings), heartbeat: true, states: true });
        void this.refreshClients();
        void this.sendUnsentHandles();
      },
      frame: (data) => this.onFrame(data),
      connection: (connection) => {
        if (connection.state !== 'online') this.clients = null; // unknown until connected again
        if (connection.state === 'online') this.tokenRefused = false;
        this.setConnection(connection);
        if (connection.state === 'offline') void this.checkToken();
      },
    }, now, openSocket);
    this.settings = loadWebSettings(storage);
    this.defaultName = storedDefaultName(storage, globalThis.navigator?.userAgent ?? '');
    this.unsent = new HandleQueue(storage);
    this.kitchen = new KitchenState((id, action) => this.hubApi.bump(id, action, this.device(this.settings)));
    this.policy = new AlertPolicy(alertConfigFrom(this.settings));
    const mutedUntil = Number(storage.getItem(MUTED_UNTIL_KEY));
    if (mutedUntil > now()) this.policy.muteUntil(mutedUntil);
    this.clock = new AlertClock(this.policy, () => this.tick(), realTimers(now));
  }

  /** Loads the recent backlog's position, connects, and starts the alert clock. */
  async start(): Promise<void> {
    const health = await this.hubApi.health().catch(() => undefined);
    if (health) {
      this.epoch = health.epoch;
      this.lastSeq = Math.max(0, health.lastSeq - INITIAL_BACKLOG);
      this.clients = health.clients;
      this.hubPrints = health.prints === true;
    }
    this.link.connect();
    this.clock.start();
    this.timers.push(setInterval(() => void this.refreshClients(), 15_000));
  }

  /** Disconnects for good and stops the alert clock. */
  stop(): void {
    this.clock.stop();
    this.timers.forEach(clearInterval);
    this.link.stop();
  }

  /** The page went to the background: screen off, another tab or app. */
  pageHidden(): void {
    this.hiddenAt = this.now();
  }

  /** The page is visible again: a long absence redials. */
  pageShown(): void {
    if (this.hiddenAt !== undefined && this.now() - this.hiddenAt >= REDIAL_AFTER_HIDDEN_MS) this.link.reconnectNow();
    this.hiddenAt = undefined;
  }

  /** Every order this page holds, handled or not: a kitchen screen shows what is still to make. */
  allOrders(): OrderView[] {
    return [...this.orders.values()];
  }

  async listOrders(): Promise<OrderView[]> {
    return screenOrders(this.orders.values());
  }

  /**
   * Handled here at once (the ringing stops), then told to the hub; while the hub is out of
   * reach the card says so, and it is sent on reconnect, as the desktop app does.
   */
  async markHandled(id: string): Promise<void> {
    const view = this.orders.get(id);
    if (view?.handled && !view.handledUnsent) return;
    const at = new Date(this.now()).toISOString();
    this.unsent.add(id, at);
    if (view) this.handleHere(view, at);
    this.emitOrders();
    this.emitStatus();
    await this.sendUnsentHandles();
  }

  /** From the hub, which keeps every order; from what the page holds while the hub is out of reach. */
  async queryHistory(query: HistoryQuery): Promise<HistoryPage> {
    try {
      return await this.hubApi.history(query);
    } catch {
      return queryHistory(this.orders.values(), query);
    }
  }

  getReport(request: RawReportRequest): Promise<Report> {
    return this.hubApi.report(request);
  }

  async getStatus(): Promise<StatusView> {
    return this.statusView();
  }

  async getSettings(): Promise<Settings> {
    return this.settings;
  }

  async validateSettings(settings: unknown): Promise<SettingsCheck> {
    const result = checkWebSettings(settings);
    return result.ok ? { ok: true } : { ok: false, errors: result.errors };
  }

  async saveSettings(settings: unknown): Promise<SettingsCheck> {
    const result = checkWebSettings(settings);
    if (!result.ok) return { ok: false, errors: result.errors };
    const renamed = this.device(result.value) !== this.device(this.settings);
    this.settings = result.value;
    saveWebSettings(this.storage, result.value);
    this.policy.configure(alertConfigFrom(result.value));
    // The hub learns a device's name from its hello, so a new name needs a new connection.
    if (renamed) this.link.reconnectNow();
    return { ok: true };
  }

  testConnection(): Promise<ActionResult> {
    return checkHub(this.hubApi);
  }

  sendTestOrder(): Promise<ActionResult> {
    return postTestOrder(this.hubApi, this.now());
  }

  /**
   * Timed mutes only: a page on a tablet may never be closed or hidden, so "until reopened"
   * could mean forever; it is refused rather than trusted to end.
   */
  async mute(period: MutePeriod): Promise<void> {
    if (period === 'until-reopened') throw new Error(t('muteReopenNotHere'));
    this.policy.mute(period, this.now());
    const mute = this.policy.state(this.now()).mute;
    if (mute.kind === 'until') this.storage.setItem(MUTED_UNTIL_KEY, String(mute.until));
    else this.storage.removeItem(MUTED_UNTIL_KEY);
    this.emitStatus();
  }

  /** The hub prints when it was started with --print; otherwise printing is the desktop app's. */
  printOrder(id: string): Promise<ActionResult> {
    return this.askHubToPrint(() => this.hubApi.print(id), t('printSentToHub'));
  }

  /** On a hub that prints, the summary ticket on its printer; otherwise the page prints itself (renderer/views/reports.ts). */
  printSummary(request: RawReportRequest): Promise<ActionResult> {
    return this.askHubToPrint(() => this.hubApi.printSummary(request), t('summarySentToHub'));
  }

  private async askHubToPrint(print: () => Promise<void>, done: string): Promise<ActionResult> {
    if (!this.hubPrints) return { ok: false, message: t('printWhere') };
    try {
      await print();
      return { ok: true, message: done };
    } catch (error) {
      return { ok: false, message: t('printFailed', { error: (error as Error).message }) };
    }
  }

  async printTestPage(): Promise<ActionResult> {
    return { ok: false, message: t('notInWebView') };
  }

  async retryPrinter(): Promise<void> {}

  async listPrinters(): Promise<[]> {
    return [];
  }

  onOrdersChanged(listener: (orders: OrderView[]) => void): () => void {
    return this.listeners.orders.add(listener);
  }

  onStatus(listener: (status: StatusView) => void): () => void {
    return this.listeners.status.add(listener);
  }

  onAlert(listener: (action: AlertAction) => void): () => void {
    return this.listeners.alert.add(listener);
  }

  onOpenOrder(): () => void {
    return () => {}; // the web view has no notifications to click
  }

  /** Answers an order at the hub; the hub's refusal (another device was first, a missing reason) is said in its words. */
  async answerOrder(id: string, request: AnswerRequest): Promise<ActionResult> {
    try {
      this.applyState(await this.hubApi.answer(id, request, this.device(this.settings)));
      return { ok: true, message: '' };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  /** The network came back (the browser's "online" event): the old link may be dead. */
  reconnectNow(): void {
    this.link.reconnectNow();
  }

  private onFrame(data: string): void {
    this.lastHeardAt = this.now();
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) return console.warn(`ignored a message from the hub: ${decoded.error}`);
    const message: ServerMessage = decoded.value;
    if (message.type === 'welcome') {
      this.catchUpToSeq = message.lastSeq;
      if (message.epoch !== this.epoch) {
        this.epoch = message.epoch;
        this.startHistory();
      }
    } else if (message.type === 'mismatch') {
      console.warn(`the hub does not hold this page's order at seq ${message.seq} (its files were restored or replaced); taking its whole history again, known orders by id`);
      this.startHistory();
    } else if (message.type === 'order') {
      this.helloAccepted();
      this.onOrder(message);
    } else if (message.type === 'handled') {
      this.helloAccepted();
      this.applyHandled(message.id, message.by, message.at);
    } else if (message.type === 'stations') {
      this.kitchen.setStations(message.stations);
    } else if (message.type === 'bumps') {
      this.kitchen.setBumps(message.id, message.bumps);
    } else if (message.type === 'ping') {
      this.helloAccepted();
      this.send({ type: 'pong' }); // the link's liveness itself is HubSocket's business
    } else if (message.type === 'state') {
      this.applyState(message.change);
    } else if (message.code === 'hello-refused') {
      this.helloRefused = message.message;
      this.setConnection(this.connection);
    } else {
      console.warn(`hub error ${message.code}: ${message.message}`);
    }
  }

  /** v1.1: an order's state changed at the hub; a change the page has (by seq) is not added twice. */
  private applyState(change: StateChange): void {
    const view = this.orders.get(change.id);
    if (!view || (view.history?.at(-1)?.seq ?? 0) >= change.seq) return;
    view.history = [...(view.history ?? []), change];
    if (!isClosed(change.state)) view.handled = null; // reopened: waiting again
    stateChanged(this.policy, change, alertingOrder(view.order, false), this.settings.mustAccept, this.now());
    this.tick();
    this.emitOrders();
  }

  /** Seqs start again: the orders held so far belong to an earlier history. */
  private startHistory(): void {
    this.history++;
    this.lastSeq = 0;
    this.lastSeqId = null;
  }

  private onOrder(message: Extract<ServerMessage, { type: 'order' }>): void {
    if (message.seq >= this.lastSeq) {
      this.lastSeq = message.seq;
      this.lastSeqId = message.order.id;
    }
    this.send({ type: 'ack', seq: message.seq });
    // A repeat, unless the hub numbered a re-posted id anew (docs/protocol.md, Repeated ids).
    const known = this.orders.get(message.order.id);
    if (known && (known.seq === message.seq || this.seqHistories.get(known.id) !== this.history)) return;
    // The hub's time, not the page's: a reload must not make every order "just now".
    const receivedAt = message.receivedAt ? Date.parse(message.receivedAt) : this.now();
    const view: OrderView = { id: message.order.id, seq: message.seq, order: message.order, receivedAt, handled: message.handled ?? null };
    this.orders.set(view.id, view);
    this.seqHistories.set(view.id, this.history);
    const handledHereAt = this.unsent.handledAt(view.id);
    if (view.handled) this.unsent.delete(view.id);
    else if (handledHereAt) this.handleHere(view, handledHereAt); // before a reload, and not sent yet
    else if (this.policy.orderArrived(alertingOrder(message.order, message.seq <= this.catchUpToSeq), this.now()) === 'individual') {
      this.tick(); // ring now, not at the alert clock's next second
    }
    this.emitOrders();
  }

  /** The hub's word on an order's handled state: it replaces what this page assumed. */
  private applyHandled(id: string, by: string, at: string): void {
    this.unsent.delete(id);
    const view = this.orders.get(id);
    if (!view || (view.handled && !view.handledUnsent)) return;
    view.handled = { by, at };
    delete view.handledUnsent;
    this.policy.orderHandled(id);
    this.emitOrders();
    this.emitStatus();
  }

  private helloAccepted(): void {
    if (this.helloRefused === undefined) return;
    this.helloRefused = undefined;
    this.setConnection(this.connection);
  }

  private handleHere(view: OrderView, at: string): void {
    view.handled = { by: this.device(this.settings), at };
    view.handledUnsent = true;
    delete view.handledUnsentError;
    this.policy.orderHandled(view.id);
  }

  private device(settings: Settings): string {
    return deviceName(settings, this.defaultName);
  }

  private sendUnsentHandles(): Promise<void> {
    const sent = (id: string, handled: HandledState | null): void => {
      if (handled) return this.applyHandled(id, handled.by, handled.at);
      // The hub has no such order, or another device's handled state is on its way to this page.
      const view = this.orders.get(id);
      if (!view?.handledUnsent) return;
      delete view.handledUnsent;
      delete view.handledUnsentError;
      this.emitOrders();
    };
    const failed = (id: string, error: Error): void => {
      // Out of reach while offline is what the card says already; anything else is news.
      if (!(error instanceof HubError) && this.connection.state !== 'online') return;
      const view = this.orders.get(id);
      if (!view?.handledUnsent || view.handledUnsentError === error.message) return;
      view.handledUnsentError = error.message;
      this.emitOrders();
    };
    return this.unsent.sendAll((id) => this.hubApi.markHandled(id, this.device(this.settings)), sent, failed);
  }

  private tick(): void {
    for (const action of this.policy.tick(this.now())) this.listeners.alert.emit(action);
    // Told only when it changed: an idle page renders nothing for the clock.
    this.emitStatus(true);
  }

  private send(message: ClientMessage): boolean {
    return this.link.send(encode(message));
  }

  private setConnection(connection: ConnectionView): void {
    this.connection = connection;
    const online = connection.state === 'online' && this.helloRefused === undefined;
    this.policy.connectionChanged(online, this.now(), { lastHeardAt: this.lastHeardAt });
    this.emitStatus();
  }

  private async checkToken(): Promise<void> {
    if ((await this.hubApi.tokenAccepted().catch(() => true)) || this.tokenRefused || this.connection.state === 'online') return;
    this.tokenRefused = true;
    this.emitStatus();
  }

  private statusView(): StatusView {
    return {
      connection: this.tokenRefused
        ? { ...this.connection, lastError: t('tokenRefusedError'), tokenRefused: true }
        : this.helloRefused !== undefined
          ? { state: 'offline', lastError: t('helloRefusedError', { detail: this.helloRefused }) }
          : this.connection,
      source: this.phonesSource(),
      alert: this.policy.state(this.now()),
    };
  }

  /** The hub, and where phones open it: the Phones link carries the token, so the token goes only with it. */
  private phonesSource(): StatusView['source'] {
    const lanAddresses = isLoopback(this.origin) ? this.hubScreens.filter((link) => !isLoopback(link)) : [`${this.origin}/`];
    return { kind: 'hub', url: this.origin, lanAddresses, clients: this.clients, ...(lanAddresses.length ? { token: this.token } : {}) };
  }

  private emitStatus(onlyIfChanged = false): void {
    const status = this.statusView();
    const json = JSON.stringify(status);
    if (onlyIfChanged && json === this.toldStatus) return;
    this.toldStatus = json;
    this.listeners.status.emit(status);
  }

  private emitOrders(): void {
    this.listeners.orders.emit(screenOrders(this.orders.values()));
  }

  private async refreshClients(): Promise<void> {
    const [health, screens] = await Promise.all([
      this.hubApi.health().catch(() => undefined),
      isLoopback(this.origin) ? this.hubApi.screens().catch(() => undefined) : undefined,
    ]);
    if (screens) this.hubScreens = screens;
    if (health) this.clients = health.clients;
    if (health || screens) this.emitStatus();
  }
}

/** An address only this PC can open: the Phones link shows the hub's LAN addresses instead. */
function isLoopback(address: string): boolean {
  const host = new URL(address).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

function socketUrl(origin: string, token: string): string {
  const url = new URL('/ws', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.href;
}
