/**
 * Keeps the order screen alive. Sound and voice play only in the page, so a page that is
 * gone or hung is an alarm that cannot ring: the watch reports it as down (the shell then
 * alerts from the main process) and reloads the page with backoff until it says it is ready.
 *
 * Electron: `render-process-gone` (webContents) reports a renderer that crashed, was killed
 * or ran out of memory; forcefullyCrashRenderer() ends a hung renderer so that it can be
 * reloaded (docs/api/web-contents.md). `unresponsive` comes only for a visible page
 * (lib/browser/api/web-contents.ts checks the hang report's `visible`; electron/electron#9781),
 * and this window lives hidden in the tray: so a ready page is also pinged over IPC, and a
 * ping left unanswered past its deadline counts as a hang.
 */
import type { RenderProcessGoneDetails, WebContents } from 'electron';
import { Backoff } from './core/link/backoff';
import { EVENTS } from './core/ui/ipc-channels';

/** loading: not subscribed yet (alerts are held); ready: it plays alerts; down: main must. */
export type PageState = 'loading' | 'ready' | 'down';

export interface PageWatchOptions {
  onChange(state: PageState, reason: string): void;
  log(line: string): void;
  /** How long a loading page may take to say it is ready before it counts as down. */
  startupGraceMs?: number;
  /** How long a hung page may stay hung before its renderer is ended and reloaded. */
  hungGraceMs?: number;
  reloadBackoff?: Backoff;
  /** How often a ready page is pinged, and how long it has to answer. */
  pingEveryMs?: number;
  pingDeadlineMs?: number;
}

export class PageWatch {
  state: PageState = 'loading';
  private timer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private pingSeq = 0;
  /** The ping still waiting for its answer. */
  private awaitedPing: number | undefined;
  /** While hung: the state before, to return to if it recovers by itself. */
  private beforeHang: PageState | undefined;
  private readonly backoff: Backoff;
  private readonly listeners: [string, (...args: never[]) => void][];

  constructor(
    private readonly webContents: WebContents,
    private readonly options: PageWatchOptions,
  ) {
    this.backoff = options.reloadBackoff ?? new Backoff({ initialMs: 1000, maxMs: 60_000 });
    this.listeners = [
      ['render-process-gone', (_event: unknown, details: RenderProcessGoneDetails) => this.gone(`${details.reason}, exit code ${details.exitCode}`)],
      ['unresponsive', () => this.hung()],
      ['responsive', () => this.responsive()],
      ['preload-error', (_event: unknown, path: string, error: Error) => options.log(`order screen: preload ${path} failed: ${error.message}`)],
    ];
    for (const [event, listener] of this.listeners) webContents.on(event as 'responsive', listener as () => void);
    this.expectReadyWithin(options.startupGraceMs ?? 15_000, 'it did not start');
  }

  /** The page has subscribed and read the status: from now on it plays the alerts. */
  ready(): void {
    clearTimeout(this.timer);
    this.backoff.reset();
    this.set('ready', 'ready');
    this.schedulePing();
  }

  /** The preload answered ping `seq`: the page's thread is free. A late answer ends a hang. */
  pong(seq: number): void {
    if (seq !== this.awaitedPing) return;
    this.awaitedPing = undefined;
    clearTimeout(this.pingTimer);
    if (this.beforeHang !== undefined) this.responsive();
    else if (this.state === 'ready') this.schedulePing();
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.pingTimer);
    for (const [event, listener] of this.listeners) this.webContents.off(event as 'responsive', listener as () => void);
  }

  private schedulePing(): void {
    clearTimeout(this.pingTimer);
    this.awaitedPing = undefined;
    this.pingTimer = setTimeout(() => this.ping(), this.options.pingEveryMs ?? 5000);
  }

  private ping(): void {
    if (this.state !== 'ready' || this.webContents.isDestroyed()) return;
    const seq = ++this.pingSeq;
    this.awaitedPing = seq;
    const deadline = this.options.pingDeadlineMs ?? 5000;
    this.webContents.send(EVENTS.pagePing, seq);
    this.pingTimer = setTimeout(() => {
      this.options.log(`order screen: no answer to the watchdog within ${deadline} ms`);
      this.hung();
    }, deadline);
  }

  private gone(reason: string): void {
    this.beforeHang = undefined;
    this.awaitedPing = undefined;
    clearTimeout(this.pingTimer);
    this.set('down', reason);
    clearTimeout(this.timer);
    const delay = this.backoff.next();
    this.options.log(`order screen gone (${reason}); reloading in ${delay} ms`);
    this.timer = setTimeout(() => this.reload(reason), delay);
  }

  private hung(): void {
    if (this.state === 'down') return;
    this.beforeHang = this.state;
    this.set('down', 'not responding');
    clearTimeout(this.timer);
    clearTimeout(this.pingTimer);
    this.timer = setTimeout(() => this.webContents.forcefullyCrashRenderer(), this.options.hungGraceMs ?? 10_000);
  }

  private responsive(): void {
    const before = this.beforeHang;
    if (before === undefined) return;
    this.beforeHang = undefined;
    clearTimeout(this.timer);
    if (before === 'ready') return this.ready();
    this.set('loading', 'responsive again');
    this.expectReadyWithin(this.options.startupGraceMs ?? 15_000, 'it did not start');
  }

  private reload(reason: string): void {
    if (this.webContents.isDestroyed()) return;
    this.webContents.reload();
    this.expectReadyWithin(this.options.startupGraceMs ?? 15_000, reason);
  }

  /** A page that never says it is ready is as silent as a crashed one. */
  private expectReadyWithin(ms: number, reason: string): void {
    this.timer = setTimeout(() => this.gone(reason), ms);
  }

  private set(state: PageState, reason: string): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onChange(state, reason);
  }
}
