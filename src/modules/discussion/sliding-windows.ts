/**
 * At most `limit` takes per key in any `windowMs` (a log of the accepted takes, so the
 * window slides: no double burst across a window boundary). A key whose log has expired
 * is forgotten, which keeps the map small.
 */
export class SlidingWindows {
  private readonly logs = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly sweepAbove = 10_000,
  ) {}

  /** Takes one; `false` when `limit` were taken in the last `windowMs`. */
  take(key: string): boolean {
    const now = this.now();
    const log = this.recent(this.logs.get(key) ?? [], now);
    if (log.length >= this.limit) {
      this.logs.set(key, log);
      return false;
    }
    log.push(now);
    this.logs.set(key, log);
    if (this.logs.size > this.sweepAbove) this.sweep(now);
    return true;
  }

  get size(): number {
    return this.logs.size;
  }

  private recent(log: number[], now: number): number[] {
    const first = log.findIndex((at) => at > now - this.windowMs);
    return first === -1 ? [] : first === 0 ? log : log.slice(first);
  }

  private sweep(now: number): void {
    for (const [key, log] of this.logs) {
      if (this.recent(log, now).length === 0) this.logs.delete(key);
    }
  }
}
