/**
 * The alert clock, the desktop's and the web view's: it ticks the policy when the policy says
 * something is next due (a ring, a reminder, an alarm's grace over, escalation, a mute's end),
 * and as each minute turns (the quiet hours are set in minutes), and sleeps in between. A till
 * that waits all day for an order, or rings every 10 s for one, is not woken every second to
 * learn that nothing changed.
 */
import type { AlertPolicy } from './policy';

export interface ClockTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SECOND = 1000;
const MINUTE = 60_000;
/**
 * A tick comes this long after its due time: a timer keeps the monotonic clock and may fire a
 * hair before its mark on the wall clock, where the tick would find nothing due yet.
 */
const LATE_MS = 50;

/** The platform's timers and a wall clock; in Node they keep no process alive (the page has no unref). */
export const realTimers = (now: () => number = Date.now): ClockTimers => ({
  now,
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    (timer as { unref?: () => unknown }).unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

export class AlertClock {
  private timer: unknown;
  /** When the timer set fires (ms since the epoch). */
  private firesAt = Infinity;

  constructor(
    private readonly policy: AlertPolicy,
    private readonly tick: () => void,
    private readonly timers: ClockTimers,
  ) {
    // Something new may be due sooner than the timer set: an order, an unmute, a link down.
    policy.onWake(() => this.timer !== undefined && this.tickAt() < this.firesAt && this.schedule());
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.firesAt = Infinity;
  }

  /** Whether the clock sleeps past the next second: nothing is due before the minute turns. */
  get asleep(): boolean {
    return this.timer !== undefined && this.firesAt - this.timers.now() > SECOND;
  }

  /**
   * Just past the minute's turn (a quiet hour that starts then is in force at the tick), or
   * just after the policy's next due time, but no sooner than a second from now: orders
   * replayed in one catch-up gather into one summary, and nothing due and left so spins.
   */
  private tickAt(): number {
    const now = this.timers.now();
    const minuteTurn = now - (now % MINUTE) + MINUTE + 1;
    const due = this.policy.nextDueAt(now);
    return due === null ? minuteTurn : Math.min(minuteTurn, Math.max(due + LATE_MS, now + SECOND));
  }

  private schedule(): void {
    this.timers.clearTimeout(this.timer);
    this.firesAt = this.tickAt();
    this.timer = this.timers.setTimeout(() => {
      this.tick();
      this.schedule();
    }, this.firesAt - this.timers.now());
  }
}
