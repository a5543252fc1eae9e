/**
 * When a station screen draws. A bump (or a key) draws at the next animation frame: the cook
 * sees it at once. New orders in a rush come many a second, and each drawing lays out the whole
 * board again: they are drawn together, at most once per `rushGapMs`, which still shows the
 * last of them well within half a second.
 */
export interface DrawClock {
  now(): number;
  frame(run: () => void): void;
  after(ms: number, run: () => void): unknown;
  cancel(timer: unknown): void;
}

export const BROWSER_CLOCK: DrawClock = {
  now: () => performance.now(),
  frame: (run) => void requestAnimationFrame(run),
  after: (ms, run) => setTimeout(run, ms),
  cancel: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export class DrawSchedule {
  private framePending = false;
  private timer: unknown;
  private lastDrawAt = -Infinity;

  constructor(
    private readonly draw: () => void,
    private readonly rushGapMs: number,
    private readonly clock: DrawClock = BROWSER_CLOCK,
  ) {}

  /** Draws at the next frame, also when a rush's drawing was waiting. */
  now(): void {
    if (this.timer !== undefined) {
      this.clock.cancel(this.timer);
      this.timer = undefined;
    }
    if (this.framePending) return;
    this.framePending = true;
    this.clock.frame(() => {
      this.framePending = false;
      this.lastDrawAt = this.clock.now();
      this.draw();
    });
  }

  /** Draws at the next frame, or, when the screen drew less than `rushGapMs` ago, that long after it. */
  soon(): void {
    if (this.framePending || this.timer !== undefined) return;
    const wait = this.lastDrawAt + this.rushGapMs - this.clock.now();
    if (wait <= 0) return this.now();
    this.timer = this.clock.after(wait, () => {
      this.timer = undefined;
      this.now();
    });
  }
}
