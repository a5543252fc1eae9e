/**
 * Finds a retained order's slot by its id without a JS string or Map entry per order: an
 * open-addressing hash table in typed arrays (outside the JS heap), keyed by the id as the
 * order's JSON spells it. Opening 100,000 orders then leaves the garbage collector nothing
 * per order to copy or promote, so V8's young generation has no reason to grow.
 */
import { grownTo } from './typed-columns';

/** What the index asks of the slots' owner: whether a slot's id, as JSON, is `bytes[from, to)`. */
export interface IdKeys {
  idIs(slot: number, bytes: Buffer, from: number, to: number): boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const EMPTY = -1;

/** FNV-1a over `bytes[from, to)`, then a final mix so the table's low bits spread. */
export function idHash(bytes: Buffer, from: number, to: number): number {
  let hash = FNV_OFFSET;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i]!, FNV_PRIME);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

export class IdIndex {
  /** Slot numbers (or EMPTY), at most half full, probed linearly. */
  private table = new Int32Array(1024).fill(EMPTY);
  /** Each slot's id hash, by slot number. */
  private hashes = new Int32Array(1024);
  private count = 0;

  constructor(private readonly keys: IdKeys) {}

  get size(): number {
    return this.count;
  }

  /** The slot whose id is the JSON `bytes[from, to)` hashing to `hash`, or -1. */
  find(hash: number, bytes: Buffer, from: number, to: number): number {
    const mask = this.table.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = this.table[at]!;
      if (slot === EMPTY) return -1;
      if (this.hashes[slot] === hash && this.keys.idIs(slot, bytes, from, to)) return slot;
    }
  }

  /** Indexes `slot` under `hash`; its id must not be indexed already. */
  insert(slot: number, hash: number): void {
    if (slot >= this.hashes.length) this.hashes = grown(this.hashes, slot + 1);
    this.hashes[slot] = hash;
    if ((this.count + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    this.place(slot);
    this.count++;
  }

  /** Unindexes `slot`: later entries of its probe run move back, so no tombstones are left. */
  remove(slot: number): void {
    const mask = this.table.length - 1;
    let hole = this.hashes[slot]! & mask;
    while (this.table[hole] !== slot) {
      if (this.table[hole] === EMPTY) throw new Error(`id index: slot ${slot} is not indexed`);
      hole = (hole + 1) & mask;
    }
    for (let at = (hole + 1) & mask; this.table[at] !== EMPTY; at = (at + 1) & mask) {
      const home = this.hashes[this.table[at]!]! & mask;
      // Whether `home` lies cyclically in (hole, at]: then the entry at `at` may not move to `hole`.
      const stays = hole <= at ? hole < home && home <= at : hole < home || home <= at;
      if (stays) continue;
      this.table[hole] = this.table[at]!;
      hole = at;
    }
    this.table[hole] = EMPTY;
    this.count--;
  }

  /** Slot `from` is now numbered `to` (≤ `from`); `reindex` must follow before the next lookup. */
  renumber(from: number, to: number): void {
    this.hashes[to] = this.hashes[from]!;
  }

  /** Indexes exactly slots 0…slots-1, anew. */
  reindex(slots: number): void {
    this.count = 0;
    this.table = new Int32Array(tableFor(slots)).fill(EMPTY);
    for (let slot = 0; slot < slots; slot++) {
      this.place(slot);
      this.count++;
    }
  }

  private rehash(length: number): void {
    const old = this.table;
    this.table = new Int32Array(length).fill(EMPTY);
    for (const slot of old) if (slot !== EMPTY) this.place(slot);
  }

  private place(slot: number): void {
    const mask = this.table.length - 1;
    let at = this.hashes[slot]! & mask;
    while (this.table[at] !== EMPTY) at = (at + 1) & mask;
    this.table[at] = slot;
  }
}

function tableFor(entries: number): number {
  let length = 1024;
  while (entries * 2 > length) length *= 2;
  return length;
}

/** `column` doubled until it holds `atLeast` entries. */
function grown<T extends Int32Array>(column: T, atLeast: number): T {
  let length = column.length;
  while (length < atLeast) length *= 2;
  return grownTo(column, length);
}

/**
 * Writes `id` as JSON into `into` if it is plain — printable ASCII, no quote or backslash, as
 * most ids are — and says how many bytes that took; -1 for any other id. JSON.stringify
 * writes a plain id as the id in quotes, so this is the same bytes, without allocating.
 */
export function plainIdJson(id: string, into: Buffer): number {
  if (id.length + 2 > into.length) return -1;
  into[0] = 0x22;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return -1;
    into[i + 1] = code;
  }
  into[id.length + 1] = 0x22;
  return id.length + 2;
}
