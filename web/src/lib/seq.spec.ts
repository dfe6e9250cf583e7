import { describe, expect, it } from '@jest/globals';
import { SeqTracker } from './seq';

const seqs = (...list: number[]) => list.map((seq) => ({ seq }));

describe('SeqTracker', () => {
  it('starts after the latest message of the first join, or at 0 in an empty room', () => {
    const tracker = new SeqTracker();
    expect(tracker.through).toBeUndefined();
    tracker.start(seqs(41, 42, 43));
    expect(tracker.through).toBe(43);
    const empty = new SeqTracker();
    empty.start([]);
    expect(empty.through).toBe(0);
  });

  it('re-joins after the last seq below a hole, not after the highest seen', () => {
    const tracker = new SeqTracker();
    tracker.start(seqs(1, 2));
    tracker.add(seqs(4));
    expect(tracker.through).toBe(2);
    expect(tracker.hasGap).toBe(true);
    tracker.add(seqs(3));
    expect(tracker.through).toBe(4);
    expect(tracker.hasGap).toBe(false);
  });

  it('keeps live messages that arrive before the first join’s answer', () => {
    const tracker = new SeqTracker();
    tracker.add(seqs(11, 12));
    expect(tracker.hasGap).toBe(false);
    tracker.start(seqs(9, 10, 11));
    expect(tracker.through).toBe(12);
  });

  it('ignores what it already has and older history', () => {
    const tracker = new SeqTracker();
    tracker.start(seqs(50));
    tracker.add(seqs(3, 50, 49));
    expect(tracker.through).toBe(50);
    expect(tracker.hasGap).toBe(false);
  });
});
