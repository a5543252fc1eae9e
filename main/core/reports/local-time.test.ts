import { describe, expect, it, vi } from 'vitest';
import { LocalClock, timeZoneProblem } from './local-time';

const slot = (zone: string, iso: string) => new LocalClock(zone).slot(Date.parse(iso));

describe("the shop's local calendar", () => {
  it('puts instants around midnight in the local day, not the UTC one', () => {
    expect(slot('Asia/Shanghai', '2026-12-01T15:59:59Z')).toEqual({ day: '2026-12-01', hour: 23, weekday: 1 });
    expect(slot('Asia/Shanghai', '2026-12-01T16:00:00Z')).toEqual({ day: '2026-12-02', hour: 0, weekday: 2 });
    expect(slot('America/New_York', '2026-12-02T04:30:00Z')).toEqual({ day: '2026-12-01', hour: 23, weekday: 1 });
    expect(slot('Asia/Kolkata', '2026-12-01T18:29:00Z').day).toBe('2026-12-01');
    expect(slot('Asia/Kolkata', '2026-12-01T18:30:00Z').day).toBe('2026-12-02');
  });

  it('keeps days right across the spring daylight-saving change (London, 23-hour day)', () => {
    const london = new LocalClock('Europe/London');
    // Clocks go from 01:00 GMT to 02:00 BST at 2026-03-29T01:00Z.
    expect(london.slot(Date.parse('2026-03-29T00:59:00Z'))).toMatchObject({ day: '2026-03-29', hour: 0 });
    expect(london.slot(Date.parse('2026-03-29T01:00:00Z'))).toMatchObject({ day: '2026-03-29', hour: 2 });
    expect(london.slot(Date.parse('2026-03-29T22:59:00Z'))).toMatchObject({ day: '2026-03-29', hour: 23 });
    expect(london.slot(Date.parse('2026-03-29T23:00:00Z'))).toMatchObject({ day: '2026-03-30', hour: 0 });
    expect(london.endOfDay('2026-03-28')).toBe(Date.parse('2026-03-29T00:00:00Z'));
    expect(london.endOfDay('2026-03-29')).toBe(Date.parse('2026-03-29T23:00:00Z'));
  });

  it('keeps days right across the autumn change (London, 25-hour day: 01:00–02:00 twice)', () => {
    const london = new LocalClock('Europe/London');
    expect(london.slot(Date.parse('2026-10-25T00:30:00Z'))).toMatchObject({ day: '2026-10-25', hour: 1 });
    expect(london.slot(Date.parse('2026-10-25T01:30:00Z'))).toMatchObject({ day: '2026-10-25', hour: 1 });
    expect(london.slot(Date.parse('2026-10-25T23:59:00Z'))).toMatchObject({ day: '2026-10-25', hour: 23 });
    expect(london.endOfDay('2026-10-24')).toBe(Date.parse('2026-10-24T23:00:00Z'));
    expect(london.endOfDay('2026-10-25')).toBe(Date.parse('2026-10-26T00:00:00Z'));
  });

  it('handles a half-hour daylight-saving change (Lord Howe Island)', () => {
    const lordHowe = new LocalClock('Australia/Lord_Howe');
    // 2026-10-04 02:00 +10:30 becomes 02:30 +11:00, at 2026-10-03T15:30Z.
    expect(lordHowe.slot(Date.parse('2026-10-03T15:29:00Z'))).toMatchObject({ day: '2026-10-04', hour: 1 });
    expect(lordHowe.slot(Date.parse('2026-10-03T15:30:00Z'))).toMatchObject({ day: '2026-10-04', hour: 2 });
    expect(lordHowe.endOfDay('2026-10-04')).toBe(Date.parse('2026-10-04T13:00:00Z'));
  });

  it('names an unknown zone clearly', () => {
    expect(timeZoneProblem('Asia/Shanghai')).toBeUndefined();
    expect(timeZoneProblem('Mars/Olympus')).toBe('unknown time zone "Mars/Olympus"; use an IANA name such as Asia/Shanghai or Europe/London');
  });

  it('gives each zone its own hours however many zones are asked for in turn, before and after others pushed it out of the kept formatters', () => {
    const noon = Date.parse('2026-07-01T12:00:00Z');
    const zones: [string, number][] = [
      ['Asia/Shanghai', 20], ['Europe/London', 13], ['America/New_York', 8], ['Asia/Kolkata', 17], ['Australia/Sydney', 22], ['America/Los_Angeles', 5],
      ['Europe/Berlin', 14], ['Asia/Tokyo', 21], ['Pacific/Auckland', 0], ['America/Sao_Paulo', 9], ['Africa/Nairobi', 15], ['UTC', 12],
    ];
    const early = new LocalClock('Asia/Shanghai');
    for (let round = 0; round < 2; round++) {
      for (const [zone, hour] of zones) {
        expect(timeZoneProblem(zone)).toBeUndefined();
        expect(new LocalClock(zone).slot(noon).hour, zone).toBe(hour);
      }
      expect(timeZoneProblem('Mars/Olympus')).toMatch(/unknown time zone/);
    }
    expect(early.slot(noon).hour).toBe(20);
  });

  it('makes the shop\'s zone\'s formatter once, however many reports ask and however many other zones come between', () => {
    const Real = Intl.DateTimeFormat;
    // Counts each formatter made, and makes it for real: the ones kept serve the tests after this one.
    const made = vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (this: unknown, locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
      return new Real(locales, options);
    } as typeof Intl.DateTimeFormat);
    try {
      const zone = 'America/Argentina/Ushuaia';
      const others = ['Asia/Dubai', 'Asia/Karachi', 'Asia/Dhaka', 'Asia/Bangkok', 'Asia/Seoul', 'Asia/Manila', 'Europe/Paris', 'Europe/Rome', 'Europe/Madrid', 'Europe/Oslo'];
      for (const other of others) {
        expect(timeZoneProblem(zone)).toBeUndefined();
        new LocalClock(zone).slot(Date.parse('2026-07-01T12:00:00Z'));
        new LocalClock(other);
      }
      const forZone = made.mock.calls.filter(([, options]) => options?.timeZone === zone);
      expect(forZone).toHaveLength(1);
      expect(made.mock.calls.filter(([, options]) => options?.timeZone === 'Asia/Dubai')).toHaveLength(1);
    } finally {
      made.mockRestore();
    }
  });
});
