import { describe, expect, it } from 'vitest';
import { memoizeByKey, memoizeForgettingFailures } from './memoize';

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

describe('memoizeByKey', () => {
  it('keeps one promise per key and forgets a failed key only', async () => {
    const runs: string[] = [];
    const memo = memoizeByKey((key: string) => {
      runs.push(key);
      return key === 'bad' && runs.filter((k) => k === 'bad').length === 1
        ? Promise.reject(new Error('bad once'))
        : Promise.resolve(key.toUpperCase());
    });
    await expect(memo.get('a')).resolves.toBe('A');
    await expect(memo.get('a')).resolves.toBe('A');
    await expect(memo.get('bad')).rejects.toThrow('bad once');
    await expect(memo.get('bad')).resolves.toBe('BAD');
    memo.forget('a');
    await memo.get('a');
    expect(runs).toEqual(['a', 'bad', 'bad', 'a']);
  });
});
