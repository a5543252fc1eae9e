/** The fake Notification: shown, closed, timed out or refused by the OS. */
import { EventEmitter } from 'node:events';
import { requireReady, system } from './calls';

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static supported = true;
  static activationHandler: ((details: { type: string; arguments: string }) => void) | undefined;
  static isSupported(): boolean {
    return Notification.supported;
  }
  /**
   * Windows only (docs/api/notification.md, Notification.handleActivation): clicks on toasts in
   * Action Center, whether or not the object still exists. Elsewhere the method is not there.
   */
  static handleActivation(callback: (details: { type: string; arguments: string }) => void): void {
    if (system.platform !== 'win32') throw new TypeError('Notification.handleActivation is not a function');
    Notification.activationHandler = callback;
  }
  /**
   * A click on this toast in Action Center after its object is gone: the activation's
   * `arguments` are the toast XML's `launch` attribute (Windows' INotificationActivationCallback
   * invokedArgs), empty for a toast without one.
   */
  activateFromActionCenter(): void {
    const launch = /<toast[^>]*\slaunch="([^"]*)"/.exec(this.options.toastXml ?? '')?.[1] ?? '';
    const unescaped = launch.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    Notification.activationHandler?.({ type: 'click', arguments: unescaped });
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean; toastXml?: string }) {
    super();
    requireReady('Notification');
  }
  /**
   * macOS delivers notifications only for a code-signed app (the UNUserNotificationCenter that
   * Electron uses refuses an ad-hoc one), and Electron reports that as `failed`
   * (docs/api/notification.md, event 'failed').
   */
  show(): void {
    Notification.shown.push(this);
    if (system.platform === 'darwin' && !system.signed) setImmediate(() => this.fail('Notifications are not allowed for this application'));
  }
  close(): void {
    this.emit('close', {});
  }
  /** The toast's own timeout: on Windows `close` fires, the toast moves to Action Center. */
  timeout(): void {
    this.emit('close', {});
  }
  /** macOS refuses unsigned apps; Windows when notifications are off. */
  fail(error: string): void {
    this.emit('failed', {}, error);
  }
}

