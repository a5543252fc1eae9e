/**
 * The hub's kitchen display: the stations it routes by, bumps from devices (a `bump` message
 * or POST /api/orders/:id/bump) checked and journalled, and the orders every station has
 * finished (`onOrderReady`), which feed an order's `ready` state.
 */
import type { IncomingMessage } from 'node:http';
import type { Journal } from '../journal/journal';
import { allStationsBumped, validateBumpAction, type BumpAction, type OrderBumps } from '../orders/bumps';
import { stationNames, type Station } from '../orders/stations';
import { HttpError, readBody, utf8 } from './http';

export class Kitchen {
  private readonly ready = new Set<string>();
  private readonly readyListeners = new Set<(id: string) => void>();

  constructor(
    private readonly journal: Journal,
    readonly stations: readonly Station[],
  ) {
    journal.on('bumps', (id, bumps) => this.checkReady(id, bumps));
    for (const [id, bumps] of journal.allBumps()) if (this.isReady(id, bumps)) this.ready.add(id);
  }

  /** Calls `listener` with an order's id each time every station has finished its items (again after a recall). */
  onOrderReady(listener: (id: string) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Whether every station has finished the order's items. */
  isOrderReady(id: string): boolean {
    return this.ready.has(id);
  }

  /** Why the hub cannot take this bump, or undefined. */
  refusal(id: string, action: BumpAction): string | undefined {
    const stored = this.journal.get(id);
    if (!stored) return `no order with id ${JSON.stringify(id)}`;
    const names = stationNames(this.stations);
    if (names.length > 0 && !names.includes(action.station)) return `no station named ${JSON.stringify(action.station)}; the hub has ${names.join(', ')}`;
    const items = stored.order.items?.length ?? 0;
    if (action.item !== undefined && action.item >= items) return `the order has ${items} item(s): there is no item ${action.item}`;
    return undefined;
  }

  /** Journals the bump by `by`; resolves once durable, to the order's bumps now. */
  async bump(id: string, action: BumpAction, by: string): Promise<OrderBumps> {
    const refused = this.refusal(id, action);
    if (refused) throw new BumpRefused(refused);
    const bumps = await this.journal.bump(id, action, { by, at: new Date().toISOString() });
    if (!bumps) throw new BumpRefused(`no order with id ${JSON.stringify(id)}`);
    return bumps;
  }

  /** POST /api/orders/:id/bump with `{"station", "item"?, "undo"?}`: answers the order's bumps. */
  async bumpRequest(req: IncomingMessage, id: string, by: string): Promise<{ id: string; bumps: OrderBumps }> {
    let body: unknown;
    try {
      body = JSON.parse(utf8(await readBody(req, 4096)));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
    }
    const action = typeof body === 'object' && body !== null ? validateBumpAction(body as Record<string, unknown>) : { ok: false as const, error: 'body: must be an object' };
    if (!action.ok) throw new HttpError(400, `invalid bump: ${action.error}`);
    try {
      return { id, bumps: await this.bump(id, action.value, by) };
    } catch (error) {
      if (error instanceof BumpRefused) throw new HttpError(error.message.startsWith('no order') ? 404 : 400, error.message);
      throw new HttpError(503, `could not store the bump; retry later (${(error as Error).message})`);
    }
  }

  private isReady(id: string, bumps: OrderBumps): boolean {
    const stored = this.journal.get(id);
    return stored !== undefined && allStationsBumped(stored.order, this.stations, bumps);
  }

  private checkReady(id: string, bumps: OrderBumps): void {
    const ready = this.isReady(id, bumps);
    if (ready === this.ready.has(id)) return;
    if (!ready) return void this.ready.delete(id);
    this.ready.add(id);
    for (const listener of this.readyListeners) listener(id);
  }
}

/** A bump the hub does not take: an unknown order, station or item. */
export class BumpRefused extends Error {}
