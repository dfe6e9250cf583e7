/**
 * Token buckets keyed by member: `capacity` tokens at most, refilled at `perSecond`.
 * A full bucket is forgotten (it is the same as a new one), which keeps the map small.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sweepAbove = 10_000,
  ) {}

  /** Takes one token; `false` when the bucket is empty. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? this.refilled(bucket, now) : this.capacity;
    if (tokens < 1) return false;
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.sweepAbove) this.sweep(now);
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.capacity) this.buckets.delete(key);
    }
  }
}
