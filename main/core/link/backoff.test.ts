import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles the ceiling each attempt up to the cap', () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 20_000, random: () => 1 });
    expect(Array.from({ length: 8 }, () => backoff.next())).toEqual([500, 1000, 2000, 4000, 8000, 16000, 20000, 20000]);
  });

  it('spreads delays uniformly below the ceiling (full jitter)', () => {
    const backoff = new Backoff({ initialMs: 1000, random: () => 0.25 });
    expect(backoff.next()).toBe(250);
    expect(backoff.next()).toBe(500);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff({ initialMs: 100, random: () => 1 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('stays finite after very many attempts', () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 20_000, random: () => 1 });
    for (let i = 0; i < 5000; i++) backoff.next();
    expect(backoff.next()).toBe(20_000);
  });
});
