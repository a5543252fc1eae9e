/**
 * Redial requests from the system (wake, unlock) and the page (the network came back), gated:
 * the first is carried out at once, and any that follow within `quietMs` become one more redial
 * at the end of that time. A burst of signals — or a page sending hundreds — costs at most two
 * dials, while the last signal of a burst is still acted on (the link may have changed again).
 */
export class RedialGate {
  private quietUntil = 0;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly redial: () => void,
    private readonly quietMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    if (this.pending) return;
    const wait = this.quietUntil - this.now();
    if (wait <= 0) return this.fire();
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.fire();
    }, wait);
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
  }

  private fire(): void {
    this.quietUntil = this.now() + this.quietMs;
    this.redial();
  }
}
