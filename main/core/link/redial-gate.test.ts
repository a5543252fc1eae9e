import { afterEach, describe, expect, it, vi } from 'vitest';
import { RedialGate } from './redial-gate';

describe('RedialGate', () => {
  afterEach(() => vi.useRealTimers());

  it('redials at once, folds what follows within the quiet time into one redial at its end, then is at once again', () => {
    vi.useFakeTimers({ now: 0 });
    const redial = vi.fn();
    const gate = new RedialGate(redial, 1000);
    gate.request();
    expect(redial).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 100; i++) gate.request();
    vi.advanceTimersByTime(999);
    expect(redial).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(redial).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(redial).toHaveBeenCalledTimes(2);
    gate.request();
    expect(redial).toHaveBeenCalledTimes(3);
  });

  it('drops a pending redial once disposed', () => {
    vi.useFakeTimers({ now: 0 });
    const redial = vi.fn();
    const gate = new RedialGate(redial, 1000);
    gate.request();
    gate.request();
    gate.dispose();
    vi.advanceTimersByTime(2000);
    expect(redial).toHaveBeenCalledTimes(1);
  });
});
