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

  it('stops the clock while excluded work runs, and resumes it after', async () => {
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // The excluded wait alone is ten times the budget; the work still ends inside it.
    const result = withBudget({ timeoutMs: 40 }, async (budget) => {
      await budget.exclude(() => wait(400));
      return 'read';
    });
    await expect(result).resolves.toBe('read');
    const never = new Promise<never>(() => undefined);
    const resumed = withBudget({ timeoutMs: 40 }, async (budget) => {
      await budget.exclude(() => wait(20));
      return never;
    });
    await expect(resumed).rejects.toBeInstanceOf(ParseTimeoutError);
  });
});
