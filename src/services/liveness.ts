// What the supervisor knows about a running worker's liveness beyond its pings (ADR 0022): the long steps
// it declared (src/core/long-step.ts) and when it last answered. A ping that goes unanswered while a
// declared step is within its budget means the worker is busy, not hung; silence with no step, or past
// the step's budget, counts as a missed beat as before. Silence is measured from the later of the step's
// start and the last answer, so a generation that yields between tokens renews its budget each time. And
// the Web Lock that tells a dead worker from a silent one.

import { isWorkerEvent, type WorkerEvent } from '../../workers/protocol';

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

  /** A step's begin or end, as the worker posted it; an end is also an answer. */
  onStep(event: Extract<WorkerEvent, { kind: 'step-begin' | 'step-end' }>): void {
    if (event.kind === 'step-begin') {
      this.stepBegan(event.id, event.label, event.budgetMs);
    } else {
      this.stepEnded(event.id);
      this.answered();
    }
  }

  /** A new worker: nothing of the old one's steps carries over. */
  reset(): void {
    this.steps.clear();
    this.lastAnswerAt = Number.NEGATIVE_INFINITY;
  }
}

/**
 * Asks for the Web Lock a worker holds while it exists (ADR 0022). The browser grants it only once the
 * worker is gone — closed, killed or crashed without an error event — so `onGone` runs at once then; a
 * silent worker whose lock is still held is alive (busy or looping, which the heartbeat tells apart).
 * Abort the returned controller before terminating the worker yourself. Undefined where there is no lock.
 */
export function watchLivenessLock(
  lock: string | undefined,
  worker: string,
  onGone: () => void,
): AbortController | undefined {
  const locks = (globalThis.navigator as Partial<Navigator> | undefined)?.locks;
  if (lock === undefined || !locks) return undefined;
  const controller = new AbortController();
  locks.request(lock, { signal: controller.signal }, onGone).catch((error: unknown) => {
    if (controller.signal.aborted) return; // the supervisor withdrew the request itself
    console.warn(`ThinkBank: the ${worker} worker's liveness lock cannot be watched`, error);
  });
  return controller;
}

/**
 * The words of an uncaught error as the browser reports it ("Uncaught TypeError: x is not a function"),
 * without the browser's "Uncaught" and class-name prefix, which mean nothing to a person.
 */
export function uncaughtMessage(message: string): string {
  return message.replace(/^Uncaught (?:[A-Za-z]*Error: )?/, '').trim();
}

/**
 * The ways a worker says it failed or has news: an `error` event (a crash, or a script that did not
 * load), a message that could not be read, and the events it posts (a lost GPU device, long steps).
 */
export function listenToWorker(
  worker: Worker,
  on: { onError: (detail: string) => void; onEvent: (event: WorkerEvent) => void },
): void {
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    // A script that fails to load fires a plain Event, with no message at all.
    const message = typeof event.message === 'string' ? uncaughtMessage(event.message) : '';
    on.onError(message || 'its script could not be loaded or threw an error');
  });
  worker.addEventListener('messageerror', () => {
    on.onError('a message from it could not be read');
  });
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isWorkerEvent(event.data)) on.onEvent(event.data);
  });
}
