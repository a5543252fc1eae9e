/**
 * The retained orders' sales (sale-fields.ts), by slot, in columns: channel and currency as
 * numbers into a table of names (a shop has a few), the total as its amount's units and decimal
 * places. 13 bytes an order, outside the JS heap, instead of parsing every order's JSON again
 * for each report. An order's sale is read from its JSON the first time it is asked
 * for (an order appended since gives its parsed form), so opening the journal reads nothing more.
 */
import type { KeptOrder } from './records';
import type { Order } from '../orders/order';
import { saleOf, type Sale } from './sale';
import { saleFromJson } from './sale-fields';
import { NameTable } from './name-table';
import { grownTo } from './typed-columns';

/** At most this many channel and currency names are numbered; orders with others (a hostile client's) are read from their JSON each time. */
export const MAX_SALE_NAMES = 1024;
const NOT_READ = 0;
/** In `channels`: a sale the columns cannot hold (a name past the table's, a total past a double's), read from the order's JSON each time. */
const FROM_JSON = 0xffff;
/** In `scales`: no total. */
const NO_TOTAL = 0xff;

export class SaleColumns {
  /** NOT_READ, FROM_JSON, or the channel's number in `names` plus 1. */
  private channels: Uint16Array;
  private currencies: Uint16Array;
  /** The total in units of 10^-scale, its sign included. */
  private units: Float64Array;
  private scales: Uint8Array;
  private readonly names = new NameTable(MAX_SALE_NAMES);

  constructor(slots: number) {
    this.channels = new Uint16Array(slots);
    this.currencies = new Uint16Array(slots);
    this.units = new Float64Array(slots);
    this.scales = new Uint8Array(slots);
  }

  grow(slots: number): void {
    this.channels = grownTo(this.channels, slots);
    this.currencies = grownTo(this.currencies, slots);
    this.units = grownTo(this.units, slots);
    this.scales = grownTo(this.scales, slots);
  }

  /** A new order in `slot`: its sale is kept now from its parsed form, if it came with one, else read when first asked for. */
  added(slot: number, parsed: Order | undefined): void {
    if (parsed) this.keep(slot, saleOf(parsed));
    else this.channels[slot] = NOT_READ;
  }

  /** The sale of `stored`, the order in `slot`. */
  of(slot: number, stored: KeptOrder): Sale {
    const channel = this.channels[slot]!;
    if (channel !== NOT_READ && channel !== FROM_JSON) return this.given(slot, channel);
    const sale = saleFromJson(stored.chunk, stored.start, stored.start + stored.jsonLength) ?? saleOf(stored.order);
    if (channel === NOT_READ) this.keep(slot, sale);
    return sale;
  }

  /** Slot `from`'s sale is now slot `to`'s. */
  move(from: number, to: number): void {
    this.channels[to] = this.channels[from]!;
    this.currencies[to] = this.currencies[from]!;
    this.units[to] = this.units[from]!;
    this.scales[to] = this.scales[from]!;
  }

  private given(slot: number, channel: number): Sale {
    const scale = this.scales[slot]!;
    return { channel: this.names.nameOf(channel - 1), currency: this.names.nameOf(this.currencies[slot]!), total: scale === NO_TOTAL ? undefined : { units: this.units[slot]!, scale } };
  }

  private keep(slot: number, sale: Sale): void {
    const channel = this.names.numberOf(sale.channel);
    const currency = this.names.numberOf(sale.currency);
    const units = sale.total?.units ?? 0;
    if (channel < 0 || currency < 0 || typeof units === 'bigint') {
      this.channels[slot] = FROM_JSON;
      return;
    }
    this.channels[slot] = channel + 1;
    this.currencies[slot] = currency;
    this.units[slot] = units;
    this.scales[slot] = sale.total?.scale ?? NO_TOTAL;
  }
}
