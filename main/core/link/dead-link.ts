/**
 * OrderBell's own cap on a silent link, whatever the server's settings: a link on which nothing
 * arrived for `deadAfterMs` is dead (half-open TCP: the Wi-Fi dropped, a NAT forgot it, the
 * server cut it without a FIN). After half of it in silence the watch asks for a sign of life
 * (`ping`: a WebSocket ping, an Engine.IO ping, `pusher:ping`, an MQTT PINGREQ ...); where a kind
 * cannot ask (SSE), `ping` is absent and only the server's own bytes count.
 */

/** The default cap for every kind of source, as the hub's devices have it (protocol v1's 15 s plus slack). */
export const DEAD_AFTER_MS = 20_000;

/**
 * Timers keep the monotonic clock and silence is measured on the wall clock, so a timer can
 * fire a few ms short of its mark; within this the mark counts as reached, rather than one more
 * wake-up for the last few ms. It can only make a ping or the verdict that early, never later.
 */
const FIRE_SLACK_MS = 50;

export interface DeadLinkWatchOptions {
  deadAfterMs: number;
  /** Asks the server for a sign of life; called once per silence, after half of deadAfterMs. */
  ping?: () => void;
  /** The link is dead: silent for `silentMs`. Called once; the watch stops. */
  dead: (silentMs: number) => void;
  now?: () => number;
}

export class DeadLinkWatch {
  private timer: NodeJS.Timeout | undefined;
  private lastHeardAt = 0;
  private pinged = false;
  private readonly now: () => number;

  constructor(private readonly options: DeadLinkWatchOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts (or restarts) watching a link that just opened. A cap of 0 watches nothing. */
  start(): void {
    this.stop();
    if (this.options.deadAfterMs <= 0) return;
    this.heard();
    this.schedule(this.options.deadAfterMs / 2);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The client library asked for a sign of life itself (its own ping): this silence needs no other. */
  asked(): void {
    this.pinged = true;
  }

  /** How long the link has been silent since a ping that is still unanswered; undefined when none is out. */
  unansweredFor(): number | undefined {
    return this.pinged ? this.now() - this.lastHeardAt : undefined;
  }

  /** Anything arrived: a frame, a pong, a comment line. */
  heard(): void {
    this.lastHeardAt = this.now();
    this.pinged = false;
  }

  /**
   * One timer per link, not one per frame: when it fires it looks at how long the link has
   * been silent, pings at half the cap, and gives up at the whole.
   */
  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      const { deadAfterMs, ping, dead } = this.options;
      const silentMs = this.now() - this.lastHeardAt;
      if (silentMs + FIRE_SLACK_MS >= deadAfterMs) {
        this.timer = undefined;
        return dead(silentMs);
      }
      if (silentMs + FIRE_SLACK_MS >= deadAfterMs / 2 && !this.pinged) {
        this.pinged = true;
        ping?.();
      }
      const pingAt = this.pinged ? Infinity : this.lastHeardAt + deadAfterMs / 2;
      this.schedule(Math.max(0, Math.min(pingAt, this.lastHeardAt + deadAfterMs) - this.now()));
    }, delayMs);
  }
}

/** Words for a link found dead, the same for every kind. */
export function silentFor(silentMs: number): string {
  return `no answer from the server for ${(silentMs / 1000).toFixed(1)} s, connection presumed dead`;
}
