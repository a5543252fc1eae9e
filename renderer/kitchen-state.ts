/**
 * What the web view knows of the kitchen display: the hub's stations and each order's bumps,
 * as the hub last sent them (its word replaces this page's), and bumps sent to the hub.
 */
import type { OrderBumps, BumpAction } from '../main/core/orders/bumps';
import type { Station } from '../main/core/orders/stations';
import { Listeners } from './listeners';

/** What a station screen reads of the kitchen and how it bumps: the web view's KitchenState and the desktop's bridge (desktop-kitchen.ts). */
export interface KitchenDisplayState {
  readonly stations: Station[];
  bumpsOf(id: string): OrderBumps;
  onChange(listener: () => void): () => void;
  /** Resolves once the hub took the bump; rejects with why it did not. */
  bump(id: string, action: BumpAction): Promise<void>;
}

/** One object for every order without bumps: a screen knows its tile has not changed. */
export const NO_BUMPS: OrderBumps = Object.freeze({});

export class KitchenState implements KitchenDisplayState {
  stations: Station[] = [];
  private readonly bumpsById = new Map<string, OrderBumps>();
  private readonly changed = new Listeners<void>();

  constructor(private readonly sendBump: (id: string, action: BumpAction) => Promise<unknown>) {}

  bumpsOf(id: string): OrderBumps {
    return this.bumpsById.get(id) ?? NO_BUMPS;
  }

  onChange(listener: () => void): () => void {
    return this.changed.add(listener);
  }

  setStations(stations: Station[]): void {
    this.stations = stations;
    this.changed.emit();
  }

  setBumps(id: string, bumps: OrderBumps): void {
    this.bumpsById.set(id, bumps);
    this.changed.emit();
  }

  /**
   * Sends a bump. The new state comes as the hub's message to every device, this one too: an
   * answer to this request could arrive after a newer message and take a later bump back.
   */
  async bump(id: string, action: BumpAction): Promise<void> {
    await this.sendBump(id, action);
  }
}
