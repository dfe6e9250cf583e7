import { TokenBuckets } from './token-buckets';

describe(TokenBuckets.name, () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows a burst of `capacity`, then refuses', () => {
    const sut = new TokenBuckets(3, 1, clock);
    expect([1, 2, 3, 4].map(() => sut.take('a'))).toEqual([true, true, true, false]);
  });

  it('refills at the given rate, never above capacity', () => {
    const sut = new TokenBuckets(2, 2, clock);
    sut.take('a');
    sut.take('a');
    expect(sut.take('a')).toBe(false);
    now += 500; // one token back at 2 per second
    expect(sut.take('a')).toBe(true);
    expect(sut.take('a')).toBe(false);
    now += 60_000;
    expect([sut.take('a'), sut.take('a'), sut.take('a')]).toEqual([true, true, false]);
  });

  it('keeps one bucket per key', () => {
    const sut = new TokenBuckets(1, 1, clock);
    expect(sut.take('a')).toBe(true);
    expect(sut.take('a')).toBe(false);
    expect(sut.take('b')).toBe(true);
  });

  it('refusals do not push the refill back', () => {
    const sut = new TokenBuckets(1, 1, clock);
    sut.take('a');
    for (let i = 0; i < 9; i += 1) {
      now += 100;
      expect(sut.take('a')).toBe(false);
    }
    now += 100;
    expect(sut.take('a')).toBe(true);
  });

  it('forgets full buckets when the map grows past its bound', () => {
    const sut = new TokenBuckets(1, 1, clock, 2);
    sut.take('a');
    sut.take('b');
    now += 5_000;
    sut.take('c');
    expect(sut.size).toBe(1);
  });
});
