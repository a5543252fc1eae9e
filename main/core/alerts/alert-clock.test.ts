import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../../../test/manual-timers';
import { AlertClock } from './alert-clock';
import { AlertPolicy, alertingOrder, type AlertAction } from './policy';

const T0 = Date.UTC(2026, 11, 6, 12, 0, 20); // 20 s past a minute's turn
const S = 1000;

function setup() {
  const timers = new ManualTimers(T0);
  const policy = new AlertPolicy({ repeatIntervalS: 10, escalateAfterS: 60, offlineAlertAfterS: 30, volume: 0.8, voice: false, quietHours: [], utcOffsetMinutes: () => 0 });
  const ticks: number[] = [];
  const played: [number, AlertAction][] = [];
  const clock = new AlertClock(
    policy,
    () => {
      ticks.push((timers.now() - T0) / S);
      for (const action of policy.tick(timers.now())) played.push([(timers.now() - T0) / S, action]);
    },
    timers,
  );
  clock.start();
  return { timers, policy, ticks, played, clock };
}

describe('the alert clock', () => {
  it('lets an idle till sleep until the minute turns, for the quiet hours', async () => {
    const { timers, ticks } = setup();
    await timers.advanceTo(T0 + 150 * S);
    expect(ticks.map(Math.round)).toEqual([40, 100]);
  });

  it('ticks each second from the moment an order rings until it is handled, then sleeps again', async () => {
    const { timers, policy, ticks, played } = setup();
    await timers.advanceTo(T0 + 5 * S);
    policy.orderArrived(alertingOrder({ id: 'A-1' }, false), timers.now());
    await timers.advanceTo(T0 + 26 * S);
    expect(played.filter(([, a]) => a.kind === 'sound').map(([t]) => t)).toEqual([6, 16, 26]);
    policy.orderHandled('A-1');
    const ticked = ticks.length;
    await timers.advanceTo(T0 + 101 * S);
    // One more second-tick finds nothing timed; then only the minute's turn.
    expect(ticks.slice(ticked).map(Math.round)).toEqual([27, 40, 100]);
  });

  it('rings the offline alarm on time after a link drops while the till slept', async () => {
    const { timers, policy, played } = setup();
    await timers.advanceTo(T0 + 2 * S);
    policy.connectionChanged(false, timers.now());
    await timers.advanceTo(T0 + 33 * S);
    expect(played.filter(([, a]) => a.kind === 'sound').map(([t, a]) => `${t}:${(a as { sound: string }).sound}`)).toEqual(['32:offline']);
  });

  it('stops ticking when stopped', async () => {
    const { timers, policy, ticks, clock } = setup();
    clock.stop();
    policy.orderArrived(alertingOrder({ id: 'A-1' }, false), timers.now());
    await timers.advanceTo(T0 + 120 * S);
    expect(ticks).toEqual([]);
  });
});
