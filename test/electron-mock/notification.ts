/** The fake Notification: shown, closed, timed out or refused by the OS. */
import { EventEmitter } from 'node:events';
import { requireReady } from './calls';

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static supported = true;
  static activationHandler: ((details: { type: string; arguments: string }) => void) | undefined;
  static isSupported(): boolean {
    return Notification.supported;
  }
  /** Windows: clicks on toasts in Action Center, whether or not the object still exists. */
  static handleActivation(callback: (details: { type: string; arguments: string }) => void): void {
    Notification.activationHandler = callback;
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
    requireReady('Notification');
  }
  show(): void {
    Notification.shown.push(this);
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

