/** The order screen: tabs, the order list, history, settings, status bar and alerts. */
import type { AlertAction, MutePeriod, OrderBellApi, OrderView, Settings, StatusView } from '../preload/api';
import { screenOrders } from '../main/core/orders/views';
import { el, replaceChildren, updateIfChanged } from './dom';
import { language, resolveLanguage, setLanguage, t } from '../main/core/ui/i18n';
import { SoundPlayer } from './sound';
import { renameInviteAnswered, renameInviteDue, storedDefaultName } from './device-name';
import { audioBanner, offlineBanner, renameBanner, summaryBanner, tokenRefusedBanner } from './views/banners';
import { CardList } from './views/card-list';
import { historyView } from './views/history';
import { reportsView } from './views/reports';
import { orderDetail, type PrintAction } from './views/order-card';
import { stateOf, type AnswerAction } from './views/answer-bar';
import { unansweredLong } from '../main/core/alerts/answer-alerts';
import { ticketPreview } from '../main/core/print/ticket';
import { phonesPanel } from './views/phones';
import { backlogBanner } from './views/printer-backlog';
import { stationNames } from '../main/core/orders/stations';
import { settingsForm } from './views/settings-form';
import { connectionWord, nextCountdownChange, statusSections } from './views/status-bar';

type Tab = 'orders' | 'history' | 'reports' | 'settings';

export class App {
  private tab: Tab = 'orders';
  private orders: OrderView[] = [];
  private status: StatusView | undefined;
  private settings!: Settings;
  /** The web view's own "missed while offline" count; the desktop's comes in its status. */
  private summary = 0;
  private summaryDismissed = false;
  /** Desktop: what this PC will not do for OrderBell (main/shell.ts notes). */
  private shellNotes: string[] = [];
  /** The web view's unnamed signature, while staff have not answered the invitation to rename it. */
  private renameInvite: string | null = null;
  private renderPending = false;
  private pressing = false;
  private bannersWaiting = false;
  /** What the last Print did, until dismissed. */
  private printNotice: { ok: boolean; message: string } | null = null;
  private readonly sound = new SoundPlayer();
  private readonly main = el('main', { id: 'view' });
  private readonly title = el('h1', {});
  private readonly pending = el('span', { className: 'pending' });
  /** Draws the status bar again when its reconnect countdown reaches the next second. */
  private countdownTimer: ReturnType<typeof setTimeout> | undefined;
  /** The link was up once: a page still making its first connection is not called offline. */
  private wasOnline = false;
  /** Each tab's own scroll position: Settings scrolled to its end must not scroll the orders. */
  private readonly scrollTops = new Map<Tab, number>();
  /** A new order came: the oldest waiting one is scrolled into view at the next drawing. */
  private revealWaiting = false;
  private cardList!: CardList;
  private readonly banners = el('div', { className: 'banners' });
  private readonly nav = el('nav', { className: 'tabs', role: 'tablist' });
  private readonly footer = el('footer', { id: 'status', className: 'status-bar' });
  private readonly announcer = el('div', { className: 'visually-hidden', role: 'status' });
  private readonly dialog = el('dialog', { className: 'order-dialog' });
  private readonly phonesDialog = el('dialog', { className: 'phones-dialog' });
  private openId: string | null = null;

  constructor(
    private readonly api: OrderBellApi,
    private readonly root: HTMLElement,
  ) {}

  async start(): Promise<void> {
    this.cardList = new CardList({ open: (id) => this.openOrder(id), handle: (id) => void this.api.markHandled(id), print: this.printAction(), answer: this.answerAction });
    this.settings = await this.api.getSettings();
    this.applySettings();
    if (this.api.environment === 'web' && this.settings.deviceName.trim() === '' && renameInviteDue(localStorage)) {
      this.renameInvite = storedDefaultName(localStorage, navigator.userAgent);
    }
    const header = el('header', { className: 'topbar' }, this.title, this.pending, this.nav);
    replaceChildren(this.root, header, this.banners, this.main, this.footer, this.announcer, this.dialog, this.phonesDialog);
    this.sound.onLockChange = () => this.renderBanners();
    this.sound.onRingRefused = () => this.flash();
    // Browsers count a mouse's press but a finger's lift as the gesture that allows sound.
    for (const gesture of ['pointerdown', 'pointerup', 'keydown']) document.addEventListener(gesture, () => this.sound.unlock(), true);
    document.addEventListener('pointerdown', () => (this.pressing = true), true);
    for (const end of ['pointerup', 'pointercancel']) {
      document.addEventListener(end, () => {
        this.pressing = false;
        // After the click this press makes: see renderBanners.
        if (this.bannersWaiting) setTimeout(() => ((this.bannersWaiting = false), this.renderBanners()));
      }, true);
    }
    this.sound.check();
    this.api.onOrdersChanged((orders) => this.setOrders(orders));
    this.api.onStatus((status) => ((this.status = status), this.renderStatus()));
    this.api.onAlert((action) => this.onAlert(action));
    this.api.onOpenOrder((id) => this.openOrder(id));
    this.api.onShellNotes?.((notes) => ((this.shellNotes = notes), this.renderBanners()));
    this.shellNotes = (await this.api.getShellNotes?.()) ?? [];
    this.setOrders(await this.api.listOrders());
    this.status = await this.api.getStatus();
    this.render();
    setInterval(() => this.refreshClock(), 15_000);
  }

  private applySettings(): void {
    setLanguage(resolveLanguage(this.settings.language, navigator.languages ?? [navigator.language]));
    document.documentElement.lang = language();
    this.title.textContent = t('appTitle');
    this.renderTitle();
    this.sound.setChoice(this.settings.sound);
    this.sound.setOutputDevice(this.settings.audioOutput);
  }

  /**
   * The count and title follow every change at once; the cards at the next frame, so a rush
   * of orders is drawn once per frame rather than once per order. A hidden page gets no
   * frames, so there a short timer stands in.
   */
  private setOrders(orders: OrderView[]): void {
    const waitingBefore = this.unhandled();
    this.orders = screenOrders(orders);
    if (this.unhandled() > waitingBefore) this.revealWaiting = true;
    this.renderTitle();
    if (this.unhandled() === 0 && this.summary > 0) ((this.summary = 0), this.renderBanners());
    if (this.renderPending) return;
    this.renderPending = true;
    const render = (): void => {
      this.renderPending = false;
      this.renderOrders();
    };
    if (document.visibilityState === 'hidden') setTimeout(render, 200);
    else requestAnimationFrame(render);
  }

  private unhandled(): number {
    return this.orders.filter((view) => !view.handled).length;
  }

  private onAlert(action: AlertAction): void {
    if (action.kind === 'summary') {
      this.summary = action.count;
      this.summaryDismissed = false;
      this.renderBanners();
      return;
    }
    this.sound.perform(action);
  }

  private render(): void {
    this.renderNav();
    this.renderBanners();
    this.renderView();
    this.renderStatus();
  }

  private renderNav(): void {
    const tabs: [Tab, string][] = [['orders', t('tabOrders')], ['history', t('tabHistory')], ['reports', t('tabReports')], ['settings', t('tabSettings')]];
    replaceChildren(
      this.nav,
      ...tabs.map(([tab, label]) =>
        el('button', { type: 'button', role: 'tab', 'aria-selected': String(tab === this.tab), 'data-tab': tab, onClick: () => this.show(tab) }, label),
      ),
    );
  }

  private show(tab: Tab): void {
    this.scrollTops.set(this.tab, this.main.scrollTop);
    this.tab = tab;
    this.renderNav();
    const reveal = this.revealWaiting;
    this.renderView();
    this.main.scrollTop = this.scrollTops.get(tab) ?? 0;
    if (reveal && tab === 'orders') this.revealOldestWaiting();
  }

  private revealOldestWaiting(): void {
    this.revealWaiting = false;
    this.main.querySelector('.card:not(.handled)')?.scrollIntoView({ block: 'nearest' });
  }

  private renderView(notice = ''): void {
    if (this.tab === 'orders') return this.renderOrders();
    if (this.tab === 'history') return replaceChildren(this.main, historyView(this.api, (view) => this.showDetail(view), this.printAction()));
    if (this.tab === 'reports') return replaceChildren(this.main, reportsView(this.api));
    const onSaved = (settings: Settings): void => {
      this.settings = settings;
      this.applySettings();
      this.renderNav();
      this.renderView(t('saved'));
      this.renderStatus();
    };
    replaceChildren(this.main, settingsForm(this.api, this.settings, onSaved, notice));
  }

  private answerRenameInvite(rename: boolean): void {
    renameInviteAnswered(localStorage);
    this.renameInvite = null;
    this.renderBanners();
    if (!rename) return;
    this.show('settings');
    this.main.querySelector<HTMLElement>('#setting-deviceName')?.focus();
  }

  private renderOrders(): void {
    if (this.tab !== 'orders') return;
    const focusedId = (document.activeElement as HTMLElement | null)?.closest?.('.card')?.getAttribute('data-id');
    this.cardList.update(this.orders, Date.now());
    const content = this.orders.length ? this.cardList.element : el('p', { className: 'empty' }, t('noOrders'));
    if (this.main.firstElementChild !== content || this.main.childElementCount !== 1) replaceChildren(this.main, content);
    // A card rebuilt (handled, older) is a new element: focus moves to it, not to the page.
    if (focusedId && !this.main.contains(document.activeElement)) this.main.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(focusedId)}"]`)?.focus();
    if (this.openId) this.refreshDetail();
    if (this.revealWaiting) this.revealOldestWaiting();
  }

  private renderBanners(): void {
    const connection = this.status?.connection;
    const offline = connection && connection.state !== 'online' && this.status?.alert.level === 'offline';
    const missed = this.status?.missedSummary ?? this.summary;
    // The sound banner goes when the first press unlocks sound; removed while the button is
    // still held, it would shift the cards up under the pointer, and the press meant for
    // "Mark done" would click nothing. So it stays until the press is over.
    const keepAudio = this.pressing && this.banners.querySelector('.banner.audio') !== null;
    if (keepAudio) this.bannersWaiting = true;
    updateIfChanged(
      this.banners,
      connection?.tokenRefused ? tokenRefusedBanner() : null,
      offline && !connection.tokenRefused ? offlineBanner(connection.lastError) : null,
      this.sound.locked || keepAudio ? audioBanner(this.sound.ringRefused) : null,
      missed > 0 && !this.summaryDismissed ? summaryBanner(missed, () => ((this.summaryDismissed = true), this.renderBanners())) : null,
      this.renameInvite ? renameBanner(this.renameInvite, (rename) => this.answerRenameInvite(rename)) : null,
      this.printerBanner(),
      ...this.shellNotes.map((note) => el('div', { className: 'banner shell-note', role: 'status' }, note)),
      this.printNotice
        ? el('div', { className: `banner print-notice ${this.printNotice.ok ? 'ok' : 'bad'}`, role: 'status', onClick: () => ((this.printNotice = null), this.renderBanners()) }, this.printNotice.message)
        : null,
    );
  }

  /** The printer alarm, visible as soon as a ticket cannot print; it rings after the offline delay. */
  private printerBanner(): HTMLElement | null {
    const printer = this.status?.printer;
    if (printer?.backlog) return backlogBanner({ ...printer, backlog: printer.backlog }, (choice) => void this.api.retryPrinter(choice));
    if (printer?.state !== 'failing') return null;
    return el(
      'div',
      { className: 'banner printer', role: 'alert' },
      [t('printerBanner', { n: printer.queued }), printer.reason ?? '', printer.lastError ? t('lastError', { error: printer.lastError }) : ''].join(' ').trim(),
      ' ',
      el('button', { type: 'button', className: 'secondary', onClick: () => void this.api.retryPrinter() }, t('printerRetry')),
    );
  }

  private printAction(): PrintAction {
    return this.api.environment === 'desktop' || this.api.hubPrints ? (id) => void this.printOrder(id) : undefined;
  }

  /** A refused answer (another device was first) is said in the notice banner, as a print is. */
  private readonly answerAction: AnswerAction = (id, request) =>
    void this.api.answerOrder(id, request).then((result) => {
      if (result.ok) return;
      this.printNotice = result;
      this.renderBanners();
    });

  private async printOrder(id: string): Promise<void> {
    this.printNotice = await this.api.printOrder(id);
    this.renderBanners();
  }

  /** The kitchen ticket as text, laid out for the paper in Settings. */
  private preview(view: OrderView): string {
    const { paper, encoding, shopName } = this.settings.printer;
    return ticketPreview(view.order, 'text', { paper, encoding, receivedAt: view.receivedAt, ...(shopName ? { shopName } : {}) });
  }

  private renderStatus(): void {
    if (!this.status) return;
    const desktop = this.api.environment === 'desktop';
    const now = Date.now();
    this.scheduleCountdown(now);
    updateIfChanged(this.footer, ...statusSections(this.status, now, (period: MutePeriod) => void this.api.mute(period), desktop, () => this.showPhones()));
    const word = connectionWord(this.status);
    if (this.announcer.textContent !== word) this.announcer.textContent = word;
    document.body.dataset.connection = this.status.connection.state;
    if (this.status.connection.state === 'online') this.wasOnline = true;
    this.renderTitle();
    document.body.dataset.alert = this.status.alert.level;
    document.body.dataset.printer = this.status.printer?.state ?? 'none';
    this.renderBanners();
  }

  private scheduleCountdown(now: number): void {
    clearTimeout(this.countdownTimer);
    const wait = nextCountdownChange(this.status!, now);
    // A few ms past the second, so the drawing falls on the new second's side.
    if (wait !== undefined) this.countdownTimer = setTimeout(() => this.renderStatus(), wait + 5);
  }

  /** The count of waiting orders, in the tab's title and always on screen. */
  private renderTitle(): void {
    const unhandled = this.unhandled();
    document.title = unhandled ? `(${unhandled}) ${t('appTitle')}` : t('appTitle');
    // From the first second without the link the count is only what was last known.
    const offline = this.status !== undefined && this.status.connection.state !== 'online' && (this.status.connection.state === 'offline' || this.wasOnline);
    const answered = (view: OrderView) => stateOf(view) !== 'new';
    const late = unansweredLong(this.orders.map((view) => ({ id: view.id, receivedAt: view.receivedAt, answered: answered(view) })), this.settings.escalateAfterS, Date.now());
    const text = offline
      ? t(unhandled ? 'offlineCount' : 'offlineAllDone', { n: unhandled })
      : late
        ? t('waitingFor', { n: late.n, min: late.min })
        : t(unhandled ? 'pendingCount' : 'allDone', { n: unhandled });
    if (this.pending.textContent !== text) this.pending.textContent = text;
    this.pending.dataset.count = String(unhandled);
    this.pending.classList.toggle('offline', offline);
    this.pending.classList.toggle('late', !offline && late !== null);
  }

  /** An order that cannot ring still catches the eye: the screen flashes. */
  private flash(): void {
    this.renderBanners();
    document.body.classList.remove('flash');
    void document.body.offsetWidth; // restart the animation
    document.body.classList.add('flash');
  }

  private showPhones(): void {
    if (!this.status) return;
    replaceChildren(this.phonesDialog, phonesPanel(this.status.source, () => this.phonesDialog.close(), stationNames(this.settings.stations)));
    if (!this.phonesDialog.open) this.phonesDialog.showModal();
  }

  private refreshClock(): void {
    if (this.tab === 'orders') this.renderOrders();
    this.renderStatus();
  }

  private openOrder(id: string): void {
    const view = this.orders.find((candidate) => candidate.id === id);
    if (view) this.showDetail(view);
  }

  private showDetail(view: OrderView): void {
    this.openId = view.id;
    replaceChildren(this.dialog, this.detail(view));
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.onclose = () => (this.openId = null);
  }

  private refreshDetail(): void {
    const view = this.orders.find((candidate) => candidate.id === this.openId);
    if (!view) return;
    // A refresh must not fold the preview a reader has opened.
    const previewOpen = this.dialog.querySelector<HTMLDetailsElement>('details.ticket-preview')?.open ?? false;
    replaceChildren(this.dialog, this.detail(view));
    if (previewOpen) this.dialog.querySelector<HTMLDetailsElement>('details.ticket-preview')!.open = true;
  }

  private detail(view: OrderView): HTMLElement {
    return orderDetail(view, { handle: (id) => void this.api.markHandled(id), close: () => this.closeDetail(), print: this.printAction(), answer: this.answerAction }, this.preview(view));
  }

  private closeDetail(): void {
    this.openId = null;
    this.dialog.close();
  }
}
