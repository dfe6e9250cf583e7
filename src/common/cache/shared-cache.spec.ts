import type { RedisClient } from '../redis/redis.module';
import { CacheVersion, VersionedCache } from './shared-cache';

/** A loader that counts its reads and answers `value()` at the time it is called. */
function loader<V>(value: () => V) {
  const load = jest.fn(() => Promise.resolve(value()));
  return load;
}

/** Just the commands `CacheVersion` sends, over a Map; `down` makes it unreachable. */
class FakeRedis {
  readonly values = new Map<string, string>();
  isReady = true;

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.values.get(key) ?? null);
  }

  set(key: string, value: string, options?: { condition?: 'NX' }): Promise<string | null> {
    if (options?.condition === 'NX' && this.values.has(key)) return Promise.resolve(null);
    this.values.set(key, value);
    return Promise.resolve('OK');
  }

  asClient(): RedisClient {
    return this as unknown as RedisClient;
  }
}

describe(VersionedCache.name, () => {
  it('answers the cached value until the version changes, then reads again', async () => {
    const version = new CacheVersion(null, 'k');
    const sut = new VersionedCache<string, number>(version, 60_000, 10);
    let stored = 1;
    const load = loader(() => stored);
    expect(await sut.get('a', load)).toBe(1);
    stored = 2;
    expect(await sut.get('a', load)).toBe(1);
    await version.change();
    expect(await sut.get('a', load)).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('never keeps a value read while a change happened', async () => {
    const version = new CacheVersion(null, 'k');
    const sut = new VersionedCache<string, string>(version, 60_000, 10);
    let release!: (value: string) => void;
    const slow = sut.get('a', () => new Promise<string>((resolve) => (release = resolve)));
    await new Promise((resolve) => setImmediate(resolve));
    // The write commits and announces itself while the read is under way.
    await version.change();
    release('before the write');
    expect(await slow).toBe('before the write');
    expect(
      await sut.get(
        'a',
        loader(() => 'after the write'),
      ),
    ).toBe('after the write');
  });

  it('lets concurrent misses of one key share one read', async () => {
    const sut = new VersionedCache<string, number>(new CacheVersion(null, 'k'), 60_000, 10);
    const load = loader(() => 7);
    expect(await Promise.all([sut.get('a', load), sut.get('a', load)])).toEqual([7, 7]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('follows a change made by another process through Redis', async () => {
    const redis = new FakeRedis();
    const one = new CacheVersion(redis.asClient(), 'laogao:cache:posts');
    const two = new CacheVersion(redis.asClient(), 'laogao:cache:posts');
    const sut = new VersionedCache<string, number>(two, 60_000, 10);
    let stored = 1;
    const load = loader(() => stored);
    expect(await sut.get('a', load)).toBe(1);
    stored = 2;
    await one.change();
    expect(await sut.get('a', load)).toBe(2);
    expect(redis.values.get('laogao:cache:posts')).toEqual(expect.any(String));
  });

  it('reads without the cache while Redis cannot say the version', async () => {
    const redis = new FakeRedis();
    const sut = new VersionedCache<string, number>(
      new CacheVersion(redis.asClient(), 'k'),
      60_000,
      10,
    );
    const load = loader(() => 1);
    await sut.get('a', load);
    redis.isReady = false;
    await sut.get('a', load);
    await sut.get('a', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('starts from a fresh random version when Redis has none (a restarted Redis)', async () => {
    const redis = new FakeRedis();
    const version = new CacheVersion(redis.asClient(), 'k');
    const first = await version.current();
    redis.values.clear();
    const second = await version.current();
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
  });
});
