// The OCR seam (ADR 0072): a reader plugged into the pipeline gets each decoded, upright page of an image
// and its lines become passages of that page that keep their boxes. The reader here is the test's own
// stand-in for the OCR stage (issue 9), answering fixed lines; everything else is the real pipeline in
// Chromium over a real IndexedDB.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PeerMissingError } from '../../core/errors';
import type { ThinkBankDb } from '../../db/database';
import { getJob } from '../../db/repositories/jobs';
import { listChunks } from '../../db/repositories/passages';
import { getDocument } from '../../db/repositories/documents';
import { deleteDatabase, openFreshDatabase } from '../../testing/database';
import { IngestService, type EmbedPeer } from '../ingest-service';
import type { DecodedPage, TextLine } from './text-reader';

const noEmbedWorker: EmbedPeer = {
  info: () => Promise.reject(new PeerMissingError('embed')),
  embed: () => Promise.reject(new PeerMissingError('embed')),
  countTokens: () => Promise.reject(new PeerMissingError('embed')),
};

const FIXTURES = import.meta.glob<string>('../parsers/__fixtures__/images/*', {
  query: '?url',
  import: 'default',
  eager: true,
});

let db: ThinkBankDb;
let service: IngestService;
const seen: { page: number; width: number; height: number }[] = [];

async function readLines(page: DecodedPage): Promise<TextLine[]> {
  seen.push({ page: page.page, width: page.width, height: page.height });
  await Promise.resolve();
  return [
    { text: `Invoice total on page ${String(page.page)}`, box: [0.1, 0.1, 0.9, 0.2], confidence: 0.97 },
    { text: '   ', box: [0.1, 0.3, 0.2, 0.35], confidence: 0.2 },
  ];
}

beforeEach(async () => {
  seen.length = 0;
  db = await openFreshDatabase('thinkbank-ocr-seam');
  service = new IngestService(noEmbedWorker, {
    db,
    queue: { tickMs: 50, heartbeatMs: 50, staleMs: 400 },
    readImageText: readLines,
  });
});

afterEach(async () => {
  await service.stopQueue();
  await deleteDatabase(db);
});

describe('the image text seam', () => {
  it('turns each page’s lines into passages of that page with their boxes', async () => {
    const url = FIXTURES['../parsers/__fixtures__/images/two-pages.tif'] ?? '';
    const data = await (await fetch(url)).blob();
    const [outcome] = await service.add(
      [{ name: 'two-pages.tif', data }],
      { collectionId: 'default', maxFileBytes: 1024 * 1024 },
      new AbortController().signal,
    );
    if (outcome?.outcome !== 'added') throw new Error(JSON.stringify(outcome));
    await service.startQueue();
    await expect.poll(async () => (await getJob(db, outcome.jobId))?.status).toBe('succeeded');
    expect(seen).toEqual([
      { page: 1, width: 50, height: 70 },
      { page: 2, width: 50, height: 70 },
    ]);
    const job = await getJob(db, outcome.jobId);
    expect(job?.isImageOnly).toBe(false);
    const doc = await getDocument(db, outcome.documentId);
    const chunks = await listChunks(db, doc?.activeVersionId ?? '');
    const text = chunks.map((c) => c.text).join('\n');
    expect(text).toContain('Invoice total on page 1');
    expect(text).toContain('Invoice total on page 2');
    const pages = chunks.flatMap((c) => c.location.pages ?? []);
    expect(pages.map((p) => p.page).sort()).toEqual([1, 2]);
    for (const p of pages) expect(p.box).toEqual([0.1, 0.1, 0.9, 0.2]);
  });
});
