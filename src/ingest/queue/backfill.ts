// Vectors for documents that were added keyword-only (ADR 0102) once an embedding model is ready
// (ADR 0105). Each such document gets a rebuild: a new version of the same stored content and an
// ordinary job, so the queue's machinery does the rest (progress on Activity, pause, cancel, resume,
// the switch that drops the old passages only when the new ones have vectors). Passages counted with
// this model's tokenizer are copied and the job starts at 'embed'; passages cut by the estimate are
// re-chunked from the file, since real counts change their boundaries (ADR 0071).
import type { ThinkBankDb } from '../../db/database';
import { normalizeDocument } from '../../db/repositories/documents';
import { normalizeVersion, type IngestVersion } from '../../db/repositories/intake';
import { ACTIVE_STATUSES, newJob, normalizeJob, putJob } from '../../db/repositories/jobs';

/** Queues a rebuild for every keyword-only document without one; answers how many were queued. */
export async function queueVectorBackfill(db: ThinkBankDb, modelId: string): Promise<number> {
  return db.transaction('rw', [db.documents, db.versions, db.chunks, db.jobs], async () => {
    let queued = 0;
    for (const row of await db.documents.toArray()) {
      const doc = normalizeDocument(row);
      if (doc.activeVersionId === undefined) continue;
      const versionRow = await db.versions.get(doc.activeVersionId);
      const version = versionRow && normalizeVersion(versionRow);
      if (!version || version.vectorModelId !== undefined) continue;
      // A version without passages (an image whose words are not read yet) has nothing to embed.
      if ((await db.chunks.where('versionId').equals(version.id).count()) === 0) continue;
      const jobs = (await db.jobs.where('documentId').equals(doc.id).toArray()).map(normalizeJob);
      // A document being worked on, or whose rebuild was already tried (even if it failed), is left alone.
      if (jobs.some((j) => ACTIVE_STATUSES.includes(j.status) || j.rebuildOf === version.id)) continue;
      const reuse = version.chunkedWith === modelId;
      const next: IngestVersion = {
        ...version,
        id: crypto.randomUUID(),
        createdAt: Date.now(),
        vectorModelId: undefined,
        chunkedWith: reuse ? modelId : undefined,
      };
      await db.versions.add(next);
      if (reuse) {
        const chunks = await db.chunks.where('versionId').equals(version.id).toArray();
        await db.chunks.bulkAdd(chunks.map((c) => ({ ...c, id: crypto.randomUUID(), versionId: next.id })));
      }
      const job = newJob({
        documentId: doc.id,
        versionId: next.id,
        fileName: version.fileName || doc.title,
        versionNumber: version.number,
      });
      await putJob(db, {
        ...job,
        ...(reuse ? { stage: 'embed' as const } : {}),
        rebuildOf: version.id,
      });
      queued++;
    }
    return queued;
  });
}
