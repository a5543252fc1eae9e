import { describe, expect, it } from 'vitest';
import { AlertPolicy, type AlertAction } from '../alerts/policy';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const S = 1000;

function policy() {
  return new AlertPolicy({ repeatIntervalS: 10, escalateAfterS: 60, offlineAlertAfterS: 30, volume: 0.8, voice: true, quietHours: [], utcOffsetMinutes: () => 0 });
}

function run(alerts: AlertPolicy, from: number, to: number): [number, AlertAction][] {
  const played: [number, AlertAction][] = [];
  for (let now = from; now <= to; now += S) for (const action of alerts.tick(now)) played.push([(now - T0) / S, action]);
  return played;
}

describe('the printer alarm', () => {
  it('rings and speaks like being offline once the printer has failed for the offline delay, until it is back', () => {
    const alerts = policy();
    alerts.printerChanged(true, T0);
    alerts.printerChanged(true, T0 + 5 * S); // still failing: the clock does not restart
    expect(alerts.state(T0 + 29 * S).printer).toBe(false);
    const played = run(alerts, T0, T0 + 50 * S);
    expect(played).toEqual([
      [30, { kind: 'sound', sound: 'offline', volume: 0.8 }],
      [30, { kind: 'voice', line: { kind: 'printer' }, volume: 0.8 }],
      [40, { kind: 'sound', sound: 'offline', volume: 0.8 }],
      [40, { kind: 'voice', line: { kind: 'printer' }, volume: 0.8 }],
      [50, { kind: 'sound', sound: 'offline', volume: 0.8 }],
      [50, { kind: 'voice', line: { kind: 'printer' }, volume: 0.8 }],
    ]);
    expect(alerts.state(T0 + 50 * S).printer).toBe(true);
    alerts.printerChanged(false, T0 + 51 * S);
    expect(run(alerts, T0 + 51 * S, T0 + 120 * S)).toEqual([]);
    expect(alerts.state(T0 + 120 * S).printer).toBe(false);
  });

  it('is silenced by mute like every other sound', () => {
    const alerts = policy();
    alerts.printerChanged(true, T0);
    alerts.mute('1h', T0);
    expect(run(alerts, T0, T0 + 60 * S)).toEqual([]);
    expect(alerts.state(T0 + 60 * S).printer).toBe(true);
  });
});
