// What the supervisor knows about a running worker's liveness beyond its pings (ADR 0022): the long steps
// it declared (src/core/long-step.ts) and when it last answered. A ping that goes unanswered while a
// declared step is within its budget means the worker is busy, not hung; silence with no step, or past
// the step's budget, counts as a missed beat as before. Silence is measured from the later of the step's
// start and the last answer, so a generation that yields between tokens renews its budget each time.

export interface OpenStep {
  label: string;
  budgetMs: number;
  beganAt: number;
}

export class Liveness {
  private readonly steps = new Map<number, OpenStep>();
  private lastAnswerAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get hasOpenSteps(): boolean {
    return this.steps.size > 0;
  }

  /** The label of the step running longest, for status lines. */
  get currentStep(): string | undefined {
    let oldest: OpenStep | undefined;
    for (const step of this.steps.values()) if (!oldest || step.beganAt < oldest.beganAt) oldest = step;
    return oldest?.label;
  }

  stepBegan(id: number, label: string, budgetMs: number): void {
    this.steps.set(id, { label, budgetMs, beganAt: this.now() });
  }

  stepEnded(id: number): void {
    this.steps.delete(id);
  }

  answered(): void {
    this.lastAnswerAt = this.now();
  }

  /** The open step whose budget still covers the current silence, if any. */
  coveringStep(): OpenStep | undefined {
    const now = this.now();
    for (const step of this.steps.values()) {
      const silentSince = Math.max(step.beganAt, this.lastAnswerAt);
      if (now - silentSince < step.budgetMs) return step;
    }
    return undefined;
  }

  /** A step whose budget ran out during the current silence, if any (to name it in the error). */
  overrunStep(): OpenStep | undefined {
    const now = this.now();
    for (const step of this.steps.values()) {
      if (now - Math.max(step.beganAt, this.lastAnswerAt) >= step.budgetMs) return step;
    }
    return undefined;
  }

  /** A new worker: nothing of the old one's steps carries over. */
  reset(): void {
    this.steps.clear();
    this.lastAnswerAt = Number.NEGATIVE_INFINITY;
  }
}
