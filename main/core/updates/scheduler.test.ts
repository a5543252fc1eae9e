import { describe, expect, it } from 'vitest';
import type { InstallRules, UpdateView } from './policy';
import { UpdateScheduler, type CheckOutcome, type UpdateEngine } from './scheduler';
import { ManualTimers } from '../../../test/manual-timers';

// All times in UTC (offset 0): 2026-03-02 is a Monday.
const at = (day: number, time: string) => Date.parse(`2026-03-0${day}T${time}:00Z`);
const rules: InstallRules = { installFrom: '03:00', installUntil: '05:00', quietHours: [], utcOffsetMinutes: () => 0 };

class ScriptedEngine implements UpdateEngine {
  checks: number[] = [];
  installs: number[] = [];
  constructor(
    private readonly timers: ManualTimers,
    private readonly outcomes: (CheckOutcome | Error)[],
  ) {}
  async check(): Promise<CheckOutcome> {
    this.checks.push(this.timers.now());
    const outcome = this.outcomes.shift() ?? { kind: 'up-to-date' };
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }
  install(): void {
    this.installs.push(this.timers.now());
  }
}

function setup(start: number, outcomes: (CheckOutcome | Error)[], automatic = true) {
  const timers = new ManualTimers(start);
  const engine = new ScriptedEngine(timers, outcomes);
  const shop = { unhandled: 0, lastOrderAt: null as number | null };
  const views: UpdateView[] = [];
  const logs: string[] = [];
  const settings = { automatic };
  const scheduler = new UpdateScheduler({
    version: '1.0.0',
    engine,
    shop: () => shop,
    rules: () => rules,
    automatic: () => settings.automatic,
    onChange: (view) => views.push(view),
    log: (line) => logs.push(line),
    timers,
    random: () => 0.5,
    firstCheckAfterMs: 5_000,
  });
  return { timers, engine, shop, views, logs, settings, scheduler };
}

const ready = { kind: 'downloaded', version: '1.1.0' } as const;

describe('UpdateScheduler', () => {
  it('checks soon after start, then every few hours', async () => {
    const { timers, engine, scheduler, logs } = setup(at(2, '09:00'), []);
    scheduler.start();
    await timers.advanceTo(at(2, '09:00') + 7_500);
    expect(engine.checks).toEqual([at(2, '09:00') + 7_500]);
    expect(scheduler.view().state).toEqual({ kind: 'up-to-date' });
    expect(logs).toEqual([expect.stringMatching(/^update: version \S+ is up to date$/)]);
    expect(scheduler.view().lastCheckAt).toBe(at(2, '09:00') + 7_500);
    await timers.advanceTo(at(2, '17:30'));
    expect(engine.checks).toHaveLength(3);
  });

  it('installs at the first allowed moment: a ready update waits for the window and never rings late', async () => {
    const { timers, engine, shop, scheduler, views } = setup(at(2, '21:00'), [ready]);
    scheduler.start();
    await timers.advanceTo(at(2, '21:01'));
    expect(scheduler.view().state).toEqual({ kind: 'ready', version: '1.1.0', wait: 'opening-hours' });
    expect(scheduler.view().canRestart).toBe(true);

    // An order comes in at 02:50 and is still unhandled when the window opens.
    await timers.advanceTo(at(3, '02:50'));
    shop.unhandled = 1;
    shop.lastOrderAt = at(3, '02:50');
    scheduler.shopChanged();
    await timers.advanceTo(at(3, '03:05'));
    expect(engine.installs).toEqual([]);
    expect(scheduler.view()).toMatchObject({ state: { wait: 'unhandled' }, canRestart: false });
    expect(scheduler.restartNow()).toBe(false);

    // Handled at 03:05: still a possible rush until 20 minutes after the last order.
    shop.unhandled = 0;
    scheduler.shopChanged();
    expect(scheduler.view().state).toMatchObject({ wait: 'rush' });
    await timers.advanceTo(at(3, '05:00'));
    expect(engine.installs).toEqual([at(3, '03:10')]);
    expect(views.at(-1)!.state).toEqual({ kind: 'ready', version: '1.1.0', wait: null });
  });

  it('installs at the very minute the window opens', async () => {
    const { timers, engine, scheduler } = setup(at(2, '22:17') + 12_345, [ready]);
    scheduler.start();
    await timers.advanceTo(at(3, '04:00'));
    expect(engine.installs).toEqual([at(3, '03:00')]);
  });

  it('a failed check is logged, shown, retried later; the next success clears the error', async () => {
    const { timers, engine, scheduler, logs } = setup(at(2, '10:00'), [new Error('net::ERR_CONNECTION_REFUSED'), new Error('HttpError: 500')]);
    scheduler.start();
    await timers.advanceTo(at(2, '10:01'));
    expect(scheduler.view().state).toEqual({ kind: 'failed', error: 'net::ERR_CONNECTION_REFUSED', retryAt: at(2, '10:00') + 7_500 + 15 * 60_000 });
    expect(scheduler.view().lastError).toEqual({ message: 'net::ERR_CONNECTION_REFUSED', at: at(2, '10:00') + 7_500 });
    expect(logs.at(-1)).toMatch(/net::ERR_CONNECTION_REFUSED; the running version carries on, next try in 15 min/);
    await timers.advanceTo(at(2, '10:20'));
    expect(engine.checks).toHaveLength(2);
    expect(logs.at(-1)).toMatch(/next try in 30 min/);
    await timers.advanceTo(at(2, '11:00'));
    expect(engine.checks).toHaveLength(3);
    expect(scheduler.view()).toMatchObject({ state: { kind: 'up-to-date' }, lastError: null });
  });

  it('a failed install is retried later and the running version stays', async () => {
    const { timers, engine, scheduler } = setup(at(3, '03:30'), [ready, ready]);
    scheduler.start();
    await timers.advanceTo(at(3, '03:31'));
    expect(engine.installs).toHaveLength(1);
    scheduler.installFailed('spawn EACCES');
    expect(scheduler.view().state).toMatchObject({ kind: 'failed', error: 'install failed: spawn EACCES' });
    await timers.advanceTo(at(3, '03:50'));
    expect(engine.checks).toHaveLength(2);
    expect(engine.installs).toHaveLength(2);
  });

  it('with automatic updates off: no checks, no installs; "Check now" and the tray still work', async () => {
    const { timers, engine, scheduler, settings } = setup(at(3, '03:30'), [ready]);
    settings.automatic = false;
    scheduler.start();
    await timers.advanceTo(at(4, '03:30'));
    expect(engine.checks).toEqual([]);
    expect(scheduler.view().state).toEqual({ kind: 'off' });
    await scheduler.checkNow();
    expect(scheduler.view().state).toEqual({ kind: 'ready', version: '1.1.0', wait: 'manual' });
    await timers.advanceTo(at(5, '03:30'));
    expect(engine.installs).toEqual([]);
    expect(scheduler.restartNow()).toBe(true);
    expect(engine.installs).toHaveLength(1);
  });

  it('turning automatic updates back on checks again', async () => {
    const { timers, engine, scheduler, settings } = setup(at(2, '12:00'), []);
    settings.automatic = false;
    scheduler.start();
    settings.automatic = true;
    scheduler.settingsChanged();
    await timers.advanceTo(at(2, '12:00'));
    expect(engine.checks).toEqual([at(2, '12:00')]);
  });

  it('a build that cannot update itself says why and stops asking', async () => {
    const { timers, engine, scheduler } = setup(at(2, '12:00'), [{ kind: 'inactive', reason: 'a development build' }]);
    scheduler.start();
    await timers.advanceTo(at(3, '12:00'));
    expect(engine.checks).toHaveLength(1);
    expect(scheduler.view().state).toEqual({ kind: 'unavailable', reason: 'a development build' });
  });

  it('a version for the package manager is only announced', async () => {
    const { timers, engine, scheduler } = setup(at(3, '03:30'), [{ kind: 'available', version: '1.1.0' }]);
    scheduler.start();
    await timers.advanceTo(at(3, '04:00'));
    expect(scheduler.view()).toMatchObject({ state: { kind: 'available', version: '1.1.0' }, canRestart: false });
    expect(engine.installs).toEqual([]);
  });
});
