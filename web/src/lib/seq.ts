/**
 * Which messages of a room the client has, for catching up: `through` is the highest `seq`
 * up to which it has every one, the `afterSeq` a re-join asks with. Live messages do not
 * always arrive in `seq` order (two server processes, or two sends stored at once), so the
 * highest `seq` seen is not that number: a client that saw N+1, then lost its connection
 * before N arrived, would re-join after N+1 and never get N. Seqs above a hole wait in
 * `above` until the hole is filled.
 */
export class SeqTracker {
  private upTo: number | undefined;
  private readonly above = new Set<number>();

  /** `undefined` until the first join's answer says where the client starts. */
  get through(): number | undefined {
    return this.upTo;
  }

  /** Whether a message is missing below one the client has. */
  get hasGap(): boolean {
    return this.upTo !== undefined && this.above.size > 0;
  }

  /**
   * A first join's answer, the room's latest messages: the client starts at its last
   * `seq` (0 for an empty room); older history is paged separately and never caught up.
   */
  start(latest: readonly { seq: number }[]): void {
    this.upTo = Math.max(0, ...latest.map((item) => item.seq));
    this.settle();
  }

  /** Messages or tombstones received (live, a re-join's answer, a catch-up page, an ack). */
  add(items: readonly { seq: number }[]): void {
    for (const { seq } of items) {
      if (this.upTo === undefined || seq > this.upTo) this.above.add(seq);
    }
    this.settle();
  }

  private settle(): void {
    if (this.upTo === undefined) return;
    for (const seq of this.above) if (seq <= this.upTo) this.above.delete(seq);
    while (this.above.delete(this.upTo + 1)) this.upTo += 1;
  }
}
