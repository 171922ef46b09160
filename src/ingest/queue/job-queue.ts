// The durable job queue, run inside the ingest worker of the writer tab (ADR 0100). The queue itself is
// the `jobs` table: this class only claims queued jobs (at most `concurrency` at a time), keeps a
// heartbeat on each running one, puts back jobs whose run vanished (a closed tab, a crashed worker) and
// applies the person's pause, resume, cancel and retry. Nothing here is lost when the worker dies: a
// restarted queue finds every job where the table says it is.
import type { ThinkBankDb } from '../../db/database';
import { getSetting, setSetting } from '../../db/repositories/settings';
import {
  claimNextJob,
  getJob,
  normalizeJob,
  putJob,
  recoverStaleJobs,
  updateOwnedJob,
  type IngestJob,
  type JobChanges,
} from '../../db/repositories/jobs';
import { abandonVersion } from '../../db/repositories/version-switch';
import { updateDocument } from '../../db/repositories/documents';
import type { ErrorInfo } from '../../db/types';
import { AbortError, errorForPeople } from '../../core/errors';
import { PAUSED_KEY } from '../ingest-keys';
import { JobLostError, runJob, type JobRun, type PipelineDeps } from '../pipeline/run-job';
import { defined } from '../../core/defined';

export interface QueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** How often a running job writes its heartbeat. */
  heartbeatMs: number;
  /** A running job whose heartbeat is older than this lost its run. */
  staleMs: number;
  /** Interrupted runs before a job fails. */
  maxAttempts: number;
  /** How often the queue looks for work and stale jobs. */
  tickMs: number;
  /** Progress is saved at most this often (stage changes always). */
  reportEveryMs: number;
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  concurrency: 2,
  heartbeatMs: 2_000,
  staleMs: 10_000,
  maxAttempts: 3,
  tickMs: 1_000,
  reportEveryMs: 300,
};

export interface QueueStatus {
  isStarted: boolean;
  isPaused: boolean;
  runningJobIds: string[];
}

type StopKind = 'pause' | 'stop' | 'cancel';

/** Why a run was stopped on purpose (its abort reason). */
class RunStopped extends AbortError {
  constructor(readonly kind: StopKind) {
    super(kind === 'cancel' ? 'Cancelled.' : 'Paused.');
  }
}

interface ActiveRun {
  runId: string;
  controller: AbortController;
  done: Promise<void>;
}

function errorInfo(error: unknown): ErrorInfo {
  const name = error instanceof Error ? error.name : 'Error';
  const cause = error instanceof Error && error.cause !== undefined ? errorInfo(error.cause) : undefined;
  return { name, message: errorForPeople(error), ...(cause ? { cause } : {}) };
}

const isBool = (value: unknown): value is boolean => typeof value === 'boolean';

export class JobQueue {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly passwords = new Map<string, string>();
  private readonly options: QueueOptions;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticking: Promise<void> | undefined;
  private isStarted = false;

  constructor(
    private readonly deps: PipelineDeps,
    options: Partial<QueueOptions> = {},
  ) {
    this.options = { ...DEFAULT_QUEUE_OPTIONS, ...options };
  }

  private get db(): ThinkBankDb {
    return this.deps.db;
  }

  /** Starts looking for work; calling it again does nothing. */
  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    void this.tick();
  }

  /** Stops every run (their jobs go back to the queue) and stops looking for work. */
  async stop(): Promise<void> {
    this.isStarted = false;
    clearInterval(this.timer);
    await this.stopRuns('stop');
  }

  async status(): Promise<QueueStatus> {
    return {
      isStarted: this.isStarted,
      isPaused: await this.isPaused(),
      runningJobIds: [...this.runs.keys()],
    };
  }

  /** Read through a method: `stop()` may flip `isStarted` while a pass awaits. */
  private hasRoom(): boolean {
    return this.isStarted && this.runs.size < this.options.concurrency;
  }

  private isPaused(): Promise<boolean> {
    return getSetting(this.db, PAUSED_KEY, false, isBool);
  }

  /** One pass: put back stale jobs, then claim work up to the concurrency limit. Never overlaps itself. */
  tick(): Promise<void> {
    this.ticking ??= this.pass().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async pass(): Promise<void> {
    if (!this.isStarted) return;
    try {
      await recoverStaleJobs(this.db, {
        staleMs: this.options.staleMs,
        maxAttempts: this.options.maxAttempts,
        liveRunIds: new Set([...this.runs.values()].map((r) => r.runId)),
      });
      if (await this.isPaused()) return;
      while (this.hasRoom()) {
        const runId = crypto.randomUUID();
        const job = await claimNextJob(this.db, runId);
        if (!job) break;
        this.launch(job, runId);
      }
    } catch (error) {
      console.error('ThinkBank: the ingest queue could not look for work', error);
    }
  }

  private launch(job: IngestJob, runId: string): void {
    const controller = new AbortController();
    const { signal } = controller;
    let lastReport = 0;
    const save = async (changes: JobChanges) => {
      const owned = await updateOwnedJob(this.db, job.id, runId, { ...changes, heartbeatAt: Date.now() });
      if (!owned) {
        const lost = new JobLostError();
        controller.abort(lost);
        throw lost;
      }
    };
    const heartbeat = setInterval(() => {
      save({}).catch((error: unknown) => {
        if (!(error instanceof JobLostError)) console.warn('ThinkBank: heartbeat not saved', error);
      });
    }, this.options.heartbeatMs);
    const password = this.passwords.get(job.id);
    const run: JobRun = {
      job,
      runId,
      signal,
      ...defined({ password }),
      report: async (changes, force = false) => {
        const now = Date.now();
        if (!force && now - lastReport < this.options.reportEveryMs) return;
        lastReport = now;
        await save(changes);
      },
    };
    const done = updateDocument(this.db, job.documentId, { status: 'processing' })
      .then(() => runJob(this.deps, run))
      .then(
        () => {
          this.passwords.delete(job.id);
        },
        (error: unknown) => this.settleFailure(job, runId, signal, error),
      )
      .finally(() => {
        clearInterval(heartbeat);
        this.runs.delete(job.id);
        void this.tick();
      });
    this.runs.set(job.id, { runId, controller, done });
  }

  private async settleFailure(
    job: IngestJob,
    runId: string,
    signal: AbortSignal,
    error: unknown,
  ): Promise<void> {
    const reason: unknown = signal.aborted ? signal.reason : error;
    try {
      if (reason instanceof JobLostError || error instanceof JobLostError) return;
      if (reason instanceof RunStopped) {
        if (reason.kind === 'cancel') {
          await abandonVersion(this.db, job.id, runId, {
            status: 'cancelled',
            error: { name: 'CancelledError', message: 'Cancelled. Nothing of this file was kept.' },
          });
        } else {
          await updateOwnedJob(this.db, job.id, runId, { status: 'queued', runId: undefined });
        }
        return;
      }
      const name = error instanceof Error ? error.name : '';
      const needsPassword = name === 'PasswordRequiredError' || name === 'WrongPasswordError';
      if (needsPassword) this.passwords.delete(job.id);
      await abandonVersion(this.db, job.id, runId, {
        status: needsPassword ? 'needs-password' : 'failed',
        error: errorInfo(error),
      });
    } catch (settleError) {
      console.error('ThinkBank: could not record how a job ended', settleError);
    }
  }

  private async stopRuns(kind: StopKind): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) run.controller.abort(new RunStopped(kind));
    await Promise.all(runs.map((run) => run.done));
  }

  async pause(): Promise<void> {
    await setSetting(this.db, PAUSED_KEY, true);
    await this.stopRuns('pause');
  }

  async resume(): Promise<void> {
    await setSetting(this.db, PAUSED_KEY, false);
    await this.tick();
  }

  /** Cancels a job: a running one stops; either way its version's passages and vectors are removed. */
  async cancel(jobId: string): Promise<void> {
    const active = this.runs.get(jobId);
    if (active) {
      active.controller.abort(new RunStopped('cancel'));
      await active.done;
      return;
    }
    const job = await getJob(this.db, jobId);
    if (!job || job.status === 'succeeded' || job.status === 'cancelled') return;
    await abandonVersion(this.db, jobId, undefined, {
      status: 'cancelled',
      error: { name: 'CancelledError', message: 'Cancelled. Nothing of this file was kept.' },
    });
    this.passwords.delete(jobId);
  }

  /** Puts a failed, cancelled or password-waiting job back in the queue from the start. */
  async retry(jobId: string, password?: string): Promise<void> {
    if (password !== undefined) this.passwords.set(jobId, password);
    await this.db.transaction('rw', [this.db.jobs, this.db.documents], async () => {
      const row = await this.db.jobs.get(jobId);
      const job = row && normalizeJob(row);
      if (!job || job.status === 'running' || job.status === 'queued' || job.status === 'succeeded') return;
      await putJob(this.db, {
        ...job,
        status: 'queued',
        stage: 'parse',
        progress: 0,
        attempts: 0,
        error: undefined,
        runId: undefined,
        updatedAt: Date.now(),
      });
      const doc = await this.db.documents.get(job.documentId);
      if (doc && doc.activeVersionId === undefined) {
        await this.db.documents.update(doc.id, { status: 'pending', updatedAt: Date.now() });
      }
    });
    await this.tick();
  }
}
