/** The order screen: tabs, the order list, history, settings, status bar and alerts. */
import type { AlertAction, MutePeriod, OrderBellApi, OrderView, Settings, StatusView } from '../preload/api';
import { screenOrders } from '../main/core/order-views';
import { el, replaceChildren } from './dom';
import { language, resolveLanguage, setLanguage, t } from '../main/core/i18n';
import { SoundPlayer } from './sound';
import { historyView } from './views/history';
import { orderCard, orderDetail, type PrintAction } from './views/order-card';
import { ticketPreview } from '../main/core/print/ticket';
import { settingsForm } from './views/settings-form';
import { connectionWord, statusSections } from './views/status-bar';

type Tab = 'orders' | 'history' | 'settings';

/**
 * Status arrives every second. Replacing unchanged DOM would steal keyboard focus from the
 * mute buttons and make screen readers announce the alerts again, so each child that equals
 * the one it would replace stays.
 */
function updateIfChanged(parent: HTMLElement, ...children: (HTMLElement | null)[]): void {
  const next = children.filter((child): child is HTMLElement => child !== null);
  next.forEach((child, i) => {
    const current = parent.children[i];
    if (!current) parent.append(child);
    else if (!current.isEqualNode(child)) current.replaceWith(child);
  });
  while (parent.children.length > next.length) parent.lastElementChild!.remove();
}

/** Reloading asks for the token again: the page's start finds the stored one refused. */
function tokenRefusedBanner(): HTMLElement {
  return el(
    'div',
    { className: 'banner token', role: 'alert' },
    t('tokenRefusedBanner'),
    ' ',
    el('button', { type: 'button', onClick: () => location.reload() }, t('tokenEnterNew')),
  );
}

export class App {
  private tab: Tab = 'orders';
  private orders: OrderView[] = [];
  private status: StatusView | undefined;
  private settings!: Settings;
  private summary: string | null = null;
  /** What the last Print did, until dismissed. */
  private printNotice: { ok: boolean; message: string } | null = null;
  private readonly sound = new SoundPlayer();
  private readonly main = el('main', { id: 'view' });
  private readonly banners = el('div', { className: 'banners' });
  private readonly nav = el('nav', { className: 'tabs', role: 'tablist' });
  private readonly footer = el('footer', { id: 'status', className: 'status-bar' });
  private readonly announcer = el('div', { className: 'visually-hidden', role: 'status' });
  private readonly dialog = el('dialog', { className: 'order-dialog' });
  private openId: string | null = null;

  constructor(
    private readonly api: OrderBellApi,
    private readonly root: HTMLElement,
  ) {}

  async start(): Promise<void> {
    this.settings = await this.api.getSettings();
    this.applySettings();
    replaceChildren(this.root, el('header', { className: 'topbar' }, el('h1', {}, t('appTitle')), this.nav), this.banners, this.main, this.footer, this.announcer, this.dialog);
    this.sound.onLockChange = () => this.renderBanners();
    // Browsers count a mouse's press but a finger's lift as the gesture that allows sound.
    for (const gesture of ['pointerdown', 'pointerup', 'keydown']) document.addEventListener(gesture, () => this.sound.unlock(), true);
    this.sound.check();
    this.api.onOrdersChanged((orders) => this.setOrders(orders));
    this.api.onStatus((status) => ((this.status = status), this.renderStatus()));
    this.api.onAlert((action) => this.onAlert(action));
    this.api.onOpenOrder((id) => this.openOrder(id));
    this.setOrders(await this.api.listOrders());
    this.status = await this.api.getStatus();
    this.render();
    setInterval(() => this.refreshClock(), 15_000);
  }

  private applySettings(): void {
    setLanguage(resolveLanguage(this.settings.language, navigator.languages ?? [navigator.language]));
    document.documentElement.lang = language();
    document.title = t('appTitle');
    this.sound.setChoice(this.settings.sound);
    this.sound.setOutputDevice(this.settings.audioOutput);
  }

  private setOrders(orders: OrderView[]): void {
    this.orders = screenOrders(orders);
    if (this.tab === 'orders') this.renderOrders();
    this.renderTitle();
  }

  private onAlert(action: AlertAction): void {
    if (action.kind === 'summary') {
      this.summary = t('summary', { n: action.count });
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
    const tabs: [Tab, string][] = [['orders', t('tabOrders')], ['history', t('tabHistory')], ['settings', t('tabSettings')]];
    replaceChildren(
      this.nav,
      ...tabs.map(([tab, label]) =>
        el('button', { type: 'button', role: 'tab', 'aria-selected': String(tab === this.tab), 'data-tab': tab, onClick: () => this.show(tab) }, label),
      ),
    );
  }

  private show(tab: Tab): void {
    this.tab = tab;
    this.renderNav();
    this.renderView();
  }

  private renderView(notice = ''): void {
    if (this.tab === 'orders') return this.renderOrders();
    if (this.tab === 'history') return replaceChildren(this.main, historyView(this.api, (view) => this.showDetail(view), this.printAction()));
    const onSaved = (settings: Settings): void => {
      this.settings = settings;
      this.applySettings();
      this.renderNav();
      this.renderView(t('saved'));
      this.renderStatus();
    };
    replaceChildren(this.main, settingsForm(this.api, this.settings, onSaved, notice));
  }

  private renderOrders(): void {
    if (this.tab !== 'orders') return;
    const focusedId = (document.activeElement as HTMLElement | null)?.closest?.('.card')?.getAttribute('data-id');
    const now = Date.now();
    const cards = this.orders.map((view) =>
      orderCard(view, now, { open: (id) => this.openOrder(id), handle: (id) => void this.api.markHandled(id), print: this.printAction() }),
    );
    replaceChildren(this.main, cards.length ? el('section', { className: 'cards', 'aria-label': t('tabOrders') }, ...cards) : el('p', { className: 'empty' }, t('noOrders')));
    if (focusedId) this.main.querySelector<HTMLElement>(`.card[data-id="${CSS.escape(focusedId)}"]`)?.focus();
    if (this.openId) this.refreshDetail();
  }

  private renderBanners(): void {
    const connection = this.status?.connection;
    const offline = connection && connection.state !== 'online' && this.status?.alert.level === 'offline';
    updateIfChanged(
      this.banners,
      connection?.tokenRefused ? tokenRefusedBanner() : null,
      offline && !connection.tokenRefused
        ? el('div', { className: 'banner offline', role: 'alert' }, [t('offlineBanner'), connection.lastError ? t('lastError', { error: connection.lastError }) : ''].join(' ').trim())
        : null,
      this.sound.locked ? el('div', { className: 'banner audio', role: 'alert' }, t('audioLocked')) : null,
      this.summary ? el('div', { className: 'banner summary', role: 'status', onClick: () => ((this.summary = null), this.renderBanners()) }, this.summary) : null,
      this.printerBanner(),
      this.printNotice
        ? el('div', { className: `banner print-notice ${this.printNotice.ok ? 'ok' : 'bad'}`, role: 'status', onClick: () => ((this.printNotice = null), this.renderBanners()) }, this.printNotice.message)
        : null,
    );
  }

  /** The printer alarm, visible as soon as a ticket cannot print; it rings after the offline delay. */
  private printerBanner(): HTMLElement | null {
    const printer = this.status?.printer;
    if (printer?.state !== 'failing') return null;
    return el(
      'div',
      { className: 'banner printer', role: 'alert' },
      [t('printerBanner', { n: printer.queued }), printer.lastError ? t('lastError', { error: printer.lastError }) : ''].join(' ').trim(),
      ' ',
      el('button', { type: 'button', className: 'secondary', onClick: () => void this.api.retryPrinter() }, t('printerRetry')),
    );
  }

  private printAction(): PrintAction {
    return this.api.environment === 'desktop' ? (id) => void this.printOrder(id) : undefined;
  }

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
    updateIfChanged(this.footer, ...statusSections(this.status, Date.now(), (period: MutePeriod) => void this.api.mute(period), this.api.environment === 'desktop'));
    const word = connectionWord(this.status);
    if (this.announcer.textContent !== word) this.announcer.textContent = word;
    document.body.dataset.connection = this.status.connection.state;
    document.body.dataset.alert = this.status.alert.level;
    document.body.dataset.printer = this.status.printer?.state ?? 'none';
    this.renderBanners();
  }

  private renderTitle(): void {
    const unhandled = this.orders.filter((view) => !view.handled).length;
    document.title = unhandled ? `(${unhandled}) ${t('appTitle')}` : t('appTitle');
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
    return orderDetail(view, { handle: (id) => void this.api.markHandled(id), close: () => this.closeDetail(), print: this.printAction() }, this.preview(view));
  }

  private closeDetail(): void {
    this.openId = null;
    this.dialog.close();
  }
}
