import { afterEach, describe, expect, it } from 'vitest';
import { StepBudget, longStep, reportLongStepsTo } from './long-step';

afterEach(() => {
  reportLongStepsTo(undefined);
});

describe('longStep', () => {
  it('reports the step before its work starts and its end once the work settles', async () => {
    const events: string[] = [];
    reportLongStepsTo({
      begin: (id, step) => events.push(`begin ${String(id > 0)} ${step.label} ${String(step.budgetMs)}`),
      end: (_id, ms) => events.push(`end ${String(ms >= 0)}`),
    });
    const value = await longStep({ label: 'a pass', budgetMs: 1_000 }, () => {
      events.push('work');
      return 42;
    });
    expect(value).toBe(42);
    expect(events).toEqual(['begin true a pass 1000', 'work', 'end true']);
  });

  it('reports the end of a step whose work fails, and passes the failure on', async () => {
    const ends: number[] = [];
    reportLongStepsTo({ begin: () => undefined, end: (id) => ends.push(id) });
    await expect(
      longStep({ label: 'a failing pass', budgetMs: 1 }, () => Promise.reject(new Error('no'))),
    ).rejects.toThrow('no');
    expect(ends).toHaveLength(1);
  });

  it('gives every step its own id', async () => {
    const ids: number[] = [];
    reportLongStepsTo({ begin: (id) => ids.push(id), end: () => undefined });
    await longStep({ label: 'a', budgetMs: 1 }, () => undefined);
    await longStep({ label: 'b', budgetMs: 1 }, () => undefined);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('StepBudget', () => {
  const options = { firstMs: 90_000, floorMs: 30_000, factor: 20 };

  it('gives the first step the first budget, before any speed is known', () => {
    expect(new StepBudget(options).budgetFor(1_000_000)).toBe(90_000);
  });

  it('scales later budgets with the work and the slowest rate seen, never below the floor', () => {
    const budget = new StepBudget(options);
    budget.record(1_000, 500); // 0.5 ms a unit
    expect(budget.budgetFor(10_000)).toBe(100_000);
    expect(budget.budgetFor(10)).toBe(30_000);
    budget.record(1_000, 100); // faster: the slowest rate stays
    expect(budget.budgetFor(10_000)).toBe(100_000);
    budget.record(1_000, 1_000); // a busy spell: slower
    expect(budget.budgetFor(10_000)).toBe(200_000);
  });

  it('ignores a step with no work', () => {
    const budget = new StepBudget(options);
    budget.record(0, 5_000);
    expect(budget.budgetFor(10)).toBe(90_000);
  });
});
