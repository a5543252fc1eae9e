import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../../../test/manual-timers';
import type { QuietHours } from '../settings/settings';
import { AlertClock } from './alert-clock';
import { AlertPolicy, alertingOrder, type AlertAction, type AlertState } from './policy';

const T0 = Date.UTC(2026, 11, 6, 12, 0, 20); // 20 s past a minute's turn
const S = 1000;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

function setup(quietHours: QuietHours[] = []) {
  const timers = new ManualTimers(T0);
  const policy = new AlertPolicy({ repeatIntervalS: 10, escalateAfterS: 60, offlineAlertAfterS: 30, volume: 0.8, voice: false, quietHours, utcOffsetMinutes: () => 0 });
  const ticks: { at: number; state: AlertState }[] = [];
  const played: [number, AlertAction][] = [];
  const clock = new AlertClock(
    policy,
    () => {
      const at = Math.round((timers.now() - T0) / S);
      ticks.push({ at, state: policy.state(timers.now()) });
      for (const action of policy.tick(timers.now())) played.push([at, action]);
    },
    timers,
  );
  clock.start();
  const sounds = () => played.filter(([, a]) => a.kind === 'sound').map(([at, a]) => `${at}:${(a as { sound: string }).sound}`);
  const tickTimes = (from = 0) => ticks.filter((t) => t.at >= from).map((t) => t.at);
  return { timers, policy, ticks, played, tickTimes, sounds, clock };
}

describe('the alert clock', () => {
  it('lets an idle till sleep until the minute turns, for the quiet hours', async () => {
    const { timers, tickTimes, clock } = setup();
    expect(clock.asleep).toBe(true);
    await timers.advanceTo(T0 + 150 * S);
    expect(tickTimes()).toEqual([40, 100]);
  });

  it('rings an order within a second, then sleeps between its rings, and until the minute turns once it is handled', async () => {
    const { timers, policy, tickTimes, sounds, clock } = setup();
    await timers.advanceTo(T0 + 5 * S);
    policy.orderArrived(alertingOrder({ id: 'A-1' }, false), timers.now());
    await timers.advanceTo(T0 + 27 * S);
    expect(sounds()).toEqual(['6:new-order', '16:new-order', '26:new-order']);
    expect(tickTimes()).toEqual([6, 16, 26]);
    expect(clock.asleep).toBe(true);
    policy.orderHandled('A-1');
    await timers.advanceTo(T0 + 101 * S);
    // The tick set for the next ring finds nothing to do; then only the minute's turn.
    expect(tickTimes(27)).toEqual([36, 40, 100]);
  });

  it('rings the offline alarm on time after a link drops while the till slept', async () => {
    const { timers, policy, sounds, tickTimes } = setup();
    await timers.advanceTo(T0 + 2 * S);
    policy.connectionChanged(false, timers.now());
    await timers.advanceTo(T0 + 33 * S);
    expect(sounds()).toEqual(['32:offline']);
    expect(tickTimes()).toEqual([32]);
  });

  it('rings at once when unmuted, though it slept until the next ring', async () => {
    const { timers, policy, sounds } = setup();
    policy.orderArrived(alertingOrder({ id: 'A-1' }, false), timers.now());
    await timers.advanceTo(T0 + 2 * S);
    policy.mute('until-reopened', timers.now());
    await timers.advanceTo(T0 + 14 * S);
    expect(sounds()).toEqual(['1:new-order']);
    policy.windowReopened();
    await timers.advanceTo(T0 + 16 * S);
    expect(sounds()).toEqual(['1:new-order', '15:new-order']);
  });

  it('wakes as a mute ends and as the ringing escalates', async () => {
    const { timers, policy, ticks } = setup();
    policy.mute('15m', timers.now());
    await timers.advanceTo(T0 + 15 * 60 * S + 2 * S);
    const end = ticks.find((t) => t.at === 15 * 60);
    expect(end?.state.mute).toEqual({ kind: 'none' });

    const arrived = (timers.now() - T0) / S;
    policy.orderArrived(alertingOrder({ id: 'A-1' }, false), timers.now());
    await timers.advanceTo(T0 + (arrived + 70) * S);
    const first = ticks.find((t) => t.state.level === 'escalated');
    expect(first?.at).toBe(arrived + 60);
  });

  it('is in quiet hours at the tick of the minute they begin, while otherwise asleep', async () => {
    const { timers, policy, ticks, played } = setup([{ start: '12:01', end: '13:00', days: EVERY_DAY, mode: 'quiet' }]);
    await timers.advanceTo(T0 + 41 * S);
    expect(ticks.map((t) => [t.at, t.state.quiet])).toEqual([[40, 'quiet']]);
    policy.orderArrived(alertingOrder({ id: 'A-1' }, false), timers.now());
    await timers.advanceTo(T0 + 43 * S);
    expect(played[0]?.[1]).toMatchObject({ kind: 'sound', volume: expect.closeTo(0.8 / 3, 5) });
  });

  it('stops ticking when stopped', async () => {
    const { timers, policy, ticks, clock } = setup();
    clock.stop();
    policy.orderArrived(alertingOrder({ id: 'A-1' }, false), timers.now());
    await timers.advanceTo(T0 + 120 * S);
    expect(ticks).toEqual([]);
  });
});
