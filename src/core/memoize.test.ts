import { describe, expect, it } from 'vitest';
import { memoizeForgettingFailures } from './memoize';

describe('memoizeForgettingFailures', () => {
  it('runs once for callers that come while it runs and after it succeeded', async () => {
    let runs = 0;
    const get = memoizeForgettingFailures(() => Promise.resolve(++runs));
    const [a, b] = await Promise.all([get(), get()]);
    expect([a, b, await get(), runs]).toEqual([1, 1, 1, 1]);
  });

  it('forgets a failure, so the next call tries again', async () => {
    let runs = 0;
    const get = memoizeForgettingFailures(() =>
      ++runs === 1 ? Promise.reject(new Error('first try fails')) : Promise.resolve(runs),
    );
    await expect(get()).rejects.toThrow('first try fails');
    await expect(get()).resolves.toBe(2);
  });
});
