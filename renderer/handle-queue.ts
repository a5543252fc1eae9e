/**
 * Orders handled on this page that the hub has not confirmed yet: pressed while offline, or
 * sent on a link that died. Kept in the browser's storage, so a reload does not forget them,
 * and sent again on every reconnect until the hub answers (the hub ignores repeats).
 */
import type { HandledState } from '../main/core/orders/order';
import { HubError } from './hub-api';

const STORAGE_KEY = 'orderbell.unsentHandles';
/** More than any shop handles offline; a storage that grew past it is not trusted. */
const MAX_UNSENT = 1000;

export class HandleQueue {
  /** Order id → when it was handled here (ISO 8601). */
  private readonly unsent = new Map<string, string>();
  /** Being sent now: a second press or a reconnect meanwhile does not send it twice. */
  private readonly sending = new Set<string>();

  constructor(private readonly storage: Storage) {
    this.load();
  }

  get size(): number {
    return this.unsent.size;
  }

  add(id: string, at: string): void {
    this.unsent.set(id, at);
    this.save();
  }

  /** When the order was handled here, if it still waits for the hub. */
  handledAt(id: string): string | undefined {
    return this.unsent.get(id);
  }

  delete(id: string): void {
    if (this.unsent.delete(id)) this.save();
  }

  ids(): string[] {
    return [...this.unsent.keys()];
  }

  /**
   * Tells the hub of each queued order in turn (over HTTP, which answers for each one) and
   * reports what it kept (null while another device's is being stored). Every error is
   * reported; the order waits for the next try unless the hub does not have it (404). One the
   * hub turned away does not hold up the next; one that did not reach the hub ends this round.
   */
  async sendAll(
    send: (id: string) => Promise<HandledState | null>,
    sent: (id: string, handled: HandledState | null) => void,
    failed: (id: string, error: Error) => void,
  ): Promise<void> {
    for (const id of this.ids()) {
      if (this.sending.has(id)) continue;
      this.sending.add(id);
      let handled: HandledState | null;
      try {
        handled = await send(id);
      } catch (error) {
        failed(id, error instanceof Error ? error : new Error(String(error)));
        if (error instanceof HubError && error.status === 404) this.delete(id); // a new data directory on the hub: nothing to tell it
        if (error instanceof HubError) continue;
        return;
      } finally {
        this.sending.delete(id);
      }
      this.delete(id);
      sent(id, handled);
    }
  }

  private load(): void {
    try {
      const saved: unknown = JSON.parse(this.storage.getItem(STORAGE_KEY) ?? '[]');
      if (!Array.isArray(saved)) return;
      for (const entry of saved.slice(0, MAX_UNSENT)) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') this.unsent.set(entry[0], entry[1]);
      }
    } catch {
      /* unreadable: nothing waits */
    }
  }

  private save(): void {
    try {
      this.storage.setItem(STORAGE_KEY, JSON.stringify([...this.unsent]));
    } catch {
      /* storage full or blocked: the queue still lives until the page closes */
    }
  }
}
