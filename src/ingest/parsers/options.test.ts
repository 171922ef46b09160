import { describe, expect, it } from 'vitest';
import { ParseTimeoutError } from './errors';
import { withBudget } from './options';

describe('withBudget', () => {
  it('stops work that outlives its budget', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withBudget({ timeoutMs: 10 }, () => never)).rejects.toBeInstanceOf(ParseTimeoutError);
  });

  it('sets no timer for an infinite budget (setTimeout would read Infinity as at once)', async () => {
    const later = new Promise<string>((resolve) =>
      setTimeout(() => {
        resolve('done');
      }, 30),
    );
    await expect(withBudget({ timeoutMs: Number.POSITIVE_INFINITY }, () => later)).resolves.toBe('done');
  });
});
