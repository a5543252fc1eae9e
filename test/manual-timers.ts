/** A clock and timers a test moves by hand (for modules that take injected Timers). */
import type { Timers } from '../main/core/updates/scheduler';

export class ManualTimers implements Timers {
  private time: number;
  private nextId = 1;
  private readonly pending = new Map<number, { due: number; callback: () => void }>();
  constructor(start: number) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { due: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves the clock on, firing each due timer at its own time. */
  async advanceTo(time: number): Promise<void> {
    for (;;) {
      const next = [...this.pending.entries()].sort((a, b) => a[1].due - b[1].due)[0];
      if (!next || next[1].due > time) break;
      this.pending.delete(next[0]);
      this.time = next[1].due;
      next[1].callback();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.time = time;
  }
}

