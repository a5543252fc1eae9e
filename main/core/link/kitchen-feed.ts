/**
 * The kitchen display as this device hears it over its link to a hub: the hub's stations and
 * each order's bumps (the hub's word replaces what was heard before), and where a bump made
 * here goes: the hub on this PC directly, or another PC's hub over its HTTP API.
 */
import { EventEmitter } from 'node:events';
import type { BumpAction, OrderBumps } from '../orders/bumps';
import type { KitchenView } from '../orders/kitchen-view';
import type { Station } from '../orders/stations';
import type { OrderView } from '../orders/views';
import { bumpAtHub, type RemoteHub } from './hub-actions';
import type { OrderReceiver } from './receiver';

/** Where a bump goes: the hub on this PC, or another PC's hub. */
export type BumpRoute = { kind: 'here'; bump: (id: string, action: BumpAction) => Promise<unknown> } | { kind: 'remote'; hub: RemoteHub; device: string };

export class KitchenFeed extends EventEmitter<{ changed: [] }> {
  private stations: Station[] = [];
  private readonly bumps = new Map<string, OrderBumps>();
  private pending = false;

  /** Hears the hub on this receiver from now on; what an earlier link heard is forgotten. */
  listen(receiver: OrderReceiver | undefined): void {
    this.stations = [];
    this.bumps.clear();
    this.touch();
    receiver?.on('stations', (stations) => {
      this.stations = stations;
      this.touch();
    });
    receiver?.on('bumps', (id, bumps) => {
      if (Object.keys(bumps).length === 0) this.bumps.delete(id);
      else this.bumps.set(id, bumps);
      this.touch();
    });
  }

  /** Something shown changed: one `changed` for all that change within this turn (a rush of orders is one). */
  touch(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.emit('changed');
    });
  }

  view(orders: OrderView[]): KitchenView {
    const bumps: KitchenView['bumps'] = {};
    for (const view of orders) {
      const known = this.bumps.get(view.id);
      if (known) bumps[view.id] = known;
    }
    return { stations: this.stations, orders, bumps };
  }

  /**
   * Sends a bump. The new state comes back as the hub's message to every device, this one too:
   * the answer to this request could arrive after a newer message and take a later bump back.
   */
  async bump(id: string, action: BumpAction, route: BumpRoute): Promise<{ ok: true } | { ok: false; error: string }> {
    if (route.kind === 'remote') {
      const result = await bumpAtHub(route.hub, id, action, route.device);
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    }
    try {
      await route.bump(id, action);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
}
