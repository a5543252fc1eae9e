import { describe, expect, it } from 'vitest';
import { IdIndex, idHash, plainIdJson, type IdKeys } from './id-index';

/** Ids as JSON in one buffer each, by slot, like the journal's arena. */
class Ids implements IdKeys {
  readonly json: Buffer[] = [];
  idIs(slot: number, bytes: Buffer, from: number, to: number): boolean {
    return this.json[slot]!.equals(bytes.subarray(from, to));
  }
}

const jsonOf = (id: string): Buffer => Buffer.from(JSON.stringify(id));

/** An index holding `names`, each in the slot of its place in the list. */
function indexOf(names: string[]): { ids: Ids; index: IdIndex } {
  const ids = new Ids();
  const index = new IdIndex(ids);
  for (const [slot, name] of names.entries()) {
    ids.json.push(jsonOf(name));
    index.insert(slot, idHash(ids.json[slot]!, 0, ids.json[slot]!.length));
  }
  return { ids, index };
}
const find = (index: IdIndex, id: string, hash = idHash(jsonOf(id), 0, jsonOf(id).length)): number => index.find(hash, jsonOf(id), 0, jsonOf(id).length);

/** A small deterministic PRNG, so a failure repeats. */
function random(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('IdIndex', () => {
  it('finds every id it holds, and none it does not, as it grows', () => {
    const { index } = indexOf(Array.from({ length: 5000 }, (_, slot) => `order-${slot}`));
    expect(index.size).toBe(5000);
    expect([0, 1, 1023, 1024, 4999].map((slot) => find(index, `order-${slot}`))).toEqual([0, 1, 1023, 1024, 4999]);
    expect([find(index, 'order-5000'), find(index, 'order-'), find(index, '')]).toEqual([-1, -1, -1]);
  });

  it('tells apart ids that differ only in escapes, non-ASCII text or a prefix', () => {
    const tricky = ['A', 'AB', 'A"', 'A\\', '号-1', '号-2', '🌶️', 'a\nb', 'a\\nb'];
    const { index } = indexOf(tricky);
    expect(tricky.map((id) => find(index, id))).toEqual(tricky.map((_, slot) => slot));
  });

  it('agrees with a Map through random inserts and removals, with colliding and wrapping hashes', () => {
    const next = random(7);
    const ids = new Ids();
    const index = new IdIndex(ids);
    const model = new Map<string, number>();
    // Few distinct hashes, many near the table's end: long probe runs that wrap around.
    const hashOf = (id: string): number => [1021, 1022, 1023, 0, 3][Number(id.slice(3)) % 5]!;
    for (let step = 0; step < 4000; step++) {
      const id = `id-${Math.floor(next() * 300)}`;
      const slot = model.get(id);
      if (slot === undefined) {
        ids.json.push(jsonOf(id));
        index.insert(ids.json.length - 1, hashOf(id));
        model.set(id, ids.json.length - 1);
      } else {
        index.remove(slot);
        model.delete(id);
      }
      if (step % 97 === 0) {
        for (let n = 0; n < 300; n++) expect(find(index, `id-${n}`, hashOf(`id-${n}`))).toBe(model.get(`id-${n}`) ?? -1);
      }
    }
    expect(index.size).toBe(model.size);
  });

  it('finds slots by their new numbers after a renumbering and reindex', () => {
    const { ids, index } = indexOf(Array.from({ length: 10 }, (_, slot) => `o-${slot}`));
    // Keep the odd slots, moved down to 0…4.
    for (const slot of [0, 2, 4, 6, 8]) index.remove(slot);
    for (let to = 0; to < 5; to++) {
      index.renumber(2 * to + 1, to);
      ids.json[to] = ids.json[2 * to + 1]!;
    }
    index.reindex(5);
    expect([1, 3, 5, 7, 9].map((n) => find(index, `o-${n}`))).toEqual([0, 1, 2, 3, 4]);
    expect([index.size, find(index, 'o-0')]).toEqual([5, -1]);
  });

  it('spells a plain id as JSON.stringify does, and declines any other', () => {
    const into = Buffer.alloc(130);
    for (const id of ['A-1', 'order 7 / table #3', '~', 'x'.repeat(128)]) {
      const length = plainIdJson(id, into);
      expect(into.subarray(0, length)).toEqual(jsonOf(id));
    }
    expect(['A"', 'A\\', 'a\tb', '号', 'é', '\u007f', 'x'.repeat(129)].map((id) => plainIdJson(id, into))).toEqual([-1, -1, -1, -1, -1, -1, -1]);
  });
});
