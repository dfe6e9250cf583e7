import { TtlCache } from './ttl-cache';

describe(TtlCache.name, () => {
  let now: number;
  const clock = { now: () => now };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('answers a value until its time to live has passed', () => {
    const sut = new TtlCache<string, string>(30_000, 10, clock);
    sut.set('a', 'one');
    now += 29_999;
    expect(sut.get('a')).toBe('one');
    now += 2;
    expect(sut.get('a')).toBeUndefined();
  });

  it('counts the time to live from the last set', () => {
    const sut = new TtlCache<string, string>(1_000, 10, clock);
    sut.set('a', 'one');
    now += 900;
    sut.set('a', 'two');
    now += 900;
    expect(sut.get('a')).toBe('two');
  });

  it('holds at most `maxEntries`, dropping the least recently used', () => {
    const sut = new TtlCache<string, number>(60_000, 2, clock);
    sut.set('a', 1);
    sut.set('b', 2);
    expect(sut.get('a')).toBe(1);
    sut.set('c', 3);
    expect([sut.get('a'), sut.get('b'), sut.get('c')]).toEqual([1, undefined, 3]);
  });

  it('deletes one key, or every entry a predicate picks', () => {
    const sut = new TtlCache<string, string>(60_000, 10, clock);
    sut.set('s1', 'member-1');
    sut.set('s2', 'member-1');
    sut.set('s3', 'member-2');
    sut.delete('s3');
    expect(sut.get('s3')).toBeUndefined();
    sut.set('s3', 'member-2');
    sut.deleteWhere((owner, key) => owner === 'member-1' && key !== 's2');
    expect([sut.get('s1'), sut.get('s2'), sut.get('s3')]).toEqual([
      undefined,
      'member-1',
      'member-2',
    ]);
  });
});
