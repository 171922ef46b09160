// How a job is described on the Activity page: status and stage in words, and one overall progress
// figure across the stages (weighted by how long each usually takes).
import type { IngestJob } from '../../db/repositories/jobs';
import type { JobStage } from '../../db/types';

const STAGE_SPAN: Record<JobStage, [number, number]> = {
  parse: [0, 0.25],
  chunk: [0.25, 0.35],
  embed: [0.35, 0.95],
  index: [0.95, 1],
  done: [1, 1],
};

export function overallPercent(job: IngestJob): number {
  if (job.status === 'succeeded') return 100;
  const [from, to] = STAGE_SPAN[job.stage];
  return Math.round((from + (to - from) * job.progress) * 100);
}

const STAGE_LABEL: Record<JobStage, string> = {
  parse: 'Reading the file',
  chunk: 'Cutting into passages',
  embed: 'Computing vectors',
  index: 'Adding to search',
  done: 'Done',
};

/** An image stored without passages: the OCR found no printed text in it (ADR 0076). */
export const IMAGE_ONLY = 'Image added; no printed text was found in it';

export function statusWords(job: IngestJob): string {
  switch (job.status) {
    case 'queued':
      if (job.attempts > 0) return `Waiting to resume (attempt ${String(job.attempts + 1)})`;
      return job.rebuildOf === undefined ? 'Waiting' : 'Waiting to add meaning-based search';
    case 'running':
      return STAGE_LABEL[job.stage];
    case 'succeeded':
      if (job.isImageOnly) return IMAGE_ONLY;
      if (job.isKeywordOnly) return 'Done, keyword search only (no embedding model was ready)';
      return job.rebuildOf === undefined ? 'Done' : 'Done, meaning-based search added';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'needs-password':
      return 'Needs the password';
  }
}

export function countsWords(job: IngestJob): string {
  const parts: string[] = [];
  const { pages, passages, embedded } = job.counts;
  if (pages !== undefined) parts.push(`${String(pages)} page${pages === 1 ? '' : 's'}`);
  if (passages !== undefined) parts.push(`${String(passages)} passage${passages === 1 ? '' : 's'}`);
  if (embedded !== undefined && passages !== undefined)
    parts.push(`${String(embedded)} of ${String(passages)} with vectors`);
  return parts.join(', ');
}
