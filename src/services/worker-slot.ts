// One supervised worker: created on first use, watched while it works, replaced when it dies. It turns
// the ways a worker fails into clear errors for callers — a crash (the Worker's error/messageerror events
// or a lost GPU device) rejects every pending call with WorkerCrashedError; a call past its time limit
// gets WorkerTimeoutError, then a short ping decides whether the worker is merely slow or hung; a
// heartbeat while calls run catches a worker that vanished silently — and restarts it. A circuit
// breaker stops the crash-restart loop: after repeated infrastructure failures calls fail fast until a
// trial after the cooldown proves the worker healthy again. What tells busy from dead (declared long steps,
// the liveness lock, the worker's own events) is in liveness.ts.
import { wrap } from 'comlink';
import { whenNotAborted } from '../core/abortable';
import { CircuitBreaker } from '../core/circuit-breaker';
import {
  AbortError,
  CircuitOpenError,
  WorkerCrashedError,
  WorkerHungError,
  WorkerStartError,
  WorkerTimeoutError,
  errorForPeople,
  isAbortError,
  isInfrastructureError,
} from '../core/errors';
import type { WorkerHealth, WorkerName } from '../../workers/contracts';
import { Heartbeat } from './heartbeat';
import { Liveness, listenToWorker, watchLivenessLock } from './liveness';
import type { SlotConfig, WorkerSnapshot, WorkerStatus } from './worker-config';
import { RemoteCaller, type CallOptions, type HostProtocol, type WorkerEvent } from '../../workers/protocol';

export interface SlotHooks {
  /** The worker answered its first ping; wire its peer ports before calls are let through. */
  onStarted(slot: WorkerSlot): Promise<void>;
  /** The worker is gone; tell its peers. */
  onStopped(slot: WorkerSlot): void;
  onChange(): void;
}

type Phase = 'not-started' | 'starting' | 'restarting' | 'running' | 'crashed' | 'hung';

export class WorkerSlot {
  readonly breaker: CircuitBreaker;
  private phase: Phase = 'not-started';
  private generation = 0;
  private worker: Worker | undefined;
  private caller: RemoteCaller | undefined;
  private starting: Promise<RemoteCaller> | undefined;
  private hasStarted = false;
  private isDisposed = false;
  private restarts = 0;
  private userCalls = 0;
  private lastError: WorkerSnapshot['lastError'];
  private lastPingMs: number | undefined;
  private health: WorkerHealth | undefined;
  private readonly heartbeat: Heartbeat;
  private readonly liveness = new Liveness();
  /** Aborts the Web Lock request that fires when the worker is gone (ADR 0022). */
  private lockWatch: AbortController | undefined;
  private trialTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly name: WorkerName,
    private readonly factory: () => Worker,
    private readonly config: SlotConfig,
    private readonly hooks: SlotHooks,
  ) {
    this.breaker = new CircuitBreaker(config.breaker);
    this.heartbeat = new Heartbeat(
      config.heartbeatIntervalMs,
      config.heartbeatMisses,
      () => this.beat(),
      () => {
        if (this.phase === 'running') this.fail('hung', this.hungError());
      },
    );
    this.breaker.subscribe(() => {
      hooks.onChange();
    });
  }

  get isRunning(): boolean {
    return this.phase === 'running';
  }

  snapshot(): WorkerSnapshot {
    const b = this.breaker.state;
    let status: WorkerStatus;
    if (b.kind === 'open') status = 'open';
    else if (b.kind === 'half-open') status = 'half-open';
    else if (this.phase === 'running') status = this.userCalls > 0 ? 'busy' : 'ready';
    else status = this.phase;
    return {
      name: this.name,
      status,
      restarts: this.restarts,
      inFlight: this.userCalls,
      ...(this.lastError && { lastError: this.lastError }),
      ...(this.lastPingMs !== undefined && { lastPingMs: this.lastPingMs }),
      ...(b.kind === 'open' && { retryAt: b.retryAt }),
      ...(this.health && { health: this.health }),
      ...(this.liveness.currentStep !== undefined && { step: this.liveness.currentStep }),
    };
  }

  /** A caller's call: through the breaker, starting the worker if needed, watched until it settles. */
  async call(method: string, args: unknown[], options: CallOptions): Promise<unknown> {
    const { signal } = options;
    if (signal?.aborted) throw new AbortError(`"${method}" on the ${this.name} worker was cancelled.`);
    const admission = this.breaker.admit();
    if (!admission.allowed) throw new CircuitOpenError(this.name, admission.retryAt, admission.now);
    let caller: RemoteCaller;
    try {
      caller = await whenNotAborted(
        this.ensureStarted(),
        signal,
        () => new AbortError(`"${method}" on the ${this.name} worker was cancelled.`),
      );
    } catch (error) {
      // A trial abandoned while the worker starts must still get a verdict, or the breaker stays half-open.
      if (admission.trial && isAbortError(error)) void this.verdictAfterStart();
      throw error;
    }
    this.userCalls++;
    this.heartbeat.start();
    this.hooks.onChange();
    const startedAt = performance.now();
    try {
      const value = await caller.call(method, args, {
        ...options,
        timeoutMs: options.timeoutMs ?? this.config.callTimeoutMs,
      });
      if (method === 'ping') this.notePing(performance.now() - startedAt, value as WorkerHealth);
      this.breaker.recordSuccess();
      return value;
    } catch (error) {
      if (error instanceof WorkerTimeoutError) {
        this.noteError(error);
        void this.checkAlive();
      } else if (isAbortError(error)) {
        // An abandoned trial proves nothing either way; a ping decides.
        if (admission.trial) void this.checkAlive();
      } else if (!isInfrastructureError(error)) {
        // An ordinary application error: the worker is alive and answering.
        this.breaker.recordSuccess();
      }
      throw error;
    } finally {
      this.userCalls--;
      this.stopHeartbeatWhenIdle();
      this.hooks.onChange();
    }
  }

  /** The supervisor's own calls (peer wiring): no breaker, no status, the running worker only. */
  internal(method: string, args: unknown[], options: CallOptions = {}): Promise<unknown> {
    if (!this.caller) return Promise.reject(new WorkerCrashedError(this.name, 'it is not running'));
    return this.caller.call(method, args, { timeoutMs: this.config.pingDeadlineMs, ...options });
  }

  ensureStarted(): Promise<RemoteCaller> {
    if (this.phase === 'running' && this.caller) return Promise.resolve(this.caller);
    if (this.isDisposed) return Promise.reject(new WorkerCrashedError(this.name, 'the app shut it down'));
    if (!this.starting) {
      const starting = this.start().finally(() => {
        // A restart may have replaced this start with a newer one: leave that one in place.
        if (this.starting === starting) this.starting = undefined;
      });
      this.starting = starting;
    }
    return this.starting;
  }

  /** A person asked for a fresh worker: forget past failures, replace it now. */
  async restart(): Promise<void> {
    if (this.worker) {
      this.generation++;
      const caller = this.caller;
      this.teardown();
      caller?.failAll(new WorkerCrashedError(this.name, 'it was restarted on request'));
      this.hooks.onStopped(this);
    }
    if (this.trialTimer !== undefined) clearTimeout(this.trialTimer);
    this.trialTimer = undefined;
    this.breaker.reset();
    // A start still under way belonged to the worker just replaced (it now fails as stale): start anew.
    this.starting = undefined;
    await this.ensureStarted();
  }

  dispose(): void {
    this.isDisposed = true;
    this.generation++;
    const caller = this.caller;
    this.teardown();
    if (this.trialTimer !== undefined) clearTimeout(this.trialTimer);
    caller?.failAll(new WorkerCrashedError(this.name, 'the app shut it down'));
    this.phase = 'not-started';
  }

  private async start(): Promise<RemoteCaller> {
    const generation = ++this.generation;
    if (this.hasStarted) this.restarts++;
    this.phase = this.hasStarted ? 'restarting' : 'starting';
    this.hasStarted = true;
    this.hooks.onChange();
    let worker: Worker;
    try {
      worker = this.factory();
    } catch (error) {
      throw this.fail('crashed', new WorkerStartError(this.name, errorForPeople(error), { cause: error }));
    }
    this.worker = worker;
    listenToWorker(worker, {
      onError: (detail) => {
        if (generation !== this.generation) return;
        const isRunning = this.phase === 'running';
        this.fail(
          'crashed',
          isRunning ? new WorkerCrashedError(this.name, detail) : new WorkerStartError(this.name, detail),
        );
      },
      onEvent: (event) => {
        if (generation === this.generation) this.onWorkerEvent(event);
      },
    });
    const caller = new RemoteCaller(wrap<HostProtocol>(worker), this.name);
    this.caller = caller;
    try {
      const t0 = performance.now();
      const health = (await caller.call('ping', [], {
        timeoutMs: this.config.startTimeoutMs,
      })) as WorkerHealth;
      this.notePing(performance.now() - t0, health);
      if (this.config.watchLivenessLock) {
        this.lockWatch = watchLivenessLock(health.aliveLock, this.name, () => {
          if (generation === this.generation)
            this.fail('crashed', new WorkerCrashedError(this.name, 'it closed without an error'));
        });
      }
      await this.hooks.onStarted(this);
    } catch (error) {
      if (generation !== this.generation) throw error; // already handled (e.g. the error event)
      throw this.fail('crashed', new WorkerStartError(this.name, errorForPeople(error), { cause: error }));
    }
    if (generation !== this.generation) throw new WorkerCrashedError(this.name, 'it stopped while starting');
    this.phase = 'running';
    this.hooks.onChange();
    return caller;
  }

  /** The worker failed as infrastructure: drop it, fail its calls, count it, then restart or wait. */
  private fail(phase: 'crashed' | 'hung', error: Error): Error {
    // A restart is worth a line in the console: tests and bug reports count them (ADR 0022).
    console.warn(`ThinkBank: the ${this.name} worker is being restarted: ${error.message}`);
    this.generation++;
    const caller = this.caller;
    this.teardown();
    this.phase = phase;
    this.noteError(error);
    caller?.failAll(error);
    this.breaker.recordFailure();
    this.hooks.onStopped(this);
    const state = this.breaker.state;
    if (state.kind === 'open') this.scheduleTrial(state.retryAt);
    else setTimeout(() => void this.restartAfterFailure(), 0);
    this.hooks.onChange();
    return error;
  }

  private async restartAfterFailure(): Promise<void> {
    if (this.isDisposed || this.phase === 'running' || this.breaker.state.kind === 'open') return;
    await this.ensureStarted().catch((error: unknown) => {
      // Recorded in the snapshot by fail(); the breaker decides whether to try again.
      console.warn(`ThinkBank: the ${this.name} worker did not come back`, error);
    });
  }

  private scheduleTrial(retryAt: number): void {
    if (this.trialTimer !== undefined) clearTimeout(this.trialTimer);
    this.trialTimer = setTimeout(
      () => {
        this.trialTimer = undefined;
        void this.trial();
      },
      Math.max(0, retryAt - Date.now()),
    );
  }

  /** Half-open: start the worker and ping it; success closes the breaker, failure re-opens it (longer). */
  private async trial(): Promise<void> {
    const admission = this.breaker.admit();
    if (!admission.allowed || !admission.trial) return;
    try {
      await this.ensureStarted();
      await this.internal('ping', [], { timeoutMs: this.config.pingDeadlineMs });
      this.breaker.recordSuccess();
    } catch (error) {
      if (this.breaker.state.kind !== 'half-open') return; // start failures are already counted
      this.fail(
        error instanceof WorkerTimeoutError ? 'hung' : 'crashed',
        error instanceof WorkerTimeoutError
          ? new WorkerHungError(this.name)
          : error instanceof Error
            ? error
            : new Error(errorForPeople(error)),
      );
    }
  }

  private async verdictAfterStart(): Promise<void> {
    try {
      await this.ensureStarted();
    } catch (error) {
      // fail() has already counted this start failure and re-opened the breaker.
      console.warn(`ThinkBank: the ${this.name} worker failed its trial start`, error);
      return;
    }
    await this.checkAlive();
  }

  /** After a timeout: a slow worker answers a ping at once; a hung one does not and is replaced. */
  private async checkAlive(): Promise<void> {
    if (!this.caller || this.phase !== 'running') return;
    const generation = this.generation;
    try {
      const t0 = performance.now();
      const health = (await this.internal('ping', [])) as WorkerHealth;
      this.notePing(performance.now() - t0, health);
      this.breaker.recordSuccess();
    } catch (error) {
      if (generation !== this.generation || !(error instanceof WorkerTimeoutError)) return;
      // Busy in a declared step: the heartbeat goes on watching it until the step ends or overruns.
      if (!this.liveness.coveringStep()) this.fail('hung', this.hungError());
    }
  }

  /** One heartbeat: true when the worker answered in time, false when the ping timed out. */
  private async beat(): Promise<boolean> {
    if (this.phase !== 'running') return true;
    const generation = this.generation;
    try {
      const t0 = performance.now();
      const health = (await this.internal('ping', [])) as WorkerHealth;
      this.notePing(performance.now() - t0, health);
      return true;
    } catch (error) {
      // Only silence of this same worker counts; a crash in between is handled by its own event.
      if (generation !== this.generation || !(error instanceof WorkerTimeoutError)) return true;
      // Silent inside a declared long step, within its budget: busy, not a missed beat.
      return this.liveness.coveringStep() !== undefined;
    }
  }

  private onWorkerEvent(event: WorkerEvent): void {
    if (event.kind === 'gpu-device-lost') {
      this.fail('crashed', new WorkerCrashedError(this.name, `its GPU device was lost: ${event.reason}`));
      return;
    }
    this.liveness.onStep(event);
    // A step is watched even when no caller waits (a caller that timed out leaves it running).
    if (this.liveness.hasOpenSteps) this.heartbeat.start();
    else this.stopHeartbeatWhenIdle();
    this.hooks.onChange();
  }

  private stopHeartbeatWhenIdle(): void {
    if (this.userCalls === 0 && !this.liveness.hasOpenSteps) this.heartbeat.stop();
  }

  private teardown(): void {
    this.heartbeat.stop();
    this.liveness.reset();
    // Withdraw the lock request first: terminating releases the lock, which must not read as a death.
    this.lockWatch?.abort();
    this.lockWatch = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    this.caller = undefined;
    this.starting = undefined;
  }

  private notePing(ms: number, health: WorkerHealth): void {
    this.liveness.answered();
    this.lastPingMs = Math.round(ms * 10) / 10;
    this.health = health;
    this.hooks.onChange();
  }

  /** A silent worker's error, naming the declared step that overran its budget, if one did. */
  private hungError(): WorkerHungError {
    const step = this.liveness.overrunStep();
    return new WorkerHungError(this.name, step ? { step: step.label } : {});
  }

  private noteError(error: Error): void {
    this.lastError = { name: error.name, message: error.message };
  }
}
