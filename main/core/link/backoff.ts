/**
 * Reconnect delays: exponential backoff with full jitter, so that after a hub restart the
 * shop's devices do not all redial in the same instant.
 */
export interface BackoffOptions {
  /** Ceiling of the first delay, ms. Default 500. */
  initialMs?: number;
  /**
   * Largest delay, ms. Default 3,000: dials that find the link still down cost a SYN each,
   * and the cap bounds how long a device stays offline after the link is back.
   */
  maxMs?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 3_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt: uniform in [0, min(max, initial·2^attempt)]. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(this.random() * ceiling);
  }

  reset(): void {
    this.attempt = 0;
  }
}
