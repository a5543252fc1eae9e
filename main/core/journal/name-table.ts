/**
 * Names numbered in the order they are first seen, up to a limit: a column keeps a small number
 * per order instead of the text (a shop has a few device names, channels and currencies). Past
 * the limit a name gets no number, so a hostile client's endless names cost nothing here.
 */
export class NameTable {
  private readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.names.length >= this.limit;
  }

  get size(): number {
    return this.names.length;
  }

  /** The name's number, or -1 when it has none and the table is full. */
  numberOf(name: string): number {
    const known = this.numbers.get(name);
    if (known !== undefined) return known;
    if (this.full) return -1;
    this.numbers.set(name, this.names.length);
    return this.names.push(name) - 1;
  }

  nameOf(number: number): string {
    return this.names[number]!;
  }
}
