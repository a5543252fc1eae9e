import { describe, expect, it } from 'vitest';
import { installVerdict, nextCheckDelayMs, retryDelayMs, RUSH_QUIET_MS, type InstallRules } from './policy';

// All times in UTC (offset 0): 2026-03-02 is a Monday.
const at = (day: number, time: string) => Date.parse(`2026-03-0${day}T${time}:00Z`);
const rules: InstallRules = { installFrom: '03:00', installUntil: '05:00', quietHours: [], utcOffsetMinutes: () => 0 };
const quiet = { unhandled: 0, lastOrderAt: null };

describe('installVerdict', () => {
  it('never while an order is unhandled, even inside the window', () => {
    expect(installVerdict(at(2, '03:30'), { unhandled: 1, lastOrderAt: at(1, '20:00') }, rules)).toEqual({ ok: false, wait: 'unhandled' });
  });

  it('waits out a rush: no install until the shop has had no order for a while', () => {
    const lastOrderAt = at(2, '03:10');
    expect(installVerdict(lastOrderAt + RUSH_QUIET_MS - 1, { unhandled: 0, lastOrderAt }, rules)).toEqual({ ok: false, wait: 'rush' });
    expect(installVerdict(lastOrderAt + RUSH_QUIET_MS, { unhandled: 0, lastOrderAt }, rules)).toEqual({ ok: true });
  });

  it('only inside the install window, which may cross midnight', () => {
    expect(installVerdict(at(2, '02:59'), quiet, rules)).toEqual({ ok: false, wait: 'opening-hours' });
    expect(installVerdict(at(2, '03:00'), quiet, rules)).toEqual({ ok: true });
    expect(installVerdict(at(2, '05:00'), quiet, rules)).toEqual({ ok: false, wait: 'opening-hours' });
    const overnight = { ...rules, installFrom: '23:30', installUntil: '01:00' };
    expect(installVerdict(at(2, '23:45'), quiet, overnight)).toEqual({ ok: true });
    expect(installVerdict(at(3, '00:30'), quiet, overnight)).toEqual({ ok: true });
    expect(installVerdict(at(3, '12:00'), quiet, overnight).ok).toBe(false);
  });

  it('also in silent quiet hours (the shop is closed), not in merely quiet ones', () => {
    const sunday = { days: [0], start: '00:00', end: '23:59' };
    const closedSunday = { ...rules, quietHours: [{ ...sunday, mode: 'silent' as const }] };
    const quieterSunday = { ...rules, quietHours: [{ ...sunday, mode: 'quiet' as const }] };
    expect(installVerdict(at(8, '12:00'), quiet, closedSunday)).toEqual({ ok: true });
    expect(installVerdict(at(8, '12:00'), quiet, quieterSunday)).toEqual({ ok: false, wait: 'opening-hours' });
    expect(installVerdict(at(9, '12:00'), quiet, closedSunday)).toEqual({ ok: false, wait: 'opening-hours' });
  });
});

describe('check timing', () => {
  it('checks every four hours give or take half an hour', () => {
    expect(nextCheckDelayMs(() => 0)).toBe(3.5 * 3_600_000);
    expect(nextCheckDelayMs(() => 0.5)).toBe(4 * 3_600_000);
    expect(nextCheckDelayMs(() => 0.999999)).toBeCloseTo(4.5 * 3_600_000, -3);
  });

  it('retries a failure after 15 minutes, then backs off up to the regular interval', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 50].map((n) => retryDelayMs(n, middle) / 60_000)).toEqual([15, 30, 60, 120, 240, 240]);
  });
});
