// Some work keeps a worker's thread busy in one go for a long time: creating the ONNX sessions of a large
// model, or one forward pass (a long prompt's prefill, a big embedding batch, an OCR page, a speech window)
// on a slow or busy device. While it runs the worker cannot answer a heartbeat ping, so from outside it
// looks exactly like a hung one. Such work is declared as a long step: before it starts, the worker tells
// the supervisor how long it may stay silent (its budget, scaled by the work's size), and afterwards that
// it ended. Silence inside a declared step, within its budget, means busy; silence anywhere else counts as
// before (ADR 0022). The worker host installs the reporter; without one (Node tests, scripts) steps only
// run. Pure TypeScript: used by model loading, the model tasks and the worker host alike.

export interface LongStepInfo {
  /** What the step does, for people ("loading SmolLM2 135M", "a model pass"). */
  label: string;
  /** How long the worker may stay silent inside this step before it counts as hung. */
  budgetMs: number;
}

export interface LongStepReporter {
  /** Called synchronously before the work starts, so the notice leaves the thread before it blocks. */
  begin(id: number, step: LongStepInfo): void;
  end(id: number, ms: number): void;
}

let reporter: LongStepReporter | undefined;
let seq = 0;

/** Installs where step notices go (the worker host); `undefined` stops reporting. */
export function reportLongStepsTo(next: LongStepReporter | undefined): void {
  reporter = next;
}

/** Runs `task` as a declared long step: begin is reported before it starts, end once it settles. */
export async function longStep<T>(step: LongStepInfo, task: () => Promise<T> | T): Promise<T> {
  const id = ++seq;
  const t0 = performance.now();
  reporter?.begin(id, step);
  try {
    return await task();
  } finally {
    reporter?.end(id, performance.now() - t0);
  }
}

export interface StepBudgetOptions {
  /** Budget of the first step, before anything is known of this device's speed. */
  firstMs: number;
  /** No step's budget is smaller than this. */
  floorMs: number;
  /** Budget = factor × the slowest rate seen so far × the step's units of work. */
  factor: number;
}

/**
 * Sizes the budgets of one kind of step from this device's own speed: it keeps the slowest rate seen
 * (ms per unit of work) and allows `factor` times that for the next step's units, never less than the
 * floor. The first step, with nothing measured yet, gets `firstMs`. A device twice as slow learns budgets
 * twice as long; a busy spell that slows a step raises the rate for the steps after it.
 */
export class StepBudget {
  private msPerUnit: number | undefined;

  constructor(private readonly options: StepBudgetOptions) {}

  budgetFor(units: number): number {
    if (this.msPerUnit === undefined) return this.options.firstMs;
    return Math.max(
      this.options.floorMs,
      Math.ceil(this.options.factor * this.msPerUnit * Math.max(1, units)),
    );
  }

  record(units: number, ms: number): void {
    if (!(units > 0) || !(ms >= 0)) return;
    this.msPerUnit = Math.max(this.msPerUnit ?? 0, ms / units);
  }
}
