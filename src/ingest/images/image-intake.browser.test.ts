// Image files through the real ingest worker in real Chromium, over a real IndexedDB: each file becomes an
// image document with its thumbnail and EXIF facts, or fails alone with a plain reason (issue 9, items 1
// and 6). The fixtures are small files made by scripts/fixtures/make-image-fixtures.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from '../../db/database';
import { checkConsistency } from '../../db/repositories/consistency';
import { getDocument } from '../../db/repositories/documents';
import { getJob } from '../../db/repositories/jobs';
import { setSetting } from '../../db/repositories/settings';
import type { DocumentRecord } from '../../db/types';
import { Supervisor } from '../../services/supervisor';
import { workerFactories } from '../../services/worker-factories';
import { deleteDatabase, openFreshDatabase } from '../../testing/database';
import type { IntakeOutcome } from '../../../workers/contracts/ingest';
import { KEEP_IMAGE_LOCATION_KEY } from '../ingest-keys';
import { readExif } from './exif';

const FIXTURES = import.meta.glob<string>('../parsers/__fixtures__/images/*', {
  query: '?url',
  import: 'default',
  eager: true,
});

async function fixture(name: string): Promise<Blob> {
  const url = FIXTURES[`../parsers/__fixtures__/images/${name}`];
  if (url === undefined) throw new Error(`no fixture ${name}`);
  return (await fetch(url)).blob();
}

let db: ThinkBankDb;
let supervisor: Supervisor;

beforeEach(async () => {
  db = await openFreshDatabase('thinkbank-images');
  supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 30_000 } });
  await supervisor.client('search').open({ databaseName: db.name, watch: false });
  await supervisor.client('ingest').open({ databaseName: db.name });
});

afterEach(async () => {
  await supervisor.client('ingest').stopQueue();
  supervisor.dispose();
  await deleteDatabase(db);
});

async function add(...names: string[]): Promise<IntakeOutcome[]> {
  const files = await Promise.all(names.map(async (name) => ({ name, data: await fixture(name) })));
  const outcomes = await supervisor
    .client('ingest')
    .add(files, { collectionId: 'default', maxFileBytes: 10 * 1024 * 1024 });
  await supervisor.client('ingest').startQueue();
  return outcomes;
}

/** Waits until the job has ended, and answers it with its document. */
async function settled(outcome: IntakeOutcome | undefined) {
  if (outcome?.outcome !== 'added') throw new Error(`not added: ${JSON.stringify(outcome)}`);
  await expect
    .poll(async () => (await getJob(db, outcome.jobId))?.status, { timeout: 30_000 })
    .toMatch(/succeeded|failed/);
  const job = await getJob(db, outcome.jobId);
  const doc = await getDocument(db, outcome.documentId);
  if (!job || !doc) throw new Error('job or document missing');
  return { job, doc };
}

async function pixelSize(blob: Blob | undefined) {
  if (!blob) throw new Error('no thumbnail');
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

/** The colour at a point of a thumbnail, as [r, g, b]. */
async function colourAt(blob: Blob | undefined, x: number, y: number): Promise<number[]> {
  if (!blob) throw new Error('no thumbnail');
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  context.drawImage(bitmap, 0, 0);
  return [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
}

const isRed = ([r = 0, g = 0, b = 0]: number[]) => r > 180 && g < 80 && b < 80;

describe('image intake in the ingest worker', () => {
  it('makes a photo an image document: upright, with its capture date and a thumbnail, no GPS', async () => {
    const [outcome] = await add('photo-exif.jpg');
    const { job, doc } = await settled(outcome);
    expect(job).toMatchObject({ status: 'succeeded', isImageOnly: true, counts: { pages: 1, passages: 0 } });
    expect(doc).toMatchObject({ type: 'image', status: 'ready', mimeType: 'image/jpeg' });
    // Stored 64 × 32 with orientation 6: upright it is 32 × 64, and the red corner is now top-right.
    expect(doc.image).toMatchObject({ width: 32, height: 64, pages: 1 });
    expect(doc.image?.thumbnail?.type).toBe('image/webp');
    expect(await pixelSize(doc.image?.thumbnail)).toEqual({ width: 32, height: 64 });
    expect(isRed(await colourAt(doc.image?.thumbnail, 28, 4))).toBe(true);
    expect(isRed(await colourAt(doc.image?.thumbnail, 4, 4))).toBe(false);
    expect(doc.date).toBe(Date.UTC(2019, 4, 4, 11, 22, 10));
    expect(doc.image?.location).toBeUndefined();
    // The stored file itself holds no GPS position any more.
    const stored = await db.blobs.get(doc.contentHash);
    const bytes = new Uint8Array(await (stored?.data ?? new Blob()).arrayBuffer());
    expect(readExif(bytes, 'jpeg')).toMatchObject({ orientation: 6, hasGps: false });
    // No passages, so nothing waits for vectors either.
    expect(await checkConsistency(db)).toMatchObject({
      passages: 0,
      orphanPassages: 0,
      keywordOnlyVersions: 0,
    });
  });

  it('keeps where a photo was taken when the person chose to', async () => {
    await setSetting(db, KEEP_IMAGE_LOCATION_KEY, true);
    const { doc } = await settled((await add('photo-exif.jpg'))[0]);
    expect(doc.image?.location?.latitude).toBeCloseTo(52.52, 3);
    expect(doc.image?.location?.longitude).toBeCloseTo(13.41, 3);
  });

  it('reads every format the browser decodes, and a two-page TIFF as two pages', async () => {
    const names = ['sample.webp', 'sample.bmp', 'sample.avif', 'cmyk.jpg', 'deep-16bit.png', 'two-pages.tif'];
    const outcomes = await add(...names);
    const docs: DocumentRecord[] = [];
    for (const outcome of outcomes) {
      const { job, doc } = await settled(outcome);
      expect(job.status, `${doc.sourceName}: ${job.error?.message ?? ''}`).toBe('succeeded');
      docs.push(doc);
    }
    const byName = Object.fromEntries(docs.map((d) => [d.sourceName, d]));
    expect(byName['two-pages.tif']?.image).toMatchObject({ width: 50, height: 70, pages: 2 });
    expect(byName['deep-16bit.png']?.image).toMatchObject({ width: 40, height: 30 });
    expect(byName['cmyk.jpg']?.image).toMatchObject({ width: 48, height: 48 });
    for (const doc of docs) {
      expect(doc.type).toBe('image');
      expect((await pixelSize(doc.image?.thumbnail)).width).toBeGreaterThan(0);
    }
  });

  it('keeps the first frame of an animated GIF and says so', async () => {
    const { job, doc } = await settled((await add('animated.gif'))[0]);
    expect(job.status).toBe('succeeded');
    expect(job.warnings).toContain('An animated image: only its first frame is kept.');
    expect(isRed(await colourAt(doc.image?.thumbnail, 12, 12))).toBe(true);
  });

  it('keeps a cleaned SVG as its thumbnail and its text as a passage', async () => {
    const { job, doc } = await settled((await add('hostile.svg'))[0]);
    expect(job).toMatchObject({ status: 'succeeded', isImageOnly: false, counts: { passages: 1 } });
    const markup = await doc.image?.thumbnail?.text();
    expect(markup).toContain('<rect');
    expect(markup).not.toMatch(/script|onload|tracker\.invalid|javascript:/i);
    const chunks = await db.chunks
      .where('versionId')
      .equals(doc.activeVersionId ?? '')
      .toArray();
    expect(chunks.map((c) => c.text)).toEqual(['Quarterly harvest']);
  });

  it('fails each bad file alone, with a plain reason, and the good one beside them succeeds', async () => {
    const outcomes = await add('pixel-bomb.png', 'truncated.jpg', 'photo.heic', 'sample.webp', 'empty.png');
    expect(outcomes[4]).toEqual({
      name: 'empty.png',
      outcome: 'rejected',
      message: 'Not added: the file is empty.',
    });
    const [bomb, cut, heic, good] = await Promise.all(outcomes.slice(0, 4).map(settled));
    expect(bomb?.job.status).toBe('failed');
    expect(bomb?.job.error?.message).toBe(
      'This image is 30,000 × 30,000 pixels (900 million); ThinkBank reads images of up to 67 million pixels. Scale it down and add it again.',
    );
    expect(cut?.job.status).toBe('failed');
    expect(cut?.job.error?.message).toMatch(/cut short/);
    expect(heic?.job.status).toBe('failed');
    expect(heic?.job.error?.message).toBe(
      'This is a HEIC image; this browser cannot read HEIC. Export it as JPEG or PNG and add it again.',
    );
    for (const failed of [bomb, cut, heic]) expect(failed?.doc.status).toBe('failed');
    expect(good?.job.status).toBe('succeeded');
    expect(good?.doc.status).toBe('ready');
  });

  it('fails a TIFF whose directories loop instead of following them forever', async () => {
    // One 10 × 10 directory whose "next directory" is itself.
    const looping = new Uint8Array([
      0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 2, 0, 0, 1, 3, 0, 1, 0, 0, 0, 10, 0, 0, 0, 1, 1, 3, 0, 1, 0, 0, 0, 10,
      0, 0, 0, 8, 0, 0, 0,
    ]);
    const [outcome] = await supervisor
      .client('ingest')
      .add([{ name: 'loop.tif', data: new Blob([looping]) }], {
        collectionId: 'default',
        maxFileBytes: 1024,
      });
    await supervisor.client('ingest').startQueue();
    const { job } = await settled(outcome);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toBe(
      'The file is damaged or not what its type says, so it cannot be read (its TIFF directories point back at each other).',
    );
  });
});
