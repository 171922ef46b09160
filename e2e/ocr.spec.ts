// Reading text in pictures: PP-OCRv4 with its trained weights, copied into the build under models/ and
// loaded into the real vision worker on first use. On the Models page a read can be stopped mid-page and
// the worker goes on; a photographed page of a paper then reads back with its title and affiliations, in
// reading order. In the Library, a photographed page becomes passages that keep each line's box, and a
// word printed only in the picture finds it.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, test } from './fixtures';
import { openLibrary, readAll } from './library-page';
import { TaskCard, useThisSite } from './model-cards';
import { docxWithFigures } from '../src/ingest/parsers/__fixtures__/docx-with-figure';

const CORPUS = join(import.meta.dirname, '../../shared/data/pdf-corpus');
const DOCX_DIR = join(import.meta.dirname, '../../shared/data/docx-mammoth-testdata');
const COCO_DIR = join(import.meta.dirname, '../../shared/data/coco-val2017-mini/images');
const COCO_PHOTO = join(
  COCO_DIR,
  readdirSync(COCO_DIR)
    .filter((f) => f.endsWith('.jpg'))
    .sort()[0] ?? 'missing.jpg',
);
const PHOTO = join(import.meta.dirname, '../../shared/data/ocr-pages/images/pdfjs_tracemonkey_p1_photo.jpg');

test.describe('Reading text in pictures', () => {
  test('stops mid-page when asked, then reads a photographed page in reading order', async ({ page }) => {
    // Two page reads on the processor: slow on a small, busy machine.
    test.slow();
    await page.goto('./#/models');
    const section = page.getByRole('region', { name: 'Reading text in pictures' });
    const status = section.getByTestId('ocr-status');
    const choose = section.getByLabel('Choose a picture to read');

    await choose.setInputFiles(PHOTO);
    await expect(status).toHaveText(/^(Finding the lines|Reading line)/, { timeout: 0 });
    await section.getByRole('button', { name: 'Stop reading' }).click();
    await expect(status).toHaveText('Stopped.');
    await expect(section.getByTestId('ocr-text')).toHaveCount(0);

    await choose.setInputFiles(PHOTO);
    await expect(status).toHaveText(/^Read \d+ lines in \d+ blocks in [\d.]+ s\.$/, { timeout: 0 });
    const text = await section.getByTestId('ocr-text').innerText();
    expect(text).toContain('Trace-based Just-in-Time Type Specialization for Dynamic');
    expect(text).toContain('Mozilla Corporation');
    // The abstract (left column) comes before the introduction below it: blocks are in reading order.
    expect(text.indexOf('Abstract')).toBeGreaterThan(-1);
    expect(text.indexOf('Abstract')).toBeLessThan(text.indexOf('Introduction'));
  });
});

interface StoredChunk {
  text: string;
  location: { page?: number; pages?: { page: number; box: number[] }[]; anchor?: { blockStart: number } };
}

test.describe('Ingestion: words in pictures', () => {
  test('a photographed page is read into passages with boxes, and found by a word printed in it', async ({
    page,
  }) => {
    test.slow();
    await openLibrary(page);
    await page.getByLabel('Choose files').setInputFiles(PHOTO);
    const row = page
      .getByRole('table', { name: 'Documents' })
      .getByRole('row')
      .filter({ hasText: 'tracemonkey' });
    await expect(row).toContainText(/Ready|Failed/, { timeout: 0 });
    if ((await row.innerText()).includes('Failed')) {
      const jobs = await readAll<{ fileName: string; error?: { message: string } }>(page, 'jobs');
      throw new Error(
        `The page was not read: ${jobs.find((j) => j.fileName.includes('tracemonkey'))?.error?.message ?? ''}`,
      );
    }

    const chunks = await readAll<StoredChunk>(page, 'chunks');
    const named = chunks.find((c) => c.text.includes('Haghighat'));
    expect(named, 'a passage holds the name printed on the page').toBeDefined();
    const box = named?.location.pages?.[0]?.box ?? [];
    expect(named?.location.pages?.[0]?.page).toBe(1);
    expect(box).toHaveLength(4);
    for (const edge of box) {
      expect(edge).toBeGreaterThanOrEqual(0);
      expect(edge).toBeLessThanOrEqual(1);
    }

    await page.goto('./#/search');
    await page.getByRole('searchbox', { name: 'Search your documents' }).fill('Haghighat');
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('listitem').filter({ hasText: 'tracemonkey' }).first();
    await expect(hit).toBeVisible();
    // The hit opens the photo itself with the box of the line read from it drawn over it.
    await hit.getByRole('button').first().click();
    await expect(page.getByRole('img', { name: 'The passage in this picture' }).first()).toBeVisible();
    const shown = page.locator('figure.page img');
    await expect(shown).toHaveJSProperty('complete', true);
    expect(await shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(256);
  });
});

test.describe('Ingestion: scanned PDF pages', () => {
  test('pages without a text layer, or with a garbled one, are drawn in the worker and read', async ({
    page,
  }) => {
    // Four scanned pages and eight of a Russian form, read on the processor: slow on a busy machine.
    test.slow();
    await openLibrary(page);
    const files = [
      'ocrmypdf/c02-22.pdf',
      'ocrmypdf/jbig2.pdf',
      'ocrmypdf/rotated_skew.pdf',
      'pdfjs/issue12963.pdf',
    ];
    await page.getByLabel('Choose files').setInputFiles(files.map((f) => join(CORPUS, f)));
    // Rows are named by title: a PDF's own (rotated_skew.pdf says "Untitled"), else the file's name.
    const rows = page.getByRole('table', { name: 'Documents' }).getByRole('row');
    await expect(rows.filter({ hasText: /Ready|Failed/ })).toHaveCount(files.length, { timeout: 0 });
    const jobs = await readAll<{ fileName: string; status: string; error?: { message: string } }>(
      page,
      'jobs',
    );
    expect(
      jobs.filter((j) => j.status === 'failed').map((j) => `${j.fileName}: ${j.error?.message ?? ''}`),
    ).toEqual([]);

    const chunks = await readAll<StoredChunk & { documentId: string }>(page, 'chunks');
    // A JPEG scan, a JBIG2 scan (pdf.js's WASM decoder served by the app), and the same page turned by
    // /Rotate and skewed: each reads back its printed words, with a box on page 1.
    const scrouched = chunks.find((c) => c.text.includes('scrouched'));
    expect(scrouched?.location.pages?.[0]?.page).toBe(1);
    expect(
      chunks.filter((c) => c.text.includes('state-of-the-art composition')).length,
    ).toBeGreaterThanOrEqual(2);
    // The Russian form's scanner left Latin look-alikes as its text layer ("Hanorosas" for «Налоговая»):
    // it is judged garbled and the page pictures are read instead, so those words are gone.
    expect(chunks.some((c) => c.text.includes('Hanorosas'))).toBe(false);

    await page.goto('./#/search');
    await page.getByRole('searchbox', { name: 'Search your documents' }).fill('scrouched');
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('listitem').filter({ hasText: 'c02-22' }).first();
    await expect(hit).toBeVisible();
    // The hit opens the scanned page, drawn by pdf.js in the page, with the read passage's box over it.
    await hit.getByRole('button').first().click();
    await expect(page.getByRole('img', { name: 'The passage on this page' }).first()).toBeVisible();
    await expect(page.getByLabel('Page 1', { exact: true })).toBeVisible();
  });
});

test.describe('Ingestion: pictures described', () => {
  test('with a captioning model loaded, a photo gets a description passage and is found by its words', async ({
    page,
  }, info) => {
    test.slow();
    await useThisSite(page);
    await TaskCard.load(page, 'Image descriptions', 'test/captioner', info.project.name);
    await openLibrary(page);
    await page.getByLabel('Choose files').setInputFiles(COCO_PHOTO);
    const rows = page.getByRole('table', { name: 'Documents' }).getByRole('row');
    await expect(rows.filter({ hasText: /Ready|Failed/ })).toHaveCount(1, { timeout: 0 });

    const chunks = await readAll<StoredChunk & { kind: string }>(page, 'chunks');
    const captions = chunks.filter((c) => c.kind === 'caption');
    // The random-weight captioner's words are noise, but they are its words, stored as the photo's passage.
    expect(captions).toHaveLength(1);
    const caption = captions[0];
    expect(caption?.text.trim().length).toBeGreaterThan(0);
    expect(caption?.location.pages).toEqual([{ page: 1, box: [0, 0, 1, 1] }]);

    const word = (caption?.text.match(/\p{L}{4,}/u) ?? [''])[0];
    await page.goto('./#/search');
    await page.getByRole('radio', { name: 'Exact words' }).check();
    await page.getByRole('searchbox', { name: 'Search your documents' }).fill(word);
    const results = page.getByRole('list', { name: 'Search results' });
    const name = basename(COCO_PHOTO);
    await expect(results.getByRole('listitem').filter({ hasText: name }).first()).toBeVisible();

    // A Word file's pictures are described too, each where it sits, and a picture's alt text is text.
    await openLibrary(page);
    const tiny = readFileSync(join(DOCX_DIR, 'tiny-picture.docx'));
    await page.getByLabel('Choose files').setInputFiles({
      name: 'field-notes.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(await docxWithFigures(tiny)),
    });
    await expect(rows.filter({ hasText: /Ready|Failed/ })).toHaveCount(2, { timeout: 0 });
    const all = await readAll<StoredChunk & { kind: string; headingPath: string[] }>(page, 'chunks');
    const figures = all.filter((c) => c.kind === 'caption' && c.location.anchor !== undefined);
    expect(figures).toHaveLength(2);
    expect(figures.map((f) => f.headingPath)).toEqual([['Field notes'], ['Field notes']]);
    expect(all.some((c) => c.kind === 'text' && c.text.includes('Figure: A red kite over the dunes'))).toBe(
      true,
    );
  });
});

test.describe('Ingestion: pictures found by what they show', () => {
  test('with an image search model loaded, a photo gets a picture vector and a text query finds it', async ({
    page,
  }, info) => {
    test.slow();
    await useThisSite(page);
    await TaskCard.load(page, 'Image search', 'test/clip', info.project.name);
    await openLibrary(page);
    await page.getByLabel('Choose files').setInputFiles(COCO_PHOTO);
    const rows = page.getByRole('table', { name: 'Documents' }).getByRole('row');
    await expect(rows.filter({ hasText: /Ready|Failed/ })).toHaveCount(1, { timeout: 0 });

    const chunks = await readAll<StoredChunk & { id: string; kind: string }>(page, 'chunks');
    const pictures = chunks.filter((c) => c.kind === 'image');
    expect(pictures).toHaveLength(1);
    const vectors = await readAll<{ modelId: string; chunkIds: string[]; dimensions: number }>(
      page,
      'vectors',
    );
    const picture = vectors.find((v) => v.chunkIds.includes(pictures[0]?.id ?? ''));
    expect(picture?.modelId).toBe('test-clip');

    // No text embedding model is loaded: the picture's vector is what finds the photo by meaning.
    await page.goto('./#/search');
    await page.getByRole('radio', { name: 'Meaning only' }).check();
    await page
      .getByRole('searchbox', { name: 'Search your documents' })
      .fill('two people walking a dog on the beach');
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results
      .getByRole('listitem')
      .filter({ hasText: basename(COCO_PHOTO) })
      .first();
    await expect(hit).toBeVisible();
    await hit.getByRole('button').first().click();
    await expect(page.getByRole('img', { name: 'The passage in this picture' }).first()).toBeVisible();
  });
});
