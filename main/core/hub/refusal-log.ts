/**
 * One log line per refused request or connection, so a shop owner can see why orders are not
 * arriving (wrong token, wrong origin, bad body), but bounded: an attack must not flood the log.
 * Each address gets a few lines a minute, all addresses together a few more; what is left out
 * is counted and summed up once the flood slows.
 */
import { RateLimiter } from './rate-limit';

export interface RefusalLogOptions {
  /** Lines per address: a burst, then this many per minute. Default 5. */
  perAddressPerMinute?: number;
  /** Lines for all addresses together: a burst, then this many per minute. Default 30. */
  totalPerMinute?: number;
  now?: () => number;
}

const SUMMARY_EVERY_MS = 60_000;
const MAX_COUNTED_ADDRESSES = 1000;

export class RefusalLog {
  private readonly perAddress: RateLimiter;
  private readonly total: RateLimiter;
  private readonly now: () => number;
  private suppressed = new Map<string, number>();
  private summaryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: (line: string) => void,
    options: RefusalLogOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const perAddress = options.perAddressPerMinute ?? 5;
    const total = options.totalPerMinute ?? 30;
    this.perAddress = new RateLimiter({ perSecond: perAddress / 60, burst: perAddress, now: this.now });
    this.total = new RateLimiter({ perSecond: total / 60, burst: total, now: this.now });
  }

  /** `line` must already be safe to log: no token, no raw untrusted text. */
  refused(address: string, line: string): void {
    // Checked in this order so a flood from one address does not use up the shared budget.
    if (this.perAddress.take(address) === 0 && this.total.take('all') === 0) {
      this.log(`refused ${line} from ${address}`);
      return;
    }
    // Bounded too: past 1,000 addresses the rest are counted together.
    const key = this.suppressed.has(address) || this.suppressed.size < MAX_COUNTED_ADDRESSES ? address : 'other addresses';
    this.suppressed.set(key, (this.suppressed.get(key) ?? 0) + 1);
    this.summaryTimer ??= setTimeout(() => this.summarise(), SUMMARY_EVERY_MS).unref();
  }

  /** Logs what was left out since the last summary, if anything; the hub calls it on shutdown too. */
  summarise(): void {
    clearTimeout(this.summaryTimer);
    this.summaryTimer = undefined;
    if (this.suppressed.size === 0) return;
    const counts = [...this.suppressed].sort((a, b) => b[1] - a[1]);
    const sum = counts.reduce((total, [, count]) => total + count, 0);
    const top = counts.slice(0, 3).map(([address, count]) => `${address} ×${count}`);
    const more = counts.length > 3 ? ` and ${counts.length - 3} more addresses` : '';
    this.log(`${sum} more refusals not logged (too many): ${top.join(', ')}${more}`);
    this.suppressed = new Map();
  }
}
