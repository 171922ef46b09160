// The end of a job, in one transaction each: a finished version becomes the document's active one and
// the old version's passages and vectors leave only then; a failed or cancelled version leaves nothing
// behind, and its document keeps the version it had (or is marked failed when it never had one).
import type { ThinkBankDb } from '../database';
import type { DocumentType } from '../types';
import { normalizeDocument } from './documents';
import { normalizeVersion, type IngestVersion } from './intake';
import { normalizeJob, putJob, type IngestJob } from './jobs';
import { defined } from '../../core/defined';

export interface FinishDetails {
  title: string | undefined;
  type: DocumentType;
  mimeType: string;
  vectorModelId: string | undefined;
}

function finishTables(db: ThinkBankDb) {
  return [db.documents, db.versions, db.chunks, db.vectors, db.jobs];
}

/** Makes the job's version active; false when the run no longer owns the job. */
export async function finishVersion(
  db: ThinkBankDb,
  jobId: string,
  runId: string,
  details: FinishDetails,
  jobChanges: Partial<IngestJob>,
  options: { keepRunning?: boolean } = {},
): Promise<boolean> {
  return db.transaction('rw', finishTables(db), async () => {
    const jobRow = await db.jobs.get(jobId);
    const job = jobRow && normalizeJob(jobRow);
    if (job?.runId !== runId) return false;
    const docRow = await db.documents.get(job.documentId);
    const versionRow = await db.versions.get(job.versionId);
    if (!docRow || !versionRow) return false;
    const doc = normalizeDocument(docRow);
    const version = normalizeVersion(versionRow);
    const old = doc.activeVersionId;
    if (old !== undefined && old !== version.id) {
      await db.chunks.where('versionId').equals(old).delete();
      await db.vectors.where('versionId').equals(old).delete();
    }
    const now = Date.now();
    const embedded: IngestVersion = { ...version, vectorModelId: details.vectorModelId };
    await db.versions.put(embedded);
    // An image's facts and thumbnail come from the version becoming active; a version that is no image
    // (a file replaced by another kind under the same name) takes the old ones away.
    if (!version.image && (doc.image || doc.date !== undefined)) {
      await db.documents
        .where('id')
        .equals(doc.id)
        .modify((row: { image?: unknown; date?: unknown }) => {
          delete row.image;
          delete row.date;
        });
    }
    await db.documents.update(doc.id, {
      ...defined({ image: version.image, date: version.image?.takenAt }),
      activeVersionId: version.id,
      contentHash: version.contentHash,
      sizeBytes: version.sizeBytes,
      status: 'ready',
      type: details.type,
      mimeType: details.mimeType,
      ...(details.title && version.number === 1 ? { title: details.title } : {}),
      updatedAt: now,
    });
    // keepRunning: the run still has the index stage to finish (ADR 0104) and marks success itself.
    await putJob(db, {
      ...job,
      ...jobChanges,
      ...(options.keepRunning
        ? { status: 'running', stage: 'index', progress: 0.5, heartbeatAt: now }
        : { status: 'succeeded', stage: 'done', progress: 1, runId: undefined }),
      error: undefined,
      updatedAt: now,
    });
    return true;
  });
}

/**
 * Ends a job that will not finish (failed, cancelled, waiting for a password): the version's passages
 * and vectors go, the document falls back to its active version. `runId` undefined skips the ownership
 * check (the person cancelled a job no run holds).
 */
export async function abandonVersion(
  db: ThinkBankDb,
  jobId: string,
  runId: string | undefined,
  jobChanges: Partial<IngestJob>,
): Promise<boolean> {
  return db.transaction('rw', finishTables(db), async () => {
    const jobRow = await db.jobs.get(jobId);
    const job = jobRow && normalizeJob(jobRow);
    if (!job || (runId !== undefined && job.runId !== runId)) return false;
    const docRow = await db.documents.get(job.documentId);
    const isActive = docRow !== undefined && normalizeDocument(docRow).activeVersionId === job.versionId;
    // A version already made active (a job stopped during its index stage) keeps what it has.
    if (!isActive) {
      await db.chunks.where('versionId').equals(job.versionId).delete();
      await db.vectors.where('versionId').equals(job.versionId).delete();
    }
    if (docRow) {
      const doc = normalizeDocument(docRow);
      const waiting = jobChanges.status === 'needs-password';
      const status = doc.activeVersionId !== undefined ? 'ready' : waiting ? 'pending' : 'failed';
      await db.documents.update(doc.id, { status, updatedAt: Date.now() });
    }
    await putJob(db, { ...job, ...jobChanges, runId: undefined, updatedAt: Date.now() });
    return true;
  });
}
