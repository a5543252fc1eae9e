/** The journal's columns are typed arrays that grow as orders come. */
export type Column = Int32Array | Float64Array | Uint16Array | Uint8Array;

/** A copy of `column` with room for `length` entries (at least its own), the new ones zero. */
export function grownTo<T extends Column>(column: T, length: number): T {
  const bigger = new (column.constructor as new (length: number) => T)(length);
  bigger.set(column);
  return bigger;
}
