// Ingestion jobs: one per document version, the durable queue the ingest worker runs (ADR 0100). A job
// carries more than the base JobRecord (the file name, counts, warnings, the id of the run that owns it);
// those fields are stored in the same record and normalised on read like the rest, so an older or newer
// record still opens. Every write by a running job names its run id: a run that lost the job (requeued as
// stale, cancelled) finds out on its next write instead of overwriting someone else's state.
import type { ThinkBankDb } from '../database';
import { asRaw, readNumber, readOneOf, readOptionalString, readString } from '../normalize';
import type { ErrorInfo, JobRecord, JobStage, JobStatus } from '../types';

const STATUSES: readonly JobStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'needs-password',
];
const STAGES: readonly JobStage[] = ['parse', 'chunk', 'embed', 'index', 'done'];

export interface JobCounts {
  pages?: number;
  passages?: number;
  embedded?: number;
  pagesNeedingOcr?: number;
}

export interface IngestJob extends JobRecord {
  /** The file name as the person knows it. */
  fileName: string;
  /** Which version of its document this job builds (1 for a new document). */
  versionNumber: number;
  counts: JobCounts;
  /** Things a person should know about a job that still succeeded ("pages 3 and 4 need OCR"). */
  warnings: string[];
  /** The run that owns a running job; undefined when no run does. */
  runId: string | undefined;
  /** When the current stage started (for the stage's elapsed time). */
  stageStartedAt: number;
  /** Set when the passages were stored without vectors because no embedding model was ready. */
  isKeywordOnly: boolean;
  /** The keyword-only version this job rebuilds to add vectors (ADR 0105); undefined for added files. */
  rebuildOf: string | undefined;
  /** An image stored without passages: nothing in it can be searched by words yet (ADR 0072). */
  isImageOnly: boolean;
}

export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'running', 'needs-password'];

function readError(value: unknown): ErrorInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = asRaw(value);
  const cause = readError(raw['cause']);
  return {
    name: readString(raw['name'], 'Error'),
    message: readString(raw['message'], ''),
    ...(cause ? { cause } : {}),
  };
}

function readCounts(value: unknown): JobCounts {
  const raw = asRaw(value);
  const counts: JobCounts = {};
  for (const key of ['pages', 'passages', 'embedded', 'pagesNeedingOcr'] as const) {
    const n = raw[key];
    if (typeof n === 'number' && Number.isFinite(n)) counts[key] = n;
  }
  return counts;
}

export function normalizeJob(value: unknown): IngestJob {
  const raw = asRaw(value);
  const createdAt = readNumber(raw['createdAt'], 0);
  const timings = asRaw(raw['timings']);
  return {
    ...raw,
    id: readString(raw['id'], ''),
    documentId: readString(raw['documentId'], ''),
    versionId: readString(raw['versionId'], ''),
    status: readOneOf(raw['status'], STATUSES, 'failed'),
    stage: readOneOf(raw['stage'], STAGES, 'parse'),
    progress: Math.min(1, Math.max(0, readNumber(raw['progress'], 0))),
    attempts: readNumber(raw['attempts'], 0),
    heartbeatAt: readNumber(raw['heartbeatAt'], 0),
    error: readError(raw['error']),
    timings: Object.fromEntries(
      STAGES.flatMap((stage) => (typeof timings[stage] === 'number' ? [[stage, timings[stage]]] : [])),
    ),
    createdAt,
    updatedAt: readNumber(raw['updatedAt'], createdAt),
    fileName: readString(raw['fileName'], 'Untitled'),
    versionNumber: readNumber(raw['versionNumber'], 1),
    counts: readCounts(raw['counts']),
    warnings: Array.isArray(raw['warnings'])
      ? raw['warnings'].filter((w): w is string => typeof w === 'string')
      : [],
    runId: readOptionalString(raw['runId']),
    stageStartedAt: readNumber(raw['stageStartedAt'], createdAt),
    isKeywordOnly: raw['isKeywordOnly'] === true,
    rebuildOf: readOptionalString(raw['rebuildOf']),
    isImageOnly: raw['isImageOnly'] === true,
  };
}

export function newJob(
  fields: Pick<IngestJob, 'documentId' | 'versionId' | 'fileName' | 'versionNumber'>,
  now = Date.now(),
): IngestJob {
  return {
    ...fields,
    id: crypto.randomUUID(),
    status: 'queued',
    stage: 'parse',
    progress: 0,
    attempts: 0,
    heartbeatAt: 0,
    error: undefined,
    timings: {},
    createdAt: now,
    updatedAt: now,
    counts: {},
    warnings: [],
    runId: undefined,
    stageStartedAt: now,
    isKeywordOnly: false,
    rebuildOf: undefined,
    isImageOnly: false,
  };
}

/** Stores a whole job record (the table is typed by the base record, which lacks ingestion's fields). */
export async function putJob(db: ThinkBankDb, job: IngestJob): Promise<void> {
  await db.jobs.put(job);
}

export async function getJob(db: ThinkBankDb, id: string): Promise<IngestJob | undefined> {
  const row = await db.jobs.get(id);
  return row && normalizeJob(row);
}

/** Jobs, newest first (the Activity page). */
export async function listJobs(db: ThinkBankDb, limit = 500): Promise<IngestJob[]> {
  const rows = await db.jobs.toArray();
  return rows
    .map(normalizeJob)
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, limit);
}

export type JobChanges = Partial<Omit<IngestJob, 'id' | 'documentId' | 'versionId' | 'createdAt'>>;

/** Applies `changes` when the job is still owned by `runId`; false when the run has lost it. */
export async function updateOwnedJob(
  db: ThinkBankDb,
  id: string,
  runId: string,
  changes: JobChanges,
): Promise<boolean> {
  return db.transaction('rw', db.jobs, async () => {
    const row = await db.jobs.get(id);
    if (!row || normalizeJob(row).runId !== runId) return false;
    await db.jobs.update(id, { ...changes, updatedAt: Date.now() });
    return true;
  });
}

/** Takes the oldest queued job for a new run; undefined when none waits. */
export async function claimNextJob(db: ThinkBankDb, runId: string): Promise<IngestJob | undefined> {
  return db.transaction('rw', db.jobs, async () => {
    const queued = (await db.jobs.where('status').equals('queued').toArray()).map(normalizeJob);
    const next = queued.sort((a, b) => a.createdAt - b.createdAt)[0];
    if (!next) return undefined;
    const now = Date.now();
    const claimed: IngestJob = { ...next, status: 'running', runId, heartbeatAt: now, updatedAt: now };
    await putJob(db, claimed);
    return claimed;
  });
}

export interface StaleOutcome {
  requeued: string[];
  failed: string[];
}

/**
 * Running jobs whose heartbeat is older than `staleMs` lost their run (a closed tab, a crashed worker):
 * each goes back to the queue with one more attempt, or fails with the reason once `maxAttempts` runs
 * were interrupted. Runs of this thread (`liveRunIds`) are never touched.
 */
export async function recoverStaleJobs(
  db: ThinkBankDb,
  options: { staleMs: number; maxAttempts: number; liveRunIds: ReadonlySet<string>; now?: number },
): Promise<StaleOutcome> {
  const now = options.now ?? Date.now();
  return db.transaction('rw', db.jobs, async () => {
    const running = (await db.jobs.where('status').equals('running').toArray()).map(normalizeJob);
    const outcome: StaleOutcome = { requeued: [], failed: [] };
    for (const job of running) {
      if (job.runId !== undefined && options.liveRunIds.has(job.runId)) continue;
      if (now - job.heartbeatAt < options.staleMs) continue;
      const attempts = job.attempts + 1;
      const where = `while ${STAGE_WORDS[job.stage]}`;
      if (attempts >= options.maxAttempts) {
        outcome.failed.push(job.id);
        await putJob(db, {
          ...job,
          status: 'failed',
          attempts,
          runId: undefined,
          updatedAt: now,
          error: {
            name: 'JobInterruptedError',
            message: `Adding this file stopped ${String(attempts)} times ${where} (the tab closed or the worker stopped), so ThinkBank gave up. Retry to try once more.`,
          },
        });
      } else {
        outcome.requeued.push(job.id);
        await putJob(db, { ...job, status: 'queued', attempts, runId: undefined, updatedAt: now });
      }
    }
    return outcome;
  });
}

export const STAGE_WORDS: Record<JobStage, string> = {
  parse: 'reading the file',
  chunk: 'cutting it into passages',
  embed: 'computing vectors',
  index: 'adding it to search',
  done: 'finishing',
};
