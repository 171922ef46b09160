// The passages of what the models that look at pictures made: a picture's own passage (kind `image`, no
// text, carrying the image–text model's vector) and descriptions (kind `caption`), of an image's page or a
// document's figure (ADR 0079). Their model calls run with the parse budget stopped.
import { estimateTokens } from './token-count';
import type { TokenCounter } from './exact-chunking';
import type { ThinkBankDb } from '../../db/database';
import type { IngestJob } from '../../db/repositories/jobs';
import { putVectorSegment } from '../../db/repositories/passages';
import type { ChunkRecord } from '../../db/types';
import type { Caption } from '../images/read-image';
import type { PictureVector } from '../images/text-reader';
import type { Budget } from '../parsers/options';

/**
 * A model call with the parse budget stopped. Reading words, describing and embedding pictures is model
 * work in the vision worker, watched there (long steps, ADR 0022) and stopped by the job's signal; the
 * budget, meant for parsers that spin, must not cut a slow device's model short while decoding stays
 * budgeted.
 */
export function excluded<A extends unknown[], R>(
  call: ((...args: A) => Promise<R>) | undefined,
  budget: Budget,
): ((...args: A) => Promise<R>) | undefined {
  return call && ((...args: A) => budget.exclude(() => call(...args)));
}

/** A picture's page as a passage without text: the whole picture its box, its vector the picture's. */
export function pictureRecords(
  pictures: readonly { readonly page: number }[],
  job: IngestJob,
  first: number,
): ChunkRecord[] {
  return pictures.map((picture, i) => ({
    id: crypto.randomUUID(),
    documentId: job.documentId,
    versionId: job.versionId,
    ordinal: first + i,
    kind: 'image',
    text: '',
    headingPath: [],
    location: { page: picture.page, pages: [{ page: picture.page, box: [0, 0, 1, 1] }] },
    tokenCount: 0,
  }));
}

/**
 * Stores the pictures' vectors, one segment per image–text model, after the text model's (whose stage
 * clears a version's vectors first). Picture passages and vectors pair by position.
 */
export async function storePictureVectors(
  db: ThinkBankDb,
  job: IngestJob,
  pictures: readonly PictureVector[],
  records: readonly ChunkRecord[],
): Promise<void> {
  const models = [...new Set(pictures.map((p) => p.modelId))];
  for (const [m, modelId] of models.entries()) {
    const rows = pictures.flatMap((p, i) =>
      p.modelId === modelId && records[i] ? [{ p, id: records[i].id }] : [],
    );
    const dims = rows[0]?.p.vector.length ?? 0;
    if (rows.length === 0 || dims === 0 || rows.some((r) => r.p.vector.length !== dims)) continue;
    const data = new Float32Array(rows.length * dims);
    rows.forEach((r, i) => {
      data.set(r.p.vector, i * dims);
    });
    await putVectorSegment(
      db,
      {
        modelId,
        documentId: job.documentId,
        versionId: job.versionId,
        dimensions: dims,
        chunkIds: rows.map((r) => r.id),
        vectors: data,
      },
      // Past any rows of the text model (which start at 0): picture segments never share an id with them.
      1_000_000 * (m + 1),
    );
  }
}

/** A description as a passage: of its page (an image file, the whole picture its box) or of its block (a figure). */
export async function captionRecords(
  captions: readonly Caption[],
  job: IngestJob,
  textChunks: readonly ChunkRecord[],
  counter: TokenCounter,
  signal: AbortSignal,
): Promise<ChunkRecord[]> {
  const first = textChunks.length;
  if (captions.length === 0) return [];
  const texts = captions.map((c) => c.text);
  const counts = counter.count ? await counter.count(texts, signal) : texts.map(estimateTokens);
  return captions.map((caption, i): ChunkRecord => {
    // A figure's description sits where the figure does: its block, under the headings of the passage there.
    const around =
      caption.block !== undefined
        ? textChunks.find(
            (c) =>
              c.location.anchor !== undefined &&
              c.location.anchor.blockStart <= (caption.block ?? 0) &&
              (caption.block ?? 0) <= c.location.anchor.blockEnd,
          )
        : undefined;
    const location: ChunkRecord['location'] =
      caption.page !== undefined
        ? { page: caption.page, pages: [{ page: caption.page, box: [0, 0, 1, 1] }] }
        : { anchor: { blockStart: caption.block ?? 0, blockEnd: caption.block ?? 0 } };
    return {
      id: crypto.randomUUID(),
      documentId: job.documentId,
      versionId: job.versionId,
      ordinal: first + i,
      kind: 'caption',
      text: caption.text,
      headingPath: [...(around?.headingPath ?? [])],
      location,
      tokenCount: counts[i] ?? estimateTokens(caption.text),
    };
  });
}
