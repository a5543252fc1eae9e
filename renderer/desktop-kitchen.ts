/**
 * The desktop window as a station screen: the kitchen as the main process hears it from the hub
 * (preload/api.ts: getKitchen, onKitchen) and bumps sent through it, to the hub on this PC or the
 * hub this PC is a device of.
 */
import type { BumpAction, KitchenView, OrderBellApi, OrderBumps, OrderView } from '../preload/api';
import type { Station } from '../main/core/orders/stations';
import { NO_BUMPS, type KitchenDisplayState } from './kitchen-state';
import { Listeners } from './listeners';
import type { KitchenSource } from './station-app';

type KitchenApi = Required<Pick<OrderBellApi, 'getKitchen' | 'onKitchen' | 'bump'>>;

export class DesktopKitchen implements KitchenSource, KitchenDisplayState {
  readonly kitchen: KitchenDisplayState = this;
  private current: KitchenView = { stations: [], orders: [], bumps: {} };
  private readonly changed = new Listeners<void>();

  private constructor(private readonly api: KitchenApi) {}

  /** Undefined when this bridge offers no kitchen (a desktop older than the window as a station). */
  static async open(api: OrderBellApi): Promise<DesktopKitchen | undefined> {
    const { getKitchen, onKitchen, bump } = api;
    if (!getKitchen || !onKitchen || !bump) return undefined;
    const kitchen = new DesktopKitchen({ getKitchen, onKitchen, bump });
    onKitchen((view) => kitchen.show(view));
    kitchen.show(await getKitchen());
    // The main process's watchdog reloads a page that never says it is up (main/page-watch.ts);
    // the station screen chimes for its own stations and plays no counter alerts.
    await api.getStatus();
    return kitchen;
  }

  get stations(): Station[] {
    return this.current.stations;
  }

  bumpsOf(id: string): OrderBumps {
    return this.current.bumps[id] ?? NO_BUMPS;
  }

  onChange(listener: () => void): () => void {
    return this.changed.add(listener);
  }

  allOrders(): OrderView[] {
    return this.current.orders;
  }

  onOrdersChanged(listener: (orders: OrderView[]) => void): () => void {
    return this.changed.add(() => listener(this.current.orders));
  }

  async bump(id: string, action: BumpAction): Promise<void> {
    const result = await this.api.bump(id, action);
    if (!result.ok) throw new Error(result.message);
  }

  private show(view: KitchenView): void {
    this.current = view;
    this.changed.emit();
  }
}
