/**
 * The orders a journal retains, oldest first: their fields in columns outside the JS heap,
 * each found by id through an IdIndex over its JSON.
 */
import { ByteArena } from './byte-arena';
import { MarkPages, type HandledMark, type MarkPage } from './mark-pages';
import { HandledColumns } from './handled-columns';
import { IdIndex, idHash, plainIdJson, type IdKeys } from './id-index';
import { ID_JSON_AT, idJsonEnd, KeptOrder, readId } from './records';
import { ORDER_ID_MAX, type HandledState, type Order } from '../orders/order';
import { grownTo } from './typed-columns';
import { SaleColumns } from './sale-columns';
import type { Sale } from './sale';

const REBUILD_SLACK = 1024;
const INITIAL_SLOTS = 1024;
/** The newest orders added with their parsed form keep it: a device catching up asks for them first. */
const KEEP_PARSED = 256;

/**
 * The retained orders, one slot each in arrival order, their fields in columns: typed arrays
 * outside the JS heap. An order's JSON stays in the arena, its id included, and the ids are
 * found through an IdIndex over those bytes: 100,000 orders cost the JS heap no object, string
 * or Map entry each, so loading them gives the garbage collector next to nothing to copy and
 * V8's young generation no reason to grow. A KeptOrder is made from a slot when asked for.
 */
export class RetainedOrders<Run = string> implements IdKeys {
  /** Where the orders' JSON is kept; replaced by a packed one at each `repack`. */
  arena = new ByteArena();
  private readonly index = new IdIndex(this);
  /** Where `slotOf` spells a plain id as JSON. */
  private readonly key = Buffer.alloc(ORDER_ID_MAX + 2);
  /** The arena chunks the slots' JSON is in (`chunkOf` numbers them), and the last one numbered. */
  private chunkTable: Buffer[] = [];
  private lastChunk: Buffer | undefined;
  /** NaN for a null seq. */
  private seqs = new Float64Array(INITIAL_SLOTS);
  private times = new Float64Array(INITIAL_SLOTS);
  private chunkOf = new Int32Array(INITIAL_SLOTS);
  private starts = new Int32Array(INITIAL_SLOTS);
  private lengths = new Int32Array(INITIAL_SLOTS);
  private lineBytes = new Float64Array(INITIAL_SLOTS);
  /** Index into `runs`; -1 for none. */
  private epochs = new Int32Array(INITIAL_SLOTS);
  private readonly handled = new HandledColumns(INITIAL_SLOTS);
  /** Made when a report first asks for the orders' sales: a journal never reported on keeps none. */
  private saleColumns: SaleColumns | undefined;
  private live = new Uint8Array(INITIAL_SLOTS);
  /** The stretches of the stream's history the orders were stored in (told apart by identity). */
  private readonly runs: Run[] = [];
  /** Parsed forms by slot, oldest first. */
  private parsed = new Map<number, Order>();
  private readonly markPages = new MarkPages();
  /** Slots in use; those before `head`, and those not `live`, are removed. */
  private used = 0;
  private head = 0;
  private totalBytes = 0;

  get size(): number {
    return this.index.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  has(id: string): boolean {
    return this.slotOf(id) >= 0;
  }

  get(id: string): KeptOrder | undefined {
    const slot = this.slotOf(id);
    return slot < 0 ? undefined : this.view(slot, id);
  }

  /** A retained order, with the stream's epoch when it was stored. */
  entry(id: string): { stored: KeptOrder; epoch: Run | null } | undefined {
    const slot = this.slotOf(id);
    return slot < 0 ? undefined : { stored: this.view(slot, id), epoch: this.epochOf(slot) };
  }

  /** A retained order's handled state, if it has one, without making the order an object. */
  handledOf(id: string): HandledState | undefined {
    const slot = this.slotOf(id);
    return slot < 0 ? undefined : this.handled.stateOf(slot);
  }

  /** Sets a retained order's handled state, unless it has one. */
  setHandled(id: string, by: string, at: string): void {
    this.setHandledAt(this.slotOf(id), by, at);
  }

  /** `setHandled` for the order whose id, as JSON spelled as JSON.stringify spells it, is `bytes[from, to)`. */
  setHandledByIdJson(bytes: Buffer, from: number, to: number, by: string, at: string): void {
    this.setHandledAt(this.index.find(idHash(bytes, from, to), bytes, from, to), by, at);
  }

  /**
   * Adds an order as the newest; an earlier one with its id is removed (it is superseded).
   * `bytes` is its journal line's length: what it costs in the file, and roughly in memory.
   */
  add(stored: KeptOrder, bytes: number, epoch: Run | null): void {
    this.markPages.forget();
    const { chunk, start } = stored;
    const idEnd = idJsonEnd(chunk, start);
    const hash = idHash(chunk, start + ID_JSON_AT, idEnd);
    const earlier = this.index.find(hash, chunk, start + ID_JSON_AT, idEnd);
    if (earlier >= 0) this.remove(earlier);
    if (this.used === this.seqs.length) this.grow();
    const slot = this.used++;
    this.seqs[slot] = stored.seq ?? Number.NaN;
    this.times[slot] = stored.receivedAt;
    this.chunkOf[slot] = this.chunkNumber(chunk);
    this.starts[slot] = start;
    this.lengths[slot] = stored.jsonLength;
    this.lineBytes[slot] = bytes;
    this.epochs[slot] = this.epochIndex(epoch);
    if (stored.handled) this.handled.set(slot, stored.handled.by, stored.handled.at);
    else this.handled.clear(slot);
    this.saleColumns?.added(slot, stored.parsedForm);
    this.live[slot] = 1;
    this.index.insert(slot, hash);
    this.totalBytes += bytes;
    const parsed = stored.parsedForm;
    if (parsed) this.keepParsed(slot, parsed);
  }

  /** Retained orders, oldest first, each with the stream's epoch when it was stored (seqs compare only within one). */
  *entries(): IterableIterator<{ stored: KeptOrder; epoch: Run | null }> {
    for (let slot = this.head; slot < this.used; slot++) {
      if (this.live[slot]) yield { stored: this.view(slot), epoch: this.epochOf(slot) };
    }
  }

  /** Retained orders, oldest first, each with its sale: read from its JSON the first time, kept in columns after. */
  *sales(): IterableIterator<{ stored: KeptOrder; sale: Sale }> {
    const columns = (this.saleColumns ??= new SaleColumns(this.seqs.length));
    for (let slot = this.head; slot < this.used; slot++) {
      if (!this.live[slot]) continue;
      const stored = this.view(slot);
      yield { stored, sale: columns.of(slot, stored) };
    }
  }

  /** Retained orders, oldest first; with `unhandledOnly`, those not handled. */
  *orders(unhandledOnly = false): IterableIterator<KeptOrder> {
    for (let slot = this.head; slot < this.used; slot++) {
      if (this.live[slot] && !(unhandledOnly && this.handled.isHandled(slot))) yield this.view(slot);
    }
  }

  /** Retained orders that were handled, oldest first. */
  *handledOrders(): IterableIterator<KeptOrder> {
    for (let slot = this.head; slot < this.used; slot++) {
      if (this.live[slot] && this.handled.isHandled(slot)) yield this.view(slot);
    }
  }

  /** Up to `limit` orders with `since` < seq ≤ `upTo`, in seq order; valid where seqs ascend in arrival order. */
  after(since: number, upTo: number, limit: number): KeptOrder[] {
    const page: KeptOrder[] = [];
    for (let slot = this.firstAfter(since); slot < this.used && page.length < limit; slot++) {
      if (this.seqKey(slot) > upTo) break;
      if (this.live[slot]) page.push(this.view(slot));
    }
    return page;
  }

  /**
   * Of the next `limit` orders with `since` < seq ≤ `upTo`, in seq order, those handled at
   * `from` (ms) or later, or at a time that cannot be read, as their handled marks; and the seq
   * looked up to. Only those marks are made objects, and no order; devices resuming together
   * share them (mark-pages.ts).
   */
  handledFrom(since: number, upTo: number, from: number, limit: number): MarkPage {
    return this.markPages.page(since, upTo, from, limit, () => {
      const marks: HandledMark[] = [];
      let reached = since;
      for (let slot = this.firstAfter(since), looked = 0; slot < this.used && looked < limit; slot++) {
        if (this.seqKey(slot) > upTo) break;
        reached = this.seqKey(slot);
        if (!this.live[slot]) continue;
        looked++;
        const at = this.handled.handledAtMs(slot);
        if (at !== undefined && !(at < from)) marks.push({ id: readId(this.chunkTable[this.chunkOf[slot]!]!, this.starts[slot]!), ...this.handled.stateOf(slot)! });
      }
      return { marks, reached };
    });
  }

  /** The first slot whose seq is above `since`; valid where seqs ascend in arrival order. */
  private firstAfter(since: number): number {
    let low = this.head;
    let high = this.used;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.seqKey(mid) <= since) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Removes the oldest orders until at most `maxOrders` and `maxBytes` remain, telling `removed` of each. */
  trim(maxOrders: number, maxBytes: number, removed?: (stored: KeptOrder) => void): void {
    while (this.head < this.used && (this.size > maxOrders || this.totalBytes > maxBytes)) {
      const oldest = this.head++;
      if (!this.live[oldest]) continue;
      removed?.(this.view(oldest));
      this.remove(oldest);
    }
    this.rebuildIfSparse();
  }

  /** Removes every order `drop` picks, wherever it is. */
  removeWhere(drop: (receivedAt: number, handled: boolean) => boolean): void {
    for (let slot = this.head; slot < this.used; slot++) {
      if (this.live[slot] && drop(this.times[slot]!, this.handled.isHandled(slot))) this.remove(slot);
    }
    this.rebuildIfSparse();
  }

  /**
   * Moves the retained orders' JSON into a new arena, so chunks holding only removed orders'
   * JSON can be freed, and forgets device names no retained order was handled by.
   */
  repack(): void {
    const chunks = this.chunkTable;
    this.arena = new ByteArena();
    this.chunkTable = [];
    this.lastChunk = undefined;
    for (let slot = this.head; slot < this.used; slot++) {
      if (!this.live[slot]) continue;
      const start = this.starts[slot]!;
      const kept = this.arena.keep(chunks[this.chunkOf[slot]!]!.subarray(start, start + this.lengths[slot]!));
      this.chunkOf[slot] = this.chunkNumber(kept.chunk);
      this.starts[slot] = kept.start;
    }
    this.handled.forgetUnusedNames(this.used);
  }

  /** The JSON kept in chunk `piece` is now at the same places in `own` (see PieceArena). */
  movedChunk(piece: Buffer, own: Buffer): void {
    for (let i = this.chunkTable.length - 1; i >= 0; i--) if (this.chunkTable[i] === piece) this.chunkTable[i] = own;
    if (this.lastChunk === piece) this.lastChunk = own;
  }

  idIs(slot: number, bytes: Buffer, from: number, to: number): boolean {
    if (to - from > this.lengths[slot]! - ID_JSON_AT) return false;
    const chunk = this.chunkTable[this.chunkOf[slot]!]!;
    // A JSON string ends at its first unescaped quote, so equal bytes up to `to` are the whole id.
    // Compared here, not by Buffer#compare: ids are short, and a call into C++ costs more.
    for (let at = this.starts[slot]! + ID_JSON_AT - from, i = from; i < to; i++) {
      if (chunk[at + i] !== bytes[i]) return false;
    }
    return true;
  }

  private slotOf(id: string): number {
    const length = plainIdJson(id, this.key);
    const json = length < 0 ? Buffer.from(JSON.stringify(id), 'utf8') : this.key;
    const end = length < 0 ? json.length : length;
    return this.index.find(idHash(json, 0, end), json, 0, end);
  }

  private setHandledAt(slot: number, by: string, at: string): void {
    if (slot < 0 || this.handled.isHandled(slot)) return;
    this.handled.set(slot, by, at);
    this.markPages.forget();
  }

  private view(slot: number, id?: string): KeptOrder {
    const chunk = this.chunkTable[this.chunkOf[slot]!]!;
    const stored = new KeptOrder(id, this.seqOf(slot), this.times[slot]!, chunk, this.starts[slot]!, this.lengths[slot]!, this.parsed.get(slot));
    this.handled.copy(slot, stored);
    return stored;
  }

  private seqOf(slot: number): number | null {
    const seq = this.seqs[slot]!;
    return Number.isNaN(seq) ? null : seq;
  }

  /** The seq that `after` orders by: a null seq counts as 0. */
  private seqKey(slot: number): number {
    return this.seqOf(slot) ?? 0;
  }

  private epochOf(slot: number): Run | null {
    const index = this.epochs[slot]!;
    return index < 0 ? null : this.runs[index]!;
  }

  private epochIndex(epoch: Run | null): number {
    if (epoch === null) return -1;
    const last = this.runs.length - 1;
    if (this.runs[last] === epoch) return last;
    const known = this.runs.indexOf(epoch);
    return known >= 0 ? known : this.runs.push(epoch) - 1;
  }

  /** Orders come in the chunk the arena is filling, so a new number is needed only when it moves on. */
  private chunkNumber(chunk: Buffer): number {
    if (chunk !== this.lastChunk) {
      this.lastChunk = chunk;
      this.chunkTable.push(chunk);
    }
    return this.chunkTable.length - 1;
  }

  private keepParsed(slot: number, order: Order): void {
    this.parsed.set(slot, order);
    if (this.parsed.size > KEEP_PARSED) this.parsed.delete(this.parsed.keys().next().value!);
  }

  private remove(slot: number): void {
    this.markPages.forget();
    this.index.remove(slot);
    this.live[slot] = 0;
    this.totalBytes -= this.lineBytes[slot]!;
    this.parsed.delete(slot);
    this.handled.clear(slot);
  }

  /**
   * Makes room for `slots` orders at once, for a load that can tell how many will come: the
   * columns are not copied again and again as they grow, and pages never written to cost no
   * resident memory.
   */
  reserve(slots: number): void {
    if (slots > this.seqs.length) this.grow(slots);
  }

  private grow(slots = this.seqs.length * 2): void {
    this.seqs = grownTo(this.seqs, slots);
    this.times = grownTo(this.times, slots);
    this.chunkOf = grownTo(this.chunkOf, slots);
    this.starts = grownTo(this.starts, slots);
    this.lengths = grownTo(this.lengths, slots);
    this.lineBytes = grownTo(this.lineBytes, slots);
    this.epochs = grownTo(this.epochs, slots);
    this.handled.grow(slots);
    this.saleColumns?.grow(slots);
    this.live = grownTo(this.live, slots);
  }

  /**
   * Once removed slots outnumber the retained ones, moves the retained ones down and keeps
   * only the chunks and device names they still use.
   */
  private rebuildIfSparse(): void {
    const removed = this.used - this.size;
    if (removed <= REBUILD_SLACK || removed <= this.size) return;
    const chunks = this.chunkTable;
    const parsed = new Map<number, Order>();
    this.chunkTable = [];
    this.lastChunk = undefined;
    let to = 0;
    for (let from = this.head; from < this.used; from++) {
      if (!this.live[from]) continue;
      this.moveSlot(from, to);
      this.chunkOf[to] = this.chunkNumber(chunks[this.chunkOf[from]!]!);
      const order = this.parsed.get(from);
      if (order) parsed.set(to, order);
      to++;
    }
    this.parsed = parsed;
    this.used = to;
    this.head = 0;
    this.live.fill(0, to);
    this.index.reindex(to);
    this.handled.forgetUnusedNames(to);
  }

  private moveSlot(from: number, to: number): void {
    this.index.renumber(from, to);
    this.seqs[to] = this.seqs[from]!;
    this.times[to] = this.times[from]!;
    this.starts[to] = this.starts[from]!;
    this.lengths[to] = this.lengths[from]!;
    this.lineBytes[to] = this.lineBytes[from]!;
    this.epochs[to] = this.epochs[from]!;
    this.handled.move(from, to);
    this.saleColumns?.move(from, to);
    this.live[to] = 1;
  }
}
