import { afterEach, describe, expect, it } from 'vitest';
import { reportLongStepsTo, type LongStepInfo } from '../../core/long-step';
import { RUN_FLOOR_MS, firstRunBudgetMs, loadBudgetMs, watchSessionRuns, workUnits } from './long-steps';

afterEach(() => {
  reportLongStepsTo(undefined);
});

const tensor = (...dims: number[]) => ({ dims });

describe('long steps of model work', () => {
  describe('loadBudgetMs', () => {
    it('grows with the model’s bytes', () => {
      expect(loadBudgetMs(650e6)).toBeGreaterThan(loadBudgetMs(25e6));
      expect(loadBudgetMs(0)).toBeGreaterThan(0);
    });
  });

  describe('workUnits', () => {
    it('counts the elements of every input tensor and skips anything else', () => {
      expect(
        workUnits({ input_ids: tensor(2, 128), mask: tensor(2, 128), past: tensor(1, 3, 0, 64), n: 3 }),
      ).toBe(512);
    });
  });

  describe('watchSessionRuns', () => {
    it('declares each run as a step, the first with the first budget, later ones learnt from it', async () => {
      const steps: LongStepInfo[] = [];
      reportLongStepsTo({ begin: (_id, step) => steps.push(step), end: () => undefined });
      const calls: unknown[] = [];
      const model = {
        sessions: {
          model: {
            run(feeds: Record<string, unknown>) {
              calls.push(feeds);
              return Promise.resolve({ out: 1 });
            },
          },
        },
      };
      watchSessionRuns(model, 'Tiny', 10e6);
      await expect(model.sessions.model.run({ input_ids: tensor(1, 8) })).resolves.toEqual({ out: 1 });
      await model.sessions.model.run({ input_ids: tensor(1, 8) });
      expect(calls).toHaveLength(2);
      expect(steps.map((s) => s.label)).toEqual(['Tiny: model', 'Tiny: model']);
      expect(steps[0]?.budgetMs).toBe(firstRunBudgetMs(10e6));
      // A run that took almost no time leaves the floor.
      expect(steps[1]?.budgetMs).toBe(RUN_FLOOR_MS);
    });

    it('leaves an object without sessions as it is', () => {
      const plain = { run: () => 1 };
      expect(watchSessionRuns(plain, 'x', 1)).toBe(plain);
    });
  });
});
