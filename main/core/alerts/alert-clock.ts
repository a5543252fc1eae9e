/**
 * The desktop's alert clock: a tick each second while anything rings or waits for a time, and
 * otherwise one as each minute turns (the quiet hours are set in minutes). A till that waits
 * all day for an order is not woken every second to learn that nothing changed.
 */
import type { AlertPolicy } from './policy';

export interface ClockTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SECOND = 1000;
const MINUTE = 60_000;

const nodeTimers: ClockTimers = {
  now: Date.now,
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class AlertClock {
  private timer: unknown;
  private everySecond = false;

  constructor(
    private readonly policy: AlertPolicy,
    private readonly tick: () => void,
    private readonly timers: ClockTimers = nodeTimers,
  ) {
    // Waiting for the minute, and now something rings: the next tick is due in a second.
    policy.onWake(() => this.timer !== undefined && !this.everySecond && this.schedule());
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timers.clearTimeout(this.timer);
    this.everySecond = this.policy.timed;
    // Just past the minute's turn, so a quiet hour that starts then is in force at the tick.
    const delay = this.everySecond ? SECOND : MINUTE - (this.timers.now() % MINUTE) + 1;
    this.timer = this.timers.setTimeout(() => {
      this.tick();
      this.schedule();
    }, delay);
  }
}
