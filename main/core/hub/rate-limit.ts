/** Per-client token buckets: a runaway POS script cannot drown the hub or the shop's alerts. */
export interface RateLimitOptions {
  /** Sustained requests per second per client. */
  perSecond: number;
  /** Requests a client may make at once before the rate applies. */
  burst: number;
  now?: () => number;
}

/**
 * What one backend holding the token may post: a rush, or a POS flushing the hundreds of
 * orders it queued while the hub was away, goes through in one burst; only a runaway is slowed.
 */
export const DEFAULT_RATE_LIMIT = { perSecond: 100, burst: 1000 };
/** Requests without the right token, per address: enough for a typo, not for guessing. */
export const ANONYMOUS_RATE_LIMIT = { perSecond: 50, burst: 200 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_TRACKED_CLIENTS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes one request from `client`'s bucket; returns the seconds to wait if it is empty, else 0. */
  take(client: string): number {
    const now = this.now();
    const bucket = this.refill(client, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond));
  }

  private refill(client: string, now: number): Bucket {
    let bucket = this.buckets.get(client);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED_CLIENTS) this.forgetFullBuckets(now);
      bucket = { tokens: this.options.burst, updatedAt: now };
      this.buckets.set(client, bucket);
      return bucket;
    }
    const elapsedS = (now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + elapsedS * this.options.perSecond);
    bucket.updatedAt = now;
    return bucket;
  }

  /** A bucket that would be full again carries no information: drop it. */
  private forgetFullBuckets(now: number): void {
    const refillS = this.options.burst / this.options.perSecond;
    for (const [client, bucket] of this.buckets) {
      if ((now - bucket.updatedAt) / 1000 >= refillS) this.buckets.delete(client);
    }
  }
}
