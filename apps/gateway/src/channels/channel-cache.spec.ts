import { TtlCache } from './channel-cache';

describe('the channel cache', () => {
  it('loads once within the time to live, again after it', async () => {
    const cache = new TtlCache<string>(1_000);
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.get('k', load, 0)).toBe('v1');
    expect(await cache.get('k', load, 999)).toBe('v1');
    expect(await cache.get('k', load, 1_000)).toBe('v2');
  });

  it('does not keep a failed load', async () => {
    const cache = new TtlCache<string>(1_000);
    await expect(cache.get('k', () => Promise.reject(new Error('db down')), 0)).rejects.toThrow(
      'db down',
    );
    expect(await cache.get('k', async () => 'ok', 1)).toBe('ok');
  });

  it('stays within its size by dropping the oldest entry', async () => {
    const cache = new TtlCache<number>(1_000, 2);
    await cache.get('a', async () => 1, 0);
    await cache.get('b', async () => 2, 0);
    await cache.get('c', async () => 3, 0);
    let reloaded = false;
    await cache.get('a', async () => ((reloaded = true), 1), 0);
    expect(reloaded).toBe(true);
  });
});
