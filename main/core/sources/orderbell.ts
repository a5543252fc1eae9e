/**
 * The `orderbell` kind: an OrderBell hub or a push server speaking protocol v1. Its seq, acks
 * and resume position live in the journal, so the receiver journals its orders itself and this
 * adapter passes them on. One such source per journal: the journal holds one stream position.
 */
import type { ConnectionOptions } from '../link/connection';
import type { Journal } from '../journal/journal';
import { OrderReceiver } from '../link/receiver';
import { Source } from './source';

export interface OrderbellSourceOptions {
  label: string;
  url: string;
  token?: string;
  device?: string;
  journal: Journal;
  connection?: Omit<ConnectionOptions, 'url' | 'headers' | 'rawText'>;
}

export class OrderbellSource extends Source {
  readonly receiver: OrderReceiver;

  constructor(options: OrderbellSourceOptions) {
    super('orderbell', options.label);
    this.receiver = new OrderReceiver({
      url: options.url,
      journal: options.journal,
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...(options.device !== undefined ? { device: options.device } : {}),
      ...(options.connection ? { connection: options.connection } : {}),
    });
    this.receiver.on('status', (status) => this.setStatus({ ...status, recoverable: true }));
    this.receiver.on('order', (stored, arrival) => this.emit('order', stored, arrival));
    this.receiver.on('handled', (event) => this.emit('handled', event));
    this.receiver.on('warning', (warning) => this.emit('warning', warning));
  }

  start(): void {
    this.receiver.start();
  }

  stop(): Promise<void> {
    return this.receiver.stop();
  }

  reconnectNow(): void {
    this.receiver.reconnectNow();
  }

  crashed(why: string): void {
    this.receiver.connection.drop(why);
  }

  /** The journal already holds the handled state (the pipeline wrote it): only the server must hear of it. */
  override handle(id: string): void {
    this.receiver.announceHandled(id);
  }
}
