import { describe, expect, it } from 'vitest';
import { AlertPolicy, QUIET_VOLUME_FACTOR, type AlertAction } from './policy';
import { stateChanged } from './answer-alerts';
import type { StateChange } from '../orders/order-life';

const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const S = 1000;

function policy() {
  return new AlertPolicy({ repeatIntervalS: 10, escalateAfterS: 60, offlineAlertAfterS: 30, volume: 0.9, voice: false, quietHours: [], utcOffsetMinutes: () => 0 });
}

function run(alerts: AlertPolicy, from: number, to: number): string[] {
  const played: string[] = [];
  for (let now = from; now <= to; now += S) {
    for (const action of alerts.tick(now)) if (action.kind === 'sound') played.push(`${(now - T0) / S}:${action.sound}@${(action as Extract<AlertAction, { kind: 'sound' }>).volume.toFixed(2)}`);
  }
  return played;
}

const change = (state: StateChange['state'], at: number, extra: Partial<StateChange> = {}): StateChange => ({ id: 'A', state, at: new Date(at).toISOString(), by: 'Till', seq: 1, ...extra });

describe('answering and the ringing', () => {
  it('with "Orders must be accepted" on, stops at accepted and rings once, softly, at the ready time', () => {
    const alerts = policy();
    alerts.orderArrived({ id: 'A' }, T0);
    expect(run(alerts, T0, T0 + 12 * S)).toEqual(['0:new-order@0.90', '10:new-order@0.90']);
    stateChanged(alerts, change('accepted', T0 + 13 * S, { readyAt: new Date(T0 + 120 * S).toISOString() }), { id: 'A' }, true, T0 + 13 * S);
    expect(run(alerts, T0 + 13 * S, T0 + 300 * S)).toEqual([`120:new-order@${(0.9 * QUIET_VOLUME_FACTOR).toFixed(2)}`]);
  });

  it('with it off (the default), keeps ringing while accepted and stops at done', () => {
    const alerts = policy();
    alerts.orderArrived({ id: 'A' }, T0);
    stateChanged(alerts, change('accepted', T0 + S, { readyAt: new Date(T0 + 20 * S).toISOString() }), { id: 'A' }, false, T0 + S);
    expect(run(alerts, T0, T0 + 25 * S)).toEqual(['0:new-order@0.90', '10:new-order@0.90', '20:new-order@0.90']);
    stateChanged(alerts, change('done', T0 + 26 * S), { id: 'A' }, false, T0 + 26 * S);
    expect(run(alerts, T0 + 26 * S, T0 + 100 * S)).toEqual([]);
  });

  it('rings again for an order reopened just now, not for a reopen a device catches up on long after', () => {
    const alerts = policy();
    stateChanged(alerts, change('new', T0 - 3600 * S), { id: 'A' }, false, T0);
    expect(run(alerts, T0, T0 + 5 * S)).toEqual([]);
    stateChanged(alerts, change('new', T0 + 6 * S), { id: 'A' }, false, T0 + 6 * S);
    expect(run(alerts, T0 + 6 * S, T0 + 7 * S)).toEqual(['6:new-order@0.90']);
  });
});
