import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadLinkWatch, silentFor } from './dead-link';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function watch(deadAfterMs: number, withPing = true) {
  const events: string[] = [];
  const link = new DeadLinkWatch({
    deadAfterMs,
    ...(withPing ? { ping: () => events.push(`ping at ${Date.now()}`) } : {}),
    dead: (silentMs) => events.push(`dead after ${silentMs}`),
  });
  return { link, events };
}

describe('DeadLinkWatch', () => {
  it('pings once after half the cap in silence and gives up at the whole', () => {
    vi.setSystemTime(0);
    const { link, events } = watch(20_000);
    link.start();
    vi.advanceTimersByTime(30_000);
    expect(events).toEqual(['ping at 10000', 'dead after 20000']);
  });

  it('anything heard starts the silence again, and an answered ping keeps the link', () => {
    vi.setSystemTime(0);
    const { link, events } = watch(20_000);
    link.start();
    vi.advanceTimersByTime(10_000);
    link.heard(); // the pong
    vi.advanceTimersByTime(15_000);
    link.heard(); // an order
    vi.advanceTimersByTime(19_000);
    expect(events).toEqual(['ping at 10000', 'ping at 20000', 'ping at 35000']);
    vi.advanceTimersByTime(1000);
    expect(events.at(-1)).toBe('dead after 20000');
  });

  it('takes a timer that fires a few ms short of its mark (the wall clock lags the timers) as on time, with no wake-up for the rest', () => {
    vi.setSystemTime(0);
    let lag = 0;
    const events: string[] = [];
    const link = new DeadLinkWatch({ deadAfterMs: 20_000, now: () => Date.now() - lag, ping: () => events.push(`ping at ${Date.now()}`), dead: (silentMs) => events.push(`dead after ${silentMs}`) });
    link.start();
    lag = 3;
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual(['ping at 10000']);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10_003);
    expect(events).toEqual(['ping at 10000', 'dead after 20000']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('without a way to ping (SSE) only the silence counts; a cap of 0 and a stop watch nothing', () => {
    vi.setSystemTime(0);
    const quiet = watch(45_000, false);
    quiet.link.start();
    vi.advanceTimersByTime(45_000);
    expect(quiet.events).toEqual(['dead after 45000']);

    const off = watch(0);
    off.link.start();
    const stopped = watch(1000);
    stopped.link.start();
    stopped.link.stop();
    vi.advanceTimersByTime(60_000);
    expect([...off.events, ...stopped.events]).toEqual([]);
  });

  it('says how long the link was silent', () => {
    expect(silentFor(20_004)).toBe('no answer from the server for 20.0 s, connection presumed dead');
  });
});
