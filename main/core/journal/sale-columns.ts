/**
 * The retained orders' sales (sale-fields.ts), by slot, in columns: channel and currency as
 * numbers into a table of names (a shop has a few), the total as an integer of units and its
 * decimal places. 13 bytes an order, outside the JS heap, instead of parsing every order's
 * JSON again for each report. An order's sale is read from its JSON the first time it is asked
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
/** In `channels`: a sale the columns cannot give back exactly, read from the order's JSON each time. */
const FROM_JSON = 0xffff;
/** In `scales`: no total. */
const NO_TOTAL = 0xff;
/** A total the columns give back exactly: as String writes a number or a shop writes an amount, no leading zero, no minus zero. */
const PLAIN_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

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
    return { channel: this.names.nameOf(channel - 1), currency: this.names.nameOf(this.currencies[slot]!), total: scale === NO_TOTAL ? undefined : decimalText(this.units[slot]!, scale) };
  }

  private keep(slot: number, sale: Sale): void {
    const channel = this.names.numberOf(sale.channel);
    const currency = this.names.numberOf(sale.currency);
    const total = sale.total === undefined ? undefined : amountOf(sale.total);
    if (channel < 0 || currency < 0 || total === null) {
      this.channels[slot] = FROM_JSON;
      return;
    }
    this.channels[slot] = channel + 1;
    this.currencies[slot] = currency;
    this.units[slot] = total?.units ?? 0;
    this.scales[slot] = total?.scale ?? NO_TOTAL;
  }
}

/** `text` as units and decimal places, if `decimalText` gives exactly `text` back from them; else null. */
function amountOf(text: string): { units: number; scale: number } | null {
  if (!PLAIN_DECIMAL.test(text)) return null;
  const point = text.indexOf('.');
  const scale = point < 0 ? 0 : text.length - point - 1;
  const digits = point < 0 ? text : text.slice(0, point) + text.slice(point + 1);
  const units = Number(digits);
  // Minus zero ("-0.00") and more digits than a double holds exactly do not come back.
  return decimalText(units, scale) === text ? { units, scale } : null;
}

const POWERS = Array.from({ length: 23 }, (_, n) => 10 ** n);
const ZEROS = Array.from({ length: 23 }, (_, n) => '0'.repeat(n));

/**
 * `units` × 10^-scale as decimal text, made from two numbers' text (which V8 caches for small
 * ones) rather than padded and sliced: a report asks for 30,000 at once. Whatever it gives,
 * `amountOf` keeps a total only where it gives the total's own text back.
 */
function decimalText(units: number, scale: number): string {
  if (scale === 0) return String(units);
  const size = Math.abs(units);
  const power = POWERS[scale]!;
  const whole = Math.floor(size / power);
  const fraction = String(size - whole * power);
  return `${units < 0 ? '-' : ''}${whole}.${ZEROS[scale - fraction.length]}${fraction}`;
}
