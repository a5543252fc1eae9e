import { describe, expect, it } from 'vitest';
import { DrawSchedule, type DrawClock } from './draw-schedule';

/** A clock the test moves: frames run at 16 ms steps, timers when their time comes. */
class TestClock implements DrawClock {
  time = 0;
  private frames: (() => void)[] = [];
  private timers = new Map<number, { at: number; run: () => void }>();
  private nextTimer = 1;

  now(): number {
    return this.time;
  }

  frame(run: () => void): void {
    this.frames.push(run);
  }

  after(ms: number, run: () => void): unknown {
    const id = this.nextTimer++;
    this.timers.set(id, { at: this.time + ms, run });
    return id;
  }

  cancel(timer: unknown): void {
    this.timers.delete(timer as number);
  }

  /** Moves the time on by `ms`, a frame each 16 ms, running what falls due. */
  advance(ms: number): void {
    for (const end = this.time + ms; this.time < end; ) {
      this.time = Math.min(end, this.time + 16);
      for (const [id, timer] of [...this.timers]) {
        if (timer.at > this.time) continue;
        this.timers.delete(id);
        timer.run();
      }
      const frames = this.frames.splice(0);
      for (const run of frames) run();
    }
  }
}

describe('a station screen draws', () => {
  it('a rush of new orders at most once per gap, and the last of them within a gap and a frame', () => {
    const clock = new TestClock();
    const drawnAt: number[] = [];
    const drawing = new DrawSchedule(() => drawnAt.push(clock.time), 100, clock);
    // 60 orders a second for a second: one every 16 ms.
    for (let i = 0; i < 60; i++) {
      drawing.soon();
      clock.advance(16);
    }
    const lastOrderAt = clock.time - 16;
    clock.advance(200);
    expect(drawnAt.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < drawnAt.length; i++) expect(drawnAt[i]! - drawnAt[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(drawnAt.at(-1)!).toBeGreaterThanOrEqual(lastOrderAt);
    expect(drawnAt.at(-1)! - lastOrderAt).toBeLessThanOrEqual(100 + 16);
  });

  it('a bump at the next frame, even just after a drawing and while a rush waits', () => {
    const clock = new TestClock();
    const drawnAt: number[] = [];
    const drawing = new DrawSchedule(() => drawnAt.push(clock.time), 100, clock);
    drawing.soon();
    clock.advance(16);
    expect(drawnAt).toEqual([16]);
    drawing.soon(); // a new order, drawn no sooner than 116
    clock.advance(16);
    drawing.now(); // a bump
    clock.advance(16);
    expect(drawnAt).toEqual([16, 48]);
    // The waiting order was drawn with the bump: nothing more is drawn for it.
    clock.advance(200);
    expect(drawnAt).toEqual([16, 48]);
  });

  it('a lone new order at the next frame', () => {
    const clock = new TestClock();
    const drawnAt: number[] = [];
    const drawing = new DrawSchedule(() => drawnAt.push(clock.time), 100, clock);
    clock.advance(1000);
    drawing.soon();
    clock.advance(16);
    expect(drawnAt).toEqual([1016]);
  });
});
