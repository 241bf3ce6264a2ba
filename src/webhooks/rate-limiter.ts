/**
 * A token bucket per source address. The bucket holds a whole minute's allowance, so a burst of that
 * size (Robaws re-sending thousands of clients after a bulk edit) passes at once; only a source that
 * keeps going past the rate is told to slow down. In memory: each replica limits its own share.
 */
export class SourceRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly refillPerMs: number;

  constructor(perMinute: number, private readonly maxSources = 10_000) {
    this.capacity = perMinute;
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one token: null when admitted, otherwise the seconds until a token is back. */
  take(source: string, now = Date.now()): number | null {
    const bucket = this.buckets.get(source) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.refillPerMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(source, bucket);
      return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
    }
    bucket.tokens -= 1;
    if (!this.buckets.has(source) && this.buckets.size >= this.maxSources) this.forgetFullBuckets(now);
    this.buckets.set(source, bucket);
    return null;
  }

  /** A bucket that has refilled completely says nothing a new one would not. */
  private forgetFullBuckets(now: number): void {
    for (const [source, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.refillPerMs >= this.capacity) this.buckets.delete(source);
    }
  }
}
