/**
 * The desktop app's engine, without Electron: the order source chosen in settings (the
 * embedded hub on this PC, or a push server), the journal, and the alert policy's clock.
 * The Electron shell only adapts what it emits (tray, notifications, badge, sound in the
 * window) and forwards what staff do.
 */
import type { BacklogChoice } from './print/backlog';
import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AlertPolicy, alertConfigFrom, alertingOrder, type AlertAction, type MutePeriod } from './alerts/policy';
import { AlertClock, realTimers } from './alerts/alert-clock';
import type { ConnectionStatus } from './link/connection';
import { testPushServer, type ConnectionTest } from './link/connection-test';
import { Hub } from './hub/hub';
import { Answers } from './hub/answers';
import { answerAtHub, type RemoteHub } from './link/hub-actions';
import { Journal, type StoredOrder } from './journal/journal';
import { deviceName } from './orders/device-name';
import { currentState, isAnswered, type AnswerRequest, type StateChange } from './orders/order-life';
import { stateChanged, unansweredLong } from './alerts/answer-alerts';
import type { AutoAcceptRule } from './orders/auto-accept';
import type { ActionResult } from './ui/status-views';
import { t } from './ui/i18n';
import { lanAddresses } from './ui/lan';
import { queryHistory, screenOrders, toView, type HistoryPage, type HistoryQuery, type OrderView } from './orders/views';
import type { SystemPrinter } from './print/printer-transports';
import { StationPrinting, type PrintOutcome } from './print/station-printing';
import type { PrinterSettings, Settings, SourceSettings } from './settings/settings';
import { OwnSource } from './sources/own-source';
import { HubOutbox } from './outbox/hub-outbox';
import { WebhookTarget } from './outbox/webhook';
import { replyTargets } from './outbox/reply-targets';
import { SourcePositions } from './sources/positions';
import { Upstreams } from './sources/upstreams';
import type { SourceConfig } from './settings/source-config';
import { computeReport, type Report } from './reports/figures';
import { ReportOrders } from './reports/report-orders';
import { reportRequestOf } from './reports/report-params';
import type { SourceProbe } from './sources/probe';
import type { SourceView, StatusView } from './ui/status-views';
import { KitchenFeed, type BumpRoute } from './link/kitchen-feed';
import { KITCHEN_DAY_MS, type KitchenView } from './orders/kitchen-view';
import type { BumpAction } from './orders/bumps';
import { OrderbellSource } from './sources/orderbell';

export type Notice = { kind: 'order'; view: OrderView } | { kind: 'summary'; count: number } | { kind: 'waiting'; id: string; n: number; min: number };

/** What "Send test order" did; the shell words it in the UI language. */
export type TestOrderOutcome = { kind: 'sent'; seq: number } | { kind: 'local' } | { kind: 'refused'; error: string };

interface StationEvents {
  orders: [OrderView[]];
  status: [StatusView];
  alert: [AlertAction];
  /** Show a notification: one per order, or one summary for orders that arrived late. */
  notice: [Notice];
  log: [string];
  /** An order's state changed (stored in this device's journal): the hook the outbox takes them from. */
  state: [StateChange];
  /** What a window showing stations or expo shows changed; only once one asked (kitchenView). */
  kitchen: [KitchenView];
}

export interface StationOptions {
  dataDir: string;
  settings: Settings;
  /** Who handles orders here when the settings name no one; default: the computer's name. */
  device?: string;
  /** Printing to a system printer (system:NAME): the desktop shell supplies it. */
  systemPrinter?: SystemPrinter;
  now?: () => number;
}

const DAY_MS = 24 * 3600 * 1000;
const autoAcceptRule = ({ autoAccept: { channels, readyInMin, hours } }: Settings): AutoAcceptRule => ({ channels, readyInMin, ...(hours ? { hours } : {}) });

// The embedded hub takes its stations when it starts: new stations restart it like a new source.
const sameSource = (a: Settings, b: Settings) => JSON.stringify([a.source, a.sources, a.stations]) === JSON.stringify([b.source, b.sources, b.stations]);

export class Station extends EventEmitter<StationEvents> {
  private journal!: Journal;
  private printing!: StationPrinting;
  private reportOrders: ReportOrders | undefined;
  private own: OwnSource | undefined;
  private upstreams!: Upstreams;
  private hub: Hub | undefined;
  /** The outbox to the shop's backend, when webhooks or reply channels are set: the hub's, or with push servers alone this PC's. */
  private outbox: HubOutbox | undefined;
  /** With push servers alone (no hub anywhere), this PC decides answers in its own journal. */
  private ownAnswers: Answers | undefined;
  private hubToken = '';
  private hubUrl = '';
  private connection: ConnectionStatus = { state: 'connecting' };
  private settings: Settings;
  private readonly policy: AlertPolicy;
  private readonly clock: AlertClock;
  /** The status last told, as JSON. */
  private toldStatus = '';
  private readonly now: () => number;
  /** The last summary of orders missed while offline, until every order is handled. */
  private missedSummary = 0;
  /** The ringing was escalated at the last tick. */
  private escalated = false;
  /** The kitchen display as heard from the hub; told to the window once it shows stations or expo. */
  private readonly kitchen = new KitchenFeed();
  private kitchenShown = false;

  constructor(private readonly options: StationOptions) {
    super();
    this.settings = options.settings;
    this.now = options.now ?? Date.now;
    this.policy = new AlertPolicy(alertConfigFrom(this.settings));
    this.kitchen.on('changed', () => this.kitchenShown && this.emit('kitchen', this.kitchenView()));
    this.clock = new AlertClock(this.policy, () => this.tick(), realTimers(this.now));
  }

  async start(): Promise<void> {
    await mkdir(this.options.dataDir, { recursive: true, mode: 0o700 });
    this.journal = await Journal.open(join(this.options.dataDir, 'journal.log'), { maxAgeMs: this.settings.reportKeepDays * DAY_MS, log: (line) => this.emit('log', line) });
    for (const problem of this.journal.problems) this.emit('log', `journal line ${problem.line}: ${problem.reason}`);
    this.journal.on('state', (change) => this.onStateChange(change));
    this.upstreams = new Upstreams(await SourcePositions.open(join(this.options.dataDir, 'positions.json')), this.options.dataDir);
    this.upstreams.on('order', (stored, arrival) => this.onOrder(stored, arrival.replayed));
    this.upstreams.on('status', () => this.connectionChanged());
    this.upstreams.on('online', (label) => this.outbox?.outbox.linkUp(label));
    this.upstreams.on('log', (line) => this.emit('log', line));
    // Orders still unhandled from before a restart ring again, as one summary.
    for (const stored of this.journal.unhandled()) {
      if (isAnswered(currentState(this.journal.stateHistory(stored.id)), this.settings.mustAccept)) continue;
      this.policy.orderArrived({ ...alertingOrder(stored.order, true), createdAt: stored.receivedAt }, this.now());
    }
    await this.startPrinting();
    await this.startSource();
    this.clock.start();
  }

  async stop(): Promise<void> {
    this.clock.stop();
    await this.stopSource();
    await this.printing.close();
    await this.journal.close();
  }

  /** Applies new settings: the alert rules at once; the source is restarted only if it changed. */
  async applySettings(settings: Settings): Promise<void> {
    const sourceChanged = !sameSource(settings, this.settings);
    const webhooksChanged = JSON.stringify(settings.webhooks) !== JSON.stringify(this.settings.webhooks);
    const renamed = this.deviceName(settings) !== this.deviceName(this.settings);
    const unansweredChanged = settings.unansweredAfterMin !== this.settings.unansweredAfterMin;
    this.settings = settings;
    this.policy.configure(alertConfigFrom(settings));
    (this.hub?.answers ?? this.ownAnswers)?.setAutoAccept(autoAcceptRule(settings));
    await this.printing.apply(settings);
    if (sourceChanged) {
      await this.stopSource();
      await this.startSource();
    } else if (webhooksChanged && (this.hub || this.ownAnswers)) {
      await this.closeOutbox();
      await this.openOutbox();
      this.attachOutbox(this.hub?.orderJournal ?? this.journal);
    } else if (renamed && this.own) {
      // The server learns a device's name from its hello: a new connection, the hub left running.
      await this.own.stop();
      this.startOwnSource();
    }
    if (unansweredChanged) this.outbox?.watchUnanswered(settings.unansweredAfterMin * 60);
    this.emitStatus();
  }

  listOrders(): OrderView[] {
    return screenOrders(this.journal.all()).map((stored) => this.view(stored));
  }

  /** The Reports tab's figures, from this PC's journal, in the shop's time zone (Settings). */
  report(request: unknown): Report {
    return computeReport((this.reportOrders ??= new ReportOrders(this.journal)).rows(), reportRequestOf(request, Date.now(), this.settings.reportTimeZone || undefined));
  }

  queryHistory(query: HistoryQuery): HistoryPage {
    const page = queryHistory(this.journal.all(), query);
    return { orders: page.orders.map((stored) => this.view(stored)), total: page.total };
  }

  /**
   * Answers an order where the shop's answers are decided: at the hub on this PC, at the hub
   * this PC is a device of (the change comes back over the link), or with push servers alone
   * in this PC's journal. The first answer wins; a refusal names who was first.
   */
  async answerOrder(id: string, request: AnswerRequest): Promise<ActionResult> {
    const by = this.deviceName(this.settings);
    const remote = this.hubElsewhere();
    if (remote) {
      // A test order, or one from a listed source: stored here alone, never at the hub.
      if (this.journal.get(id)?.seq === null) return { ok: false, message: t('answerOnlyHere') };
      const result = await answerAtHub(remote, id, request, by);
      if (!result.ok) return { ok: false, message: result.code === 'unreachable' ? t('answerHubUnreachable', { error: result.error }) : result.code === 'token-refused' ? t('answerHubRefusedCode') : result.error };
      // Stored now, so every screen here shows it at once; the same change over the link is then a repeat
      // (and brings it, should this store fail: the hub has it).
      await this.journal.appendState(result.value).catch((error: Error) => this.emit('log', `order ${id}: the hub took the answer, this PC could not store it yet: ${error.message}`));
      return { ok: true, message: '' };
    }
    const answers = this.hub?.answers ?? this.ownAnswers;
    if (!answers) return { ok: false, message: t('answerHubNotRunning') };
    const result = await answers.answer(id, request, by);
    return result.ok ? { ok: true, message: '' } : { ok: false, message: result.error };
  }

  /** The hub this PC is a device of (a protocol v1 push server is another PC's hub), or none. */
  private hubElsewhere(): RemoteHub | undefined {
    const source = this.settings.source;
    return source.kind === 'push-server' && source.mode === 'json' ? { linkUrl: source.url, token: source.token } : undefined;
  }

  /** The orders of the kitchen's day with their bumps and the hub's stations; from now on each change is told too. */
  kitchenView(): KitchenView {
    this.kitchenShown = true;
    const since = this.now() - KITCHEN_DAY_MS;
    const orders: OrderView[] = [];
    for (const stored of this.journal.all()) if (stored.receivedAt >= since) orders.push(this.view(stored));
    return this.kitchen.view(orders);
  }

  /** A bump on this PC's station screen: to the hub on this PC, or to the hub this PC is a device of. */
  async bump(id: string, action: BumpAction): Promise<ActionResult> {
    const device = this.deviceName(this.settings);
    const hub = this.hub;
    const remote = this.hubElsewhere();
    const route: BumpRoute | undefined = hub
      ? { kind: 'here', bump: (order, change) => hub.kitchen.bump(order, change, device) }
      : remote
        ? { kind: 'remote', hub: remote, device }
        : undefined;
    if (!route) return { ok: false, message: t('bumpNeedsHub') };
    const result = await this.kitchen.bump(id, action, route);
    return result.ok ? { ok: true, message: '' } : { ok: false, message: result.error };
  }

  private onStateChange(change: StateChange): void {
    const stored = this.journal.get(change.id);
    if (stored) stateChanged(this.policy, change, alertingOrder(stored.order, false), this.settings.mustAccept, this.now());
    this.emit('state', change);
    this.tick();
    this.emitOrders();
  }

  /** A notification each time the ringing escalates (an order rang here unanswered for the escalation time), naming how many wait. */
  private noticeUnanswered(): void {
    const escalated = this.policy.state(this.now()).level === 'escalated';
    if (escalated === this.escalated) return;
    this.escalated = escalated;
    const waiting = this.journal.unhandled().map((stored) => ({ id: stored.id, receivedAt: stored.receivedAt, answered: currentState(this.journal.stateHistory(stored.id)) !== 'new' }));
    const late = escalated ? unansweredLong(waiting, this.settings.escalateAfterS, this.now()) : null;
    if (late) this.emit('notice', { kind: 'waiting', id: late.oldest, n: late.n, min: late.min });
  }

  private view(stored: StoredOrder): OrderView {
    return toView(stored, this.journal.stateHistory(stored.order.id));
  }

  /**
   * Always works here, with or without a connection: the journal records it at once, and the
   * connection announces it to the hub or push server now or when it next connects.
   */
  async markHandled(id: string): Promise<void> {
    const by = this.deviceName(this.settings);
    // With push servers alone the done state is this PC's to decide, durable (and in the outbox) before this returns.
    const handled = this.ownAnswers
      ? (await this.ownAnswers.answer(id, { state: 'done' }, by)).ok
      : this.own
        ? await this.own.handle(id)
        : await this.journal.markHandled(id, by, new Date(this.now()).toISOString());
    if (!handled) return;
    this.policy.orderHandled(id);
    this.emitOrders();
    this.emitStatus();
  }

  mute(period: MutePeriod): void {
    this.policy.mute(period, this.now());
    this.emitStatus();
  }

  windowReopened(): void {
    this.policy.windowReopened();
    this.emitStatus();
  }

  /** The system woke up or the network changed: the connection may be dead. */
  reconnectNow(): void {
    this.own?.reconnectNow();
    this.upstreams.reconnectNow();
  }

  status(): StatusView {
    const alert = this.policy.state(this.now());
    if (alert.unhandled === 0) this.missedSummary = 0;
    const printer = this.printing?.view();
    const sources = this.upstreams.views();
    return {
      connection: this.overallConnection(),
      source: this.sourceView(),
      ...(sources.length ? { sources } : {}),
      alert,
      ...(this.missedSummary > 0 ? { missedSummary: this.missedSummary } : {}),
      ...(printer ? { printer } : {}),
      ...(this.outbox ? { deliveries: this.outbox.outbox.statuses() } : {}),
    };
  }

  /** Staff pressed Print on an order: a reprint, marked as one on paper. */
  async printOrder(id: string): Promise<PrintOutcome> {
    const stored = this.journal.get(id);
    if (!stored) return { kind: 'failed', error: `order ${id} is not kept any more` };
    return this.printing.reprint(stored);
  }

  /** "Print summary" on the Reports tab: the days' summary ticket on the kitchen printer, now. */
  async printSummary(request: unknown): Promise<PrintOutcome> {
    return this.printing.summary(this.report(request));
  }

  /** "Print test page" in Settings, on the printer the form names (saved or not). */
  printTestPage(printer: PrinterSettings): Promise<PrintOutcome> {
    return this.printing.testPage(printer);
  }

  /** "Retry now", or the answer to the backlog question. */
  retryPrinter(backlog?: BacklogChoice): void {
    if (backlog) this.printing.answerBacklog(backlog);
    else this.printing.retryNow();
  }

  /** This device's connection, or else the first listed source that is down, named. */
  private overallConnection(): ConnectionStatus {
    const down = this.upstreams.down();
    if (this.connection.state !== 'online' || !down) return this.connection;
    const { nextRetryAt, lastHeardAt } = down;
    return { state: down.state, lastError: `${down.label}: ${down.lastError ?? down.state}`, ...(nextRetryAt ? { nextRetryAt } : {}), ...(lastHeardAt ? { lastHeardAt } : {}) };
  }

  private connectionChanged(): void {
    const source = this.connection.state === 'online' ? this.upstreams.down()?.label : undefined;
    const { state, lastHeardAt } = this.overallConnection();
    this.policy.connectionChanged(state === 'online', this.now(), { source, lastHeardAt });
    this.emitStatus();
  }

  /** A test order through the whole path: via the hub to every device, or locally for a push server. */
  async sendTestOrder(): Promise<TestOrderOutcome> {
    const order = { id: `test-${this.now()}`, title: 'Test order', channel: 'test', items: [{ name: 'Test', qty: 1 }] };
    if (!this.hub) {
      const { stored } = await this.journal.append(order, null);
      this.onOrder(stored, false);
      return { kind: 'local' };
    }
    const response = await fetch(`${this.hubUrl}/api/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.hubToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(order),
    });
    const body = (await response.json()) as { seq?: number; error?: string };
    return response.ok ? { kind: 'sent', seq: body.seq! } : { kind: 'refused', error: body.error ?? `HTTP ${response.status}` };
  }

  /** Tries a source without switching to it. */
  async testConnection(source: SourceSettings): Promise<ConnectionTest> {
    if (source.kind === 'hub') {
      if (this.hub && this.hubUrl && this.settings.source.kind === 'hub' && this.settings.source.port === source.port) {
        return { kind: 'hub-running', port: source.port, clients: this.hub.health().clients };
      }
      return { kind: 'hub-later', port: source.port };
    }
    return testPushServer(source.url, source.mode === 'json' ? source.token : undefined);
  }

  /** "Test connection" for the settings' listed sources (saved or not), beside the running ones. */
  testSources(sources: SourceConfig[]): Promise<SourceProbe[]> {
    return this.upstreams.test(sources, this.journal, this.deviceName(this.settings));
  }

  private async startPrinting(): Promise<void> {
    this.printing = new StationPrinting({
      dataDir: this.options.dataDir,
      journal: this.journal,
      ...(this.options.systemPrinter ? { system: this.options.systemPrinter } : {}),
      log: (line) => this.emit('log', line),
    });
    this.printing.on('status', (view) => {
      this.policy.printerChanged(view?.state === 'failing', this.now());
      this.emitStatus();
    });
    await this.printing.apply(this.settings);
  }

  private async startSource(): Promise<void> {
    const source = this.settings.source;
    if (source.kind === 'push-server' && source.mode === 'text') await this.answerHere();
    if (source.kind !== 'hub' || (await this.startHub(source))) this.startOwnSource();
    const target = this.hub ? { journal: this.hub.orderJournal, hub: true } : { journal: this.journal, hub: false };
    await this.upstreams.start(this.settings.sources, target, this.deviceName(this.settings));
  }

  /** No hub anywhere: this PC's journal keeps the answers, and its outbox tells the backend. */
  private async answerHere(): Promise<void> {
    await this.openOutbox();
    this.attachOutbox(this.journal);
    this.ownAnswers = new Answers(this.journal, { autoAccept: autoAcceptRule(this.settings) });
  }

  /** False when the hub could not start: the app stays up, says why, and tries again when the settings change. */
  private async startHub(source: Extract<SourceSettings, { kind: 'hub' }>): Promise<boolean> {
    this.hub = new Hub({
      dataDir: join(this.options.dataDir, 'hub'),
      host: source.lan ? '0.0.0.0' : '127.0.0.1',
      port: source.port,
      ...(source.token ? { token: source.token } : {}),
      webRoot: join(import.meta.dirname, '..', 'renderer'),
      journal: { maxAgeMs: this.settings.reportKeepDays * DAY_MS },
      ...(this.settings.reportTimeZone ? { reportTimeZone: this.settings.reportTimeZone } : {}),
      autoAccept: autoAcceptRule(this.settings),
      stations: this.settings.stations,
      log: (line) => this.emit('log', `hub: ${line}`),
    });
    try {
      // Open before the hub starts, attached as soon as it has: no handled state goes by unrecorded.
      await this.openOutbox();
      const info = await this.hub.start();
      this.attachOutbox(this.hub.orderJournal);
      this.hubToken = info.token;
      this.hubUrl = `http://127.0.0.1:${info.port}`;
      return true;
    } catch (error) {
      this.hub = undefined;
      await this.closeOutbox();
      this.connection = { state: 'offline', lastError: `the hub could not start: ${(error as Error).message}` };
      this.policy.connectionChanged(false, this.now());
      this.emit('log', this.connection.lastError!);
      this.emitStatus();
      return false;
    }
  }

  /** This device's connection: to the embedded hub on this PC, or to the push server. */
  private startOwnSource(): void {
    const hub = this.hub ? { hub: { url: this.hubUrl, token: this.hubToken } } : {};
    this.own = new OwnSource({ source: this.settings.source, ...hub, journal: this.journal, device: this.deviceName(this.settings) });
    this.own.on('status', (status) => {
      this.connection = status;
      this.connectionChanged();
    });
    this.own.on('order', (stored, arrival) => this.onOrder(stored, arrival.replayed));
    this.own.on('handled', ({ id }) => {
      this.policy.orderHandled(id);
      this.emitOrders();
      this.emitStatus();
    });
    this.own.on('warning', (warning) => this.emit('log', warning));
    this.kitchen.listen(this.own.adapter instanceof OrderbellSource ? this.own.adapter.receiver : undefined);
    this.own.start();
  }

  private deviceName(settings: Settings): string {
    return deviceName(settings.deviceName) || deviceName(this.options.device) || deviceName(hostname()) || 'orderbell';
  }

  private async stopSource(): Promise<void> {
    await this.upstreams.stop();
    await this.own?.stop();
    this.own = undefined;
    await this.hub?.stop();
    this.hub = undefined;
    this.hubUrl = '';
    this.hubToken = '';
    this.ownAnswers?.close();
    this.ownAnswers = undefined;
    await this.closeOutbox();
  }

  /** The outbox, when webhooks or reply channels are set; the caller attaches it to the journal that decides answers. */
  private async openOutbox(): Promise<void> {
    const replies = replyTargets(this.settings.sources, (label, payload) => this.upstreams.publishReply(label, payload));
    const targets = [...this.settings.webhooks.map((webhook) => new WebhookTarget(webhook)), ...replies];
    if (targets.length === 0) return;
    // Kept apart: the hub's outbox carries the hub's changes, this PC's its own, and either may still owe deliveries.
    const [home, prefix] = this.settings.source.kind === 'hub' ? [join(this.options.dataDir, 'hub'), 'hub: '] : [this.options.dataDir, ''];
    this.outbox = await HubOutbox.open(home, targets, (line) => this.emit('log', `${prefix}${line}`));
    this.outbox.outbox.on('status', () => this.emitStatus());
  }

  /** The outbox hears the journal that decides answers: each change, and orders nobody answered within Settings' minutes. */
  private attachOutbox(journal: Journal): void {
    this.outbox?.attach(journal);
    this.outbox?.watchUnanswered(this.settings.unansweredAfterMin * 60);
  }

  private async closeOutbox(): Promise<void> {
    await this.outbox?.close();
    this.outbox = undefined;
  }

  private onOrder(stored: StoredOrder, replayed: boolean): void {
    this.printing.orderArrived(stored);
    if (!stored.handled) {
      const kind = this.policy.orderArrived(alertingOrder(stored.order, replayed), this.now());
      if (kind === 'individual') {
        this.emit('notice', { kind: 'order', view: toView(stored) });
        this.tick(); // ring now, not at the alert clock's next second
      }
    }
    this.emitOrders();
    this.emitStatus();
  }

  private tick(): void {
    this.noticeUnanswered();
    for (const action of this.policy.tick(this.now())) {
      if (action.kind === 'summary') {
        this.missedSummary = action.count;
        this.emit('notice', { kind: 'summary', count: action.count });
      }
      this.emit('alert', action);
    }
    // Told only when it changed: an idle till wakes its tray and page for nothing else.
    this.emitStatus(true);
  }

  private sourceView(): SourceView {
    const source = this.settings.source;
    if (source.kind === 'push-server') return { kind: 'push-server', url: source.url, lanAddresses: [], clients: null };
    // A hub still starting (or moving to another address) has no address nor devices to show yet.
    if (!this.hub || !this.hubUrl) return { kind: 'hub', url: '', lanAddresses: [], clients: null };
    const port = new URL(this.hubUrl).port;
    const addresses = source.lan ? lanAddresses().map((address) => `http://${address}:${port}/`) : [];
    return { kind: 'hub', url: this.hubUrl, lanAddresses: addresses, clients: this.hub.health().clients, token: this.hubToken };
  }

  private emitOrders(): void {
    this.emit('orders', this.listOrders());
    this.kitchen.touch();
  }

  private emitStatus(onlyIfChanged = false): void {
    const status = this.status();
    const json = JSON.stringify(status);
    if (onlyIfChanged && json === this.toldStatus) return;
    this.toldStatus = json;
    this.emit('status', status);
  }
}
