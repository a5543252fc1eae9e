/** The fake BrowserWindow and its webContents: loading, showing, closing, crashing, printing. */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { calls, requireReady, system } from './calls';
import { ipcRenderer } from './renderer';

export class FakeWebContents extends EventEmitter {
  sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly id = Math.floor(Math.random() * 1e9);
  reloads = 0;
  crashed = false;
  destroyed = false;
  /** The page's main thread is stuck (a loop, a blocked sync call): it handles no message. */
  hung = false;
  /** Messages that wait, as Chromium's IPC queues them, for a hung page to be free again. */
  private queued: [string, unknown][] = [];
  private hangReported = false;
  /** Whether the window showing this page is on screen (set by its BrowserWindow). */
  isShown: () => boolean = () => true;
  /**
   * Electron's WebFrameMain.send catches the error of a disposed frame and only logs it
   * (lib/browser/api/web-frame-main.ts): a message to a crashed page is lost without a throw.
   * A destroyed webContents throws "Object has been destroyed".
   */
  send(channel: string, value: unknown): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    if (this.crashed) {
      calls.sendErrors.push(`Error sending from webFrameMain: Render frame was disposed before WebFrameMain could be accessed (${channel})`);
      return;
    }
    this.sent.push([channel, value]);
    if (this.hung) this.queued.push([channel, value]);
    else this.deliver(channel, value);
  }
  /** The page's preload, when the fake ipcRenderer is attached to this page, hears it a moment later. */
  private deliver(channel: string, value: unknown): void {
    setImmediate(() => {
      if (!this.crashed && !this.destroyed && !this.hung && ipcRenderer.page === this) ipcRenderer.emit(channel, value);
    });
  }
  /**
   * The page's thread hangs. Chromium's hang monitor reports every hang since Electron took the
   * filtering into its own code (patches/chromium/refactor_unfilter_unresponsive_events.patch),
   * and lib/browser/api/web-contents.ts emits `unresponsive` only when the report says the page
   * is visible (electron/electron#9781): a page in a hidden window hangs without a word.
   */
  hang(): void {
    this.hung = true;
    if (!this.isShown()) return;
    this.hangReported = true;
    this.emit('unresponsive');
  }
  /** The thread is free again: queued messages are handled, and `responsive` follows an `unresponsive`. */
  unhang(): void {
    this.hung = false;
    if (this.hangReported) this.emit('responsive');
    this.hangReported = false;
    for (const [channel, value] of this.queued.splice(0)) this.deliver(channel, value);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isCrashed(): boolean {
    return this.crashed;
  }
  /** The renderer process dies, as `render-process-gone` reports it. */
  crash(reason = 'crashed', exitCode = 139): void {
    this.crashed = true;
    this.hung = false;
    this.hangReported = false;
    this.queued = [];
    this.emit('render-process-gone', {}, { reason, exitCode });
  }
  /** What Electron documents for a hung page: `forcefullyCrashRenderer` ends it as killed. */
  forcefullyCrashRenderer(): void {
    this.crash('killed', 9);
  }
  reload(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    this.reloads++;
    this.crashed = false;
    queueMicrotask(() => this.emit('did-finish-load'));
  }
  getURL(): string {
    return 'file:///app/dist/renderer/index.html';
  }
  /** What webContents.getPrintersAsync lists. */
  static printers: { name: string; displayName: string; description: string; options: Record<string, string>; status?: number }[] = [];
  getPrintersAsync(): Promise<typeof FakeWebContents.printers> {
    return Promise.resolve(FakeWebContents.printers);
  }
  /**
   * webContents.print: every call's options, answered with `printAnswer` (success, failureReason).
   * Like Electron's, success means the spooler took the job, whatever the printer's state: a
   * paused or offline printer succeeds too (Chromium's PrintViewManager OnJobDone reports the
   * job as done once it is handed to the system). `whilePrinting` is what happens meanwhile.
   */
  printed: Record<string, unknown>[] = [];
  static printAnswer: [boolean, string] = [true, ''];
  static whilePrinting: (() => void) | undefined;
  print(options: Record<string, unknown>, callback?: (success: boolean, failureReason: string) => void): void {
    this.printed.push(options);
    FakeWebContents.whilePrinting?.();
    const [success, reason] = FakeWebContents.printAnswer;
    setImmediate(() => callback?.(success, reason));
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  flashing: boolean[] = [];
  overlays: [string | null, string][] = [];
  alwaysOnTop = false;
  loaded: string | undefined;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    requireReady('BrowserWindow');
    this.visible = options.show !== false;
    this.webContents.isShown = () => this.visible;
    BrowserWindow.instances.push(this);
  }
  /** Like Electron, a missing file rejects with ERR_FILE_NOT_FOUND. */
  loadFile(file: string): Promise<void> {
    this.loaded = file;
    if (!existsSync(file)) {
      calls.missingFiles.push(file);
      return Promise.reject(new Error(`ERR_FILE_NOT_FOUND (-6) loading 'file://${file}'`));
    }
    // A preload that cannot be read does not stop the page: Electron emits `preload-error`.
    const preload = (this.options.webPreferences as { preload?: string } | undefined)?.preload;
    if (preload && !existsSync(preload)) {
      calls.missingFiles.push(preload);
      this.webContents.emit('preload-error', {}, preload, new Error(`ENOENT: no such file or directory, open '${preload}'`));
    }
    queueMicrotask(() => this.webContents.emit('did-finish-load'));
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  /** `show` is emitted only when a hidden window becomes visible. */
  show(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    if (this.visible) return;
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.emit('hide');
  }
  /** Asks to close, as the close button or app.quit() do: `close` may cancel it. */
  close(): void {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  /**
   * One window has the focus: focusing this one blurs the one before (docs/api/browser-window.md,
   * events 'focus' and 'blur'), and a destroyed window cannot take it.
   */
  focus(): void {
    if (this.destroyed || this.focused) return;
    const previous = BrowserWindow.instances.find((window) => window !== this && window.focused && !window.destroyed);
    if (previous) {
      previous.focused = false;
      previous.emit('blur');
    }
    this.focused = true;
    this.emit('focus');
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  flashFrame(flag: boolean): void {
    this.flashing.push(flag);
  }
  setOverlayIcon(image: { name?: string } | null, description: string): void {
    this.overlays.push([image ? (image.name ?? 'image') : null, description]);
  }
  setAlwaysOnTop(flag: boolean): void {
    this.alwaysOnTop = flag;
  }
  /**
   * Windows ending the session (shell/browser/native_window_views_win.cc): WM_QUERYENDSESSION
   * emits `query-session-end`, whose preventDefault() holds the shutdown (Windows shows the app
   * as blocking it); otherwise WM_ENDSESSION emits `session-end`, and Windows ends the process as
   * soon as that handler returns: nothing asynchronous started in it finishes.
   */
  endSession(reasons: string[] = ['shutdown']): 'held' | 'ended' {
    if (system.platform !== 'win32') throw new Error('session-end is emitted only on Windows');
    let held = false;
    this.emit('query-session-end', { reasons, preventDefault: () => (held = true) });
    if (held) return 'held';
    this.emit('session-end', { reasons });
    calls.killedBy = 'the end of the Windows session';
    return 'ended';
  }
  /** What a user clicking the close button does. */
  userClose(): { prevented: boolean } {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
    return { prevented };
  }
}

