import { SlidingWindows } from './sliding-windows';

describe(SlidingWindows.name, () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows `limit` in a window, then refuses', () => {
    const sut = new SlidingWindows(3, 10_000, clock);
    expect([1, 2, 3, 4].map(() => sut.take('a'))).toEqual([true, true, true, false]);
  });

  it('slides: a take comes back `windowMs` after it was made, not at a boundary', () => {
    const sut = new SlidingWindows(2, 10_000, clock);
    expect(sut.take('a')).toBe(true);
    now += 6_000;
    expect(sut.take('a')).toBe(true);
    now += 3_999; // 9,999 ms after the first: still inside its window
    expect(sut.take('a')).toBe(false);
    now += 1; // the first has left the window, the second has not
    expect(sut.take('a')).toBe(true);
    expect(sut.take('a')).toBe(false);
  });

  it('refusals are not logged, so they do not push the window back', () => {
    const sut = new SlidingWindows(1, 2_000, clock);
    expect(sut.take('a')).toBe(true);
    for (let i = 0; i < 19; i += 1) {
      now += 100;
      expect(sut.take('a')).toBe(false);
    }
    now += 100;
    expect(sut.take('a')).toBe(true);
  });

  it('keeps one window per key', () => {
    const sut = new SlidingWindows(1, 2_000, clock);
    expect(sut.take('member:room-1')).toBe(true);
    expect(sut.take('member:room-1')).toBe(false);
    expect(sut.take('member:room-2')).toBe(true);
  });

  it('forgets expired windows when the map grows past its bound', () => {
    const sut = new SlidingWindows(1, 1_000, clock, 2);
    sut.take('a');
    sut.take('b');
    now += 5_000;
    sut.take('c');
    expect(sut.size).toBe(1);
  });
});
