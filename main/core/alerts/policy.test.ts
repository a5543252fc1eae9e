import { describe, expect, it } from 'vitest';
import { AlertPolicy, alertingOrder, inPeriod, QUIET_VOLUME_FACTOR, type AlertAction, type AlertConfig } from './policy';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0); // a Wednesday, 12:00 UTC
const S = 1000;

function policy(overrides: Partial<AlertConfig> = {}) {
  return new AlertPolicy({
    repeatIntervalS: 10,
    escalateAfterS: 60,
    offlineAlertAfterS: 30,
    volume: 0.8,
    voice: true,
    quietHours: [],
    utcOffsetMinutes: () => 0,
    ...overrides,
  });
}

/** Ticks once a second from `from` to `to` and returns [second, action] for every action. */
function run(alerts: AlertPolicy, from: number, to: number): [number, AlertAction][] {
  const played: [number, AlertAction][] = [];
  for (let now = from; now <= to; now += S) for (const action of alerts.tick(now)) played.push([(now - T0) / S, action]);
  return played;
}

const sounds = (played: [number, AlertAction][]) =>
  played.filter(([, a]) => a.kind === 'sound').map(([t, a]) => `${t}:${(a as { sound: string }).sound}`);

describe('AlertPolicy', () => {
  it('rings at once for a new order and repeats every interval until it is handled', () => {
    const alerts = policy();
    expect(alerts.orderArrived({ id: 'A' }, T0)).toBe('individual');
    expect(sounds(run(alerts, T0, T0 + 35 * S))).toEqual(['0:new-order', '10:new-order', '20:new-order', '30:new-order']);
    alerts.orderHandled('A');
    expect(run(alerts, T0 + 36 * S, T0 + 120 * S)).toEqual([]);
    expect(alerts.state(T0 + 120 * S)).toMatchObject({ ringing: false, level: 'idle', unhandled: 0 });
  });

  it('stops when handled between two repeats, and keeps ringing while another order is unhandled', () => {
    const alerts = policy();
    alerts.orderArrived({ id: 'A' }, T0);
    alerts.orderArrived({ id: 'B' }, T0 + 3 * S);
    run(alerts, T0, T0 + 5 * S);
    alerts.orderHandled('A');
    expect(sounds(run(alerts, T0 + 6 * S, T0 + 14 * S))).toEqual(['13:new-order']);
    alerts.orderHandled('B');
    expect(run(alerts, T0 + 15 * S, T0 + 40 * S)).toEqual([]);
  });

  it('a second order rings at once even right after a ring', () => {
    const alerts = policy();
    alerts.orderArrived({ id: 'A' }, T0);
    run(alerts, T0, T0 + 2 * S);
    alerts.orderArrived({ id: 'B' }, T0 + 2 * S);
    expect(sounds(run(alerts, T0 + 2 * S, T0 + 2 * S))).toEqual(['2:new-order']);
  });

  it('a new order is due the moment it arrives, between two ticks of the clock; a burst rings once', () => {
    const alerts = policy();
    run(alerts, T0, T0 + 5 * S);
    alerts.orderArrived({ id: 'A' }, T0 + 5 * S + 300);
    expect(alerts.tick(T0 + 5 * S + 300)).toEqual([{ kind: 'sound', sound: 'new-order', volume: 0.8 }]);
    alerts.orderArrived({ id: 'B' }, T0 + 5 * S + 320);
    expect(alerts.tick(T0 + 5 * S + 320)).toEqual([]);
    expect(sounds(run(alerts, T0 + 6 * S + 300, T0 + 6 * S + 300))).toEqual(['6.3:new-order']);
  });

  it('escalates after the set time unhandled: louder, a different sound, and a voice line', () => {
    const alerts = policy({ escalateAfterS: 30 });
    alerts.orderArrived({ id: 'A', table: '3', total: 58 }, T0);
    const played = run(alerts, T0, T0 + 40 * S);
    expect(sounds(played)).toEqual(['0:new-order', '10:new-order', '20:new-order', '30:escalation', '40:escalation']);
    expect(played.find(([t]) => t === 30)?.[1]).toEqual({ kind: 'sound', sound: 'escalation', volume: 1 });
    expect(played.filter(([, a]) => a.kind === 'voice').map(([t, a]) => [t, a])).toEqual([
      [30, { kind: 'voice', line: { kind: 'new-order', table: '3', total: 58 }, volume: 1 }],
      [40, { kind: 'voice', line: { kind: 'new-order', table: '3', total: 58 }, volume: 1 }],
    ]);
    expect(alerts.state(T0 + 40 * S).level).toBe('escalated');
  });

  it('never escalates with escalation off, and never speaks with voice off', () => {
    const alerts = policy({ escalateAfterS: 0 });
    alerts.orderArrived({ id: 'A' }, T0);
    expect(sounds(run(alerts, T0, T0 + 120 * S)).every((s) => s.endsWith('new-order'))).toBe(true);
    const quiet = policy({ voice: false, escalateAfterS: 10 });
    quiet.orderArrived({ id: 'A' }, T0);
    expect(run(quiet, T0, T0 + 60 * S).some(([, a]) => a.kind === 'voice')).toBe(false);
  });

  it('gives orders replayed after downtime one summary alert, not one each', () => {
    const alerts = policy();
    const old = T0 - 20 * 60 * S;
    const kinds = Array.from({ length: 12 }, (_, i) => alerts.orderArrived({ id: `R${i}`, createdAt: old, replayed: true }, T0));
    expect(new Set(kinds)).toEqual(new Set(['summary']));
    const played = run(alerts, T0, T0);
    expect(played.map(([, a]) => a)).toEqual([
      { kind: 'sound', sound: 'new-order', volume: 0.8 },
      { kind: 'summary', count: 12 },
      { kind: 'voice', line: { kind: 'summary', count: 12 }, volume: 0.8 },
    ]);
    expect(run(alerts, T0 + S, T0 + 10 * S).map(([, a]) => a.kind)).toEqual(['sound']);
  });

  it('an order created a moment ago is not a replay', () => {
    expect(policy().orderArrived({ id: 'A', createdAt: T0 - 30 * S, replayed: true }, T0)).toBe('individual');
  });

  it('a live order is never summed up, however old its sender\'s clock says it is', () => {
    expect(policy().orderArrived({ id: 'A', createdAt: T0 - 3600 * S, replayed: false }, T0)).toBe('individual');
    expect(policy().orderArrived(alertingOrder({ id: 'B', createdAt: new Date(T0 - 3600 * S).toISOString() }, false), T0)).toBe('individual');
    expect(policy().orderArrived(alertingOrder({ id: 'C', createdAt: new Date(T0 - 3600 * S).toISOString() }, true), T0)).toBe('summary');
  });

  it('mute for a period silences sound but keeps the count, and expires', () => {
    const alerts = policy();
    alerts.orderArrived({ id: 'A' }, T0);
    alerts.muteFor(15, T0);
    expect(run(alerts, T0, T0 + 15 * 60 * S - S)).toEqual([]);
    expect(alerts.state(T0 + 60 * S)).toMatchObject({ unhandled: 1, mute: { kind: 'until', until: T0 + 15 * 60 * S } });
    expect(sounds(run(alerts, T0 + 15 * 60 * S, T0 + 15 * 60 * S + 10 * S)).length).toBeGreaterThan(0);
    expect(alerts.state(T0 + 16 * 60 * S).mute).toEqual({ kind: 'none' });
  });

  it('mute until reopened lasts until the window is reopened', () => {
    const alerts = policy();
    alerts.orderArrived({ id: 'A' }, T0);
    alerts.muteUntilReopened();
    expect(run(alerts, T0, T0 + 3600 * S)).toEqual([]);
    alerts.windowReopened();
    expect(sounds(run(alerts, T0 + 3601 * S, T0 + 3601 * S))).toHaveLength(1);
  });

  it('keeps the summary notification while muted', () => {
    const alerts = policy();
    alerts.muteFor(60, T0);
    alerts.orderArrived({ id: 'A', createdAt: T0 - 3600 * S, replayed: true }, T0);
    expect(run(alerts, T0, T0).map(([, a]) => a)).toEqual([{ kind: 'summary', count: 1 }]);
  });

  it('alerts when offline longer than the set time, with its own sound, until back online', () => {
    const alerts = policy({ offlineAlertAfterS: 30 });
    alerts.connectionChanged(false, T0);
    alerts.connectionChanged(false, T0 + 5 * S);
    const played = run(alerts, T0, T0 + 50 * S);
    expect(sounds(played)).toEqual(['30:offline', '40:offline', '50:offline']);
    expect(played.find(([, a]) => a.kind === 'voice')?.[1]).toEqual({ kind: 'voice', line: { kind: 'offline' }, volume: 0.8 });
    expect(alerts.state(T0 + 50 * S).level).toBe('offline');
    alerts.connectionChanged(true, T0 + 51 * S);
    expect(run(alerts, T0 + 51 * S, T0 + 120 * S)).toEqual([]);
    expect(alerts.state(T0 + 120 * S).level).toBe('idle');
  });

  it('counts the grace from the last word heard: a link found dead at its heartbeat limit alarms 30 s after it went quiet', () => {
    const alerts = policy({ offlineAlertAfterS: 30 });
    alerts.connectionChanged(true, T0);
    alerts.connectionChanged(false, T0 + 15 * S, { lastHeardAt: T0 });
    expect(sounds(run(alerts, T0 + 15 * S, T0 + 40 * S))).toEqual(['30:offline', '40:offline']);
    expect(alerts.state(T0 + 30 * S).level).toBe('offline');
  });

  it('the grace never starts later than the moment the drop was noticed', () => {
    const alerts = policy({ offlineAlertAfterS: 30 });
    alerts.connectionChanged(false, T0, { lastHeardAt: T0 + 5 * S });
    expect(sounds(run(alerts, T0, T0 + 30 * S))).toEqual(['30:offline']);
  });

  it('a short drop is not an alert', () => {
    const alerts = policy({ offlineAlertAfterS: 30 });
    alerts.connectionChanged(false, T0);
    alerts.connectionChanged(true, T0 + 29 * S);
    expect(run(alerts, T0, T0 + 60 * S)).toEqual([]);
  });

  describe('quiet hours', () => {
    const nightly = { days: [0, 1, 2, 3, 4, 5, 6], start: '22:00', end: '07:00' };

    it('lower the volume in quiet mode', () => {
      const alerts = policy({ quietHours: [{ ...nightly, mode: 'quiet' }] });
      const lateEvening = Date.UTC(2026, 10, 25, 23, 0);
      alerts.orderArrived({ id: 'A' }, lateEvening);
      expect(alerts.tick(lateEvening)).toEqual([{ kind: 'sound', sound: 'new-order', volume: 0.8 * QUIET_VOLUME_FACTOR }]);
      expect(alerts.state(lateEvening)).toMatchObject({ quiet: 'quiet', ringing: true });
    });

    it('silence sound in silent mode, across midnight, but still count the order', () => {
      const alerts = policy({ quietHours: [{ ...nightly, mode: 'silent' }] });
      const afterMidnight = Date.UTC(2026, 10, 26, 1, 30);
      alerts.orderArrived({ id: 'A' }, afterMidnight);
      expect(alerts.tick(afterMidnight)).toEqual([]);
      expect(alerts.state(afterMidnight)).toMatchObject({ unhandled: 1, quiet: 'silent' });
      const morning = Date.UTC(2026, 10, 26, 7, 0);
      expect(alerts.tick(morning)[0]).toEqual({ kind: 'sound', sound: 'escalation', volume: 1 });
    });

    it('a period that crosses midnight belongs to the day it starts', () => {
      const fridayNight = { days: [5], start: '23:00', end: '02:00', mode: 'silent' as const };
      expect(inPeriod(fridayNight, Date.UTC(2026, 10, 27, 23, 30), 0)).toBe(true); // Friday 23:30
      expect(inPeriod(fridayNight, Date.UTC(2026, 10, 28, 1, 59), 0)).toBe(true); // Saturday 01:59
      expect(inPeriod(fridayNight, Date.UTC(2026, 10, 28, 2, 0), 0)).toBe(false);
      expect(inPeriod(fridayNight, Date.UTC(2026, 10, 27, 1, 0), 0)).toBe(false); // Friday 01:00: Thursday's night
    });

    it('follow the local time zone', () => {
      const lunch = { days: [3], start: '12:00', end: '13:00', mode: 'silent' as const };
      const noonUtc = Date.UTC(2026, 10, 25, 12, 30);
      expect(inPeriod(lunch, noonUtc, 0)).toBe(true);
      expect(inPeriod(lunch, noonUtc, 8 * 60)).toBe(false); // 20:30 in UTC+8
    });
  });
});

describe('AlertPolicy.mute', () => {
  it('maps each mute button to its period', () => {
    const alerts = policy();
    alerts.mute('1h', T0);
    expect(alerts.state(T0).mute).toEqual({ kind: 'until', until: T0 + 3600 * S });
    alerts.mute('15m', T0);
    expect(alerts.state(T0).mute).toEqual({ kind: 'until', until: T0 + 900 * S });
    alerts.mute('until-reopened', T0);
    expect(alerts.state(T0).mute).toEqual({ kind: 'until-reopened' });
    alerts.mute('off', T0);
    expect(alerts.state(T0).mute).toEqual({ kind: 'none' });
  });
});

describe('AlertPolicy.nextDueAt', () => {
  it('is null while nothing rings, waits or is muted until a time', () => {
    const alerts = policy();
    expect(alerts.nextDueAt(T0)).toBeNull();
    alerts.orderArrived(alertingOrder({ id: 'A-1' }, false), T0);
    alerts.tick(T0);
    alerts.orderHandled('A-1');
    alerts.connectionChanged(false, T0);
    alerts.connectionChanged(true, T0 + S);
    alerts.mute('until-reopened', T0);
    expect(alerts.nextDueAt(T0 + 2 * S)).toBeNull();
  });

  it('names every moment a tick plays something: ticking only then plays what ticking each second plays', () => {
    const events: Record<number, (alerts: AlertPolicy, now: number) => void> = {
      0: (alerts, now) => alerts.orderArrived(alertingOrder({ id: 'A-1' }, false), now),
      5: (alerts, now) => alerts.remindAt('B-1', now + 57 * S),
      20: (alerts, now) => alerts.connectionChanged(false, now),
      40: (alerts, now) => alerts.mute('until-reopened', now),
      55: (alerts) => alerts.windowReopened(),
      70: (alerts, now) => alerts.connectionChanged(true, now),
      75: (alerts, now) => alerts.printerChanged(true, now),
      90: (alerts) => alerts.orderHandled('A-1'),
      95: (alerts, now) => alerts.mute('15m', now),
      120: (alerts, now) => alerts.printerChanged(false, now),
    };
    const everySecond = policy();
    const whenDue = policy();
    const played: [number, AlertAction][] = [];
    const playedWhenDue: [number, AlertAction][] = [];
    for (let second = 0; second <= 1200; second++) {
      const now = T0 + second * S;
      events[second]?.(everySecond, now);
      events[second]?.(whenDue, now);
      for (const action of everySecond.tick(now)) played.push([second, action]);
      const due = whenDue.nextDueAt(now);
      if (due !== null && due <= now) for (const action of whenDue.tick(now)) playedWhenDue.push([second, action]);
    }
    expect(sounds(played).length).toBeGreaterThan(5);
    expect(playedWhenDue).toEqual(played);
    expect(whenDue.state(T0 + 1200 * S).mute).toEqual({ kind: 'none' });
  });
});
