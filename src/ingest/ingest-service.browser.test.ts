import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PeerMissingError } from '../core/errors';
import { ThinkBankDb } from '../db/database';
import { checkConsistency } from '../db/repositories/consistency';
import { getDocument } from '../db/repositories/documents';
import { getJob, listJobs, putJob } from '../db/repositories/jobs';
import { listChunks } from '../db/repositories/passages';
import { IngestService, type EmbedPeer } from './ingest-service';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

// Without an embed worker connected, the real answer is PeerMissingError: the keyword-only path.
const noEmbedWorker: EmbedPeer = {
  info: () => Promise.reject(new PeerMissingError('embed')),
  embed: () => Promise.reject(new PeerMissingError('embed')),
  countTokens: () => Promise.reject(new PeerMissingError('embed')),
};

let db: ThinkBankDb;
let service: IngestService;

beforeEach(async () => {
  db = await openFreshDatabase();
  service = new IngestService(noEmbedWorker, { db, queue: { tickMs: 50, heartbeatMs: 50, staleMs: 400 } });
});

afterEach(async () => {
  await service.stopQueue();
  await deleteDatabase(db);
});

const note = (name: string, text: string) => ({ name, data: new Blob([text], { type: 'text/markdown' }) });
const options = { collectionId: 'default', maxFileBytes: 1024 * 1024 };

async function settled(jobId: string) {
  await expect
    .poll(async () => (await getJob(db, jobId))?.status, { timeout: 10_000 })
    .not.toMatch(/queued|running/);
  return getJob(db, jobId);
}

describe('IngestService', () => {
  describe('add', () => {
    it('stores a note and turns it into passages when the queue runs', async () => {
      const [outcome] = await service.add(
        [note('plan.md', '# Plan\n\nSeeds in *March*.\n\n- beans\n- peas')],
        options,
        new AbortController().signal,
      );
      if (outcome?.outcome !== 'added') throw new Error(`not added: ${JSON.stringify(outcome)}`);
      await service.startQueue();
      const job = await settled(outcome.jobId);
      expect(job?.status).toBe('succeeded');
      expect(job?.isKeywordOnly).toBe(true);
      const doc = await getDocument(db, outcome.documentId);
      expect(doc?.status).toBe('ready');
      expect(doc?.type).toBe('markdown');
      const chunks = await listChunks(db, doc?.activeVersionId ?? '');
      expect(chunks.map((c) => c.text).join(' ')).toContain('Seeds in March');
      expect(await checkConsistency(db)).toMatchObject({
        passagesWithoutVectors: 0,
        vectorsWithoutPassages: 0,
        orphanPassages: 0,
      });
    });

    it('skips identical content and names the document it matches', async () => {
      const signal = new AbortController().signal;
      await service.add([note('a.md', 'same words')], options, signal);
      const [again] = await service.add([note('b.md', 'same words')], options, signal);
      expect(again).toMatchObject({
        outcome: 'duplicate',
        message: 'Skipped: already in your library as “a.md”.',
      });
    });

    it('refuses a file over the size limit with the limit in the message', async () => {
      const [outcome] = await service.add(
        [note('big.md', 'x'.repeat(2048))],
        { ...options, maxFileBytes: 1024 },
        new AbortController().signal,
      );
      expect(outcome?.outcome).toBe('rejected');
      expect(outcome && 'message' in outcome ? outcome.message : '').toContain(
        'larger than the limit of 1.0 KB',
      );
    });

    it('makes a changed file with the same name a new version and drops the old passages at the switch', async () => {
      const signal = new AbortController().signal;
      await service.startQueue();
      const [first] = await service.add([note('n.md', 'old apples')], options, signal);
      if (first?.outcome !== 'added') throw new Error('not added');
      await settled(first.jobId);
      const [second] = await service.add([note('n.md', 'new oranges')], options, signal);
      if (second?.outcome !== 'new-version') throw new Error(`not a version: ${JSON.stringify(second)}`);
      expect(second.versionNumber).toBe(2);
      await settled(second.jobId);
      const doc = await getDocument(db, first.documentId);
      const texts = (await db.chunks.toArray()).map((c) => c.text).join(' ');
      expect(texts).toContain('new oranges');
      expect(texts).not.toContain('old apples');
      expect(doc?.activeVersionId).toBe((await getJob(db, second.jobId))?.versionId);
      expect(await checkConsistency(db)).toMatchObject({ orphanPassages: 0, vectorsWithoutPassages: 0 });
    });
  });

  describe('queue', () => {
    it('puts back a running job whose heartbeat stopped, then fails it after three interruptions', async () => {
      const [outcome] = await service.add(
        [note('s.md', 'stale text')],
        options,
        new AbortController().signal,
      );
      if (outcome?.outcome !== 'added') throw new Error('not added');
      const job = await getJob(db, outcome.jobId);
      if (!job) throw new Error('no job');
      // A run from a tab that closed: running, owned by nobody alive, heartbeat long ago, two attempts used.
      await putJob(db, { ...job, status: 'running', runId: 'gone', heartbeatAt: 1, attempts: 2 });
      await service.startQueue();
      const failed = await settled(outcome.jobId);
      expect(failed?.status).toBe('failed');
      expect(failed?.error?.message).toContain('stopped 3 times');
      await service.retry(outcome.jobId);
      expect((await settled(outcome.jobId))?.status).toBe('succeeded');
    });

    it('cancels a queued job and leaves no passages; pause keeps jobs queued until resume', async () => {
      const signal = new AbortController().signal;
      await service.pause();
      await service.startQueue();
      const [a, b] = await service.add([note('c.md', 'cancel me'), note('d.md', 'keep me')], options, signal);
      if (a?.outcome !== 'added' || b?.outcome !== 'added') throw new Error('not added');
      await service.cancel(a.jobId);
      expect((await getJob(db, a.jobId))?.status).toBe('cancelled');
      expect((await getJob(db, b.jobId))?.status).toBe('queued');
      await service.resume();
      expect((await settled(b.jobId))?.status).toBe('succeeded');
      expect((await listJobs(db)).map((j) => j.status).sort()).toEqual(['cancelled', 'succeeded']);
      expect(await checkConsistency(db)).toMatchObject({ orphanPassages: 0 });
    });
  });
});
