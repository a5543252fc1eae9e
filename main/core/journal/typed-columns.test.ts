import { describe, expect, it } from 'vitest';
import { grownTo } from './typed-columns';

describe('grownTo', () => {
  it('keeps every entry and its type, with the new entries zero', () => {
    for (const column of [Int32Array.of(-1, 7), Float64Array.of(1.5, 1e15), Uint16Array.of(1, 0xffff), Uint8Array.of(1, 255)]) {
      const bigger = grownTo(column, 5);
      expect(bigger.constructor).toBe(column.constructor);
      expect([...bigger]).toEqual([...column, 0, 0, 0]);
      expect(bigger).not.toBe(column);
    }
  });
});
