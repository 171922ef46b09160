// The long steps of model work (ADR 0022), declared so the supervisor tells a busy worker from a hung
// one: building a model (its ONNX sessions are created synchronously inside the runtime, for a 650 MB
// model many seconds on a busy laptop), and every run of a model's sessions (one forward pass cannot
// yield either). Load budgets scale with the model's bytes; run budgets learn this device's speed per
// session from the runs before (StepBudget), so a slow phone gets longer budgets than a fast laptop.
import { longStep, StepBudget } from '../../core/long-step';

/** A load may stay silent this long, plus LOAD_MS_PER_MB for each megabyte of its files. */
export const LOAD_FLOOR_MS = 60_000;
export const LOAD_MS_PER_MB = 250;
/** The first run of a session (nothing measured yet): this, plus RUN_FIRST_MS_PER_MB per model megabyte. */
export const RUN_FIRST_FLOOR_MS = 60_000;
export const RUN_FIRST_MS_PER_MB = 200;
/** Later runs: RUN_FACTOR × the slowest rate seen, never below RUN_FLOOR_MS. */
export const RUN_FLOOR_MS = 30_000;
export const RUN_FACTOR = 20;

export function loadBudgetMs(bytes: number): number {
  return Math.ceil(LOAD_FLOOR_MS + (Math.max(0, bytes) / 1e6) * LOAD_MS_PER_MB);
}

export function firstRunBudgetMs(bytes: number): number {
  return Math.ceil(RUN_FIRST_FLOOR_MS + (Math.max(0, bytes) / 1e6) * RUN_FIRST_MS_PER_MB);
}

interface RunnableSession {
  run(feeds: Record<string, unknown>, ...rest: unknown[]): Promise<unknown>;
}

/** Units of work in one run: the elements of every input tensor (tokens, cached keys, pixels, frames). */
export function workUnits(feeds: Record<string, unknown>): number {
  let units = 0;
  for (const value of Object.values(feeds)) {
    const dims = (value as { dims?: unknown } | null)?.dims;
    if (!Array.isArray(dims)) continue;
    units += (dims as number[]).reduce((product, d) => product * d, 1);
  }
  return units;
}

/**
 * Declares every run of `model`'s sessions (transformers.js keeps them in `model.sessions`) as a long step.
 * `bytes` is the size of the model's files, for the first run's budget.
 */
export function watchSessionRuns<M extends object>(model: M, label: string, bytes: number): M {
  const sessions = (model as { sessions?: Record<string, RunnableSession> }).sessions;
  if (!sessions) return model;
  for (const [name, session] of Object.entries(sessions)) {
    const budget = new StepBudget({
      firstMs: firstRunBudgetMs(bytes),
      floorMs: RUN_FLOOR_MS,
      factor: RUN_FACTOR,
    });
    const run = session.run.bind(session);
    session.run = async (feeds, ...rest) => {
      const units = workUnits(feeds);
      const t0 = performance.now();
      const result = await longStep({ label: `${label}: ${name}`, budgetMs: budget.budgetFor(units) }, () =>
        run(feeds, ...rest),
      );
      budget.record(units, performance.now() - t0);
      return result;
    };
  }
  return model;
}
