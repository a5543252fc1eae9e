import { describe, expect, it } from 'vitest';
import { newToken } from './auth';

describe("the hub's token", () => {
  it('is never made starting with "-", which a command line (orderbell send --token …) would take for a flag', () => {
    // One token in 64 would start with "-" if nothing prevented it: 2000 of them miss that only by a fluke of 1 in 10^13.
    const tokens = Array.from({ length: 2000 }, newToken);
    expect(tokens.filter((token) => token.startsWith('-'))).toEqual([]);
    expect(tokens.filter((token) => !/^[\w-]{32}$/.test(token))).toEqual([]);
    expect(new Set(tokens).size).toBe(2000);
  });
});
