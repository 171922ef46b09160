// The library's consistency check (ADR 0100): every passage of a finished version has a vector for the
// model that version was embedded with, every stored vector belongs to a passage that exists, and no
// passage hangs off a version that is neither active nor being built. Tests run it after every ingest;
// the Diagnostics page shows it. Read-only, one read transaction.
import type { ThinkBankDb } from '../database';
import { normalizeDocument } from './documents';
import { normalizeVersion } from './intake';
import { ACTIVE_STATUSES, normalizeJob } from './jobs';

export interface ConsistencyReport {
  passages: number;
  vectors: number;
  /** Passages of a version embedded with a model that have no vector for it. */
  passagesWithoutVectors: number;
  /** Vector rows whose passage no longer exists. */
  vectorsWithoutPassages: number;
  /** Passages of versions that are neither active nor being built by a job. */
  orphanPassages: number;
  /**
   * Active versions whose passages were stored without vectors (no embedding model was ready). A version
   * without passages (an image whose words are not read yet) has nothing to embed and is not counted.
   */
  keywordOnlyVersions: number;
}

export async function checkConsistency(db: ThinkBankDb): Promise<ConsistencyReport> {
  return db.transaction('r', [db.documents, db.versions, db.chunks, db.vectors, db.jobs], async () => {
    const active = new Set(
      (await db.documents.toArray())
        .map(normalizeDocument)
        .flatMap((d) => (d.activeVersionId === undefined ? [] : [d.activeVersionId])),
    );
    const building = new Set(
      (
        await db.jobs
          .where('status')
          .anyOf([...ACTIVE_STATUSES])
          .toArray()
      )
        .map(normalizeJob)
        .map((j) => j.versionId),
    );
    const versions = new Map((await db.versions.toArray()).map((v) => [v.id, normalizeVersion(v)]));
    const chunkVersion = new Map<string, string>();
    // Picture passages carry the image–text model's vector, never the text model's.
    const pictures = new Set<string>();
    await db.chunks.each((c) => {
      chunkVersion.set(c.id, c.versionId);
      if (c.kind === 'image') pictures.add(c.id);
    });

    const vectorKeys = new Set<string>();
    let vectors = 0;
    let vectorsWithoutPassages = 0;
    await db.vectors.each((segment) => {
      for (const chunkId of segment.chunkIds) {
        vectors++;
        vectorKeys.add(`${segment.modelId}\u0000${chunkId}`);
        if (!chunkVersion.has(chunkId)) vectorsWithoutPassages++;
      }
    });

    let passagesWithoutVectors = 0;
    let orphanPassages = 0;
    for (const [chunkId, versionId] of chunkVersion) {
      if (!active.has(versionId) && !building.has(versionId)) orphanPassages++;
      const model = versions.get(versionId)?.vectorModelId;
      const needsVector = model !== undefined && !pictures.has(chunkId);
      if (active.has(versionId) && needsVector && !vectorKeys.has(`${model}\u0000${chunkId}`)) {
        passagesWithoutVectors++;
      }
    }
    const withPassages = new Set(chunkVersion.values());
    const keywordOnlyVersions = [...active].filter(
      (id) => withPassages.has(id) && versions.has(id) && versions.get(id)?.vectorModelId === undefined,
    ).length;
    return {
      passages: chunkVersion.size,
      vectors,
      passagesWithoutVectors,
      vectorsWithoutPassages,
      orphanPassages,
      keywordOnlyVersions,
    };
  });
}

/**
 * Whether any document's active version has passages but no vectors (ADR 0102): those wait for an
 * embedding model to get them in the background (ADR 0105). Stops at the first one found.
 */
export async function hasKeywordOnlyDocuments(db: ThinkBankDb): Promise<boolean> {
  return db.transaction('r', [db.documents, db.versions, db.chunks], async () => {
    for (const row of await db.documents.toArray()) {
      const id = normalizeDocument(row).activeVersionId;
      const versionRow = id === undefined ? undefined : await db.versions.get(id);
      const version = versionRow && normalizeVersion(versionRow);
      if (!version || version.vectorModelId !== undefined) continue;
      if ((await db.chunks.where('versionId').equals(version.id).count()) > 0) return true;
    }
    return false;
  });
}
