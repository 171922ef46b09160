// Image intake in the production build (issue 9, items 1 and 6): real photos from the shared COCO sample
// and the generated bad-input fixtures go in through the Library's picker together. Each photo becomes an
// image document with a thumbnail that the Library shows; each bad file ends in its own clear state (not
// added, or failed with its reason on the Activity page) and nothing else is affected. The cleaned SVG is
// found by the words it carries and shown with its thumbnail, and nothing it references is ever fetched.
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DATA, openLibrary, readAll } from './library-page';

const FIXTURES = join(import.meta.dirname, '../src/ingest/parsers/__fixtures__/images');
/** Three COCO photos and their sizes (one portrait). */
const PHOTO_SIZES: Record<string, string> = {
  '000000000139.jpg': '640 × 426',
  '000000011813.jpg': '333 × 500',
  '000000018575.jpg': '640 × 480',
};
const PHOTOS = Object.keys(PHOTO_SIZES).map((name) => join(DATA, 'coco-val2017-mini/images', name));
const GOOD = ['photo-exif.jpg', 'two-pages.tif', 'hostile.svg', 'animated.gif', 'cmyk.jpg', 'deep-16bit.png'];
const BAD = ['truncated.jpg', 'pixel-bomb.png', 'photo.heic'];
/** A photo ends either with the words the OCR found in it, or saying it found none. */
const PHOTO_STATE = /Ready|Image added; no printed text was found in it/;

interface StoredJob {
  fileName: string;
  status: string;
  error?: { message: string };
}

async function waitSettled(page: Page, expected: number): Promise<Map<string, StoredJob>> {
  await expect
    .poll(
      async () => {
        const jobs = await readAll<StoredJob>(page, 'jobs');
        return jobs.length === expected && jobs.every((j) => !['queued', 'running'].includes(j.status));
      },
      // Every image goes through the OCR (loaded on first use): slow on a small, busy machine.
      { timeout: 0, intervals: [500] },
    )
    .toBe(true);
  const jobs = await readAll<StoredJob>(page, 'jobs');
  return new Map(jobs.map((j) => [j.fileName, j]));
}

/** The thumbnail of a row has been decoded by the browser (a broken image has no natural width). */
async function expectThumbnail(row: Locator) {
  const image = row.locator('img');
  await expect(image).toHaveCount(1);
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
}

test.describe('Ingestion: images', () => {
  test('photos become image items with thumbnails; each bad file ends alone in a clear state', async ({
    page,
  }) => {
    const outside: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('tracker.invalid')) outside.push(request.url());
    });
    await openLibrary(page);
    await page
      .getByLabel('Choose files')
      .setInputFiles([...PHOTOS, ...[...GOOD, ...BAD, 'empty.png'].map((name) => join(FIXTURES, name))]);
    const added = page.getByRole('list', { name: 'Files just added' });
    await expect(added).toBeVisible({ timeout: 0 });
    await expect(added.getByRole('listitem').filter({ hasText: 'empty.png' })).toContainText(
      'Not added: the file is empty.',
    );

    const jobs = await waitSettled(page, PHOTOS.length + GOOD.length + BAD.length);
    for (const name of [...PHOTOS.map((p) => p.split('/').pop() ?? ''), ...GOOD]) {
      expect(jobs.get(name)?.status, `${name}: ${jobs.get(name)?.error?.message ?? ''}`).toBe('succeeded');
    }
    for (const name of BAD) expect(jobs.get(name)?.status, name).toBe('failed');

    const docs = page.getByRole('table', { name: 'Documents' });
    const row = (name: string) => docs.getByRole('row').filter({ hasText: name });
    for (const photo of PHOTOS) {
      const name = photo.split('/').pop() ?? '';
      await expect(row(name)).toContainText(PHOTO_STATE);
      await expect(row(name)).toContainText(`image, ${PHOTO_SIZES[name] ?? ''}`);
      await expectThumbnail(row(name));
    }
    await expect(row('photo-exif.jpg')).toContainText('image, 32 × 64');
    await expect(row('photo-exif.jpg')).toContainText('taken');
    await expect(row('two-pages.tif')).toContainText('2 pages');
    await expectThumbnail(row('two-pages.tif'));
    await expectThumbnail(row('hostile.svg'));
    await expect(row('hostile.svg')).toContainText('Ready');
    for (const name of BAD) {
      await expect(row(name)).toContainText('Failed (see Activity)');
      await expect(row(name).locator('img')).toHaveCount(0);
    }
    const axe = await new AxeBuilder({ page }).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id} ${v.help} (${String(v.nodes.length)})`)).toEqual([]);

    await page.goto('./#/activity');
    const imports = page.getByRole('list', { name: 'Imports' });
    await expect(imports.getByRole('listitem', { name: 'pixel-bomb.png' })).toContainText(
      'This image is 30,000 × 30,000 pixels (900 million); ThinkBank reads images of up to 67 million pixels.',
    );
    await expect(imports.getByRole('listitem', { name: 'truncated.jpg' })).toContainText('cut short');
    await expect(imports.getByRole('listitem', { name: 'photo.heic' })).toContainText(
      'This is a HEIC image; this browser cannot read HEIC. Export it as JPEG or PNG and add it again.',
    );
    await expect(imports.getByRole('listitem', { name: 'animated.gif' })).toContainText(
      'only its first frame is kept',
    );
    await expect(imports.getByRole('listitem', { name: PHOTOS[0]?.split('/').pop() ?? '' })).toContainText(
      /Done|Image added; no printed text was found in it/,
    );

    // The drawing's words are searchable; its result shows the cleaned drawing as a thumbnail.
    await page.goto('./#/search');
    await page.getByRole('searchbox', { name: 'Search your documents' }).fill('quarterly harvest');
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('listitem').filter({ hasText: 'hostile.svg' }).first();
    await expect(hit).toBeVisible();
    await expectThumbnail(hit);
    expect(outside).toEqual([]);

    await page.goto('./#/diagnostics');
    await page.getByRole('button', { name: 'Check consistency' }).click();
    await expect(page.getByTestId('passages-without-vectors')).toHaveText('0');
    await expect(page.getByTestId('vectors-without-passages')).toHaveText('0');
    await expect(page.getByTestId('orphan-passages')).toHaveText('0');
    // Documents with passages and no embedding model are keyword only: the drawing, and any photo in which
    // the OCR found printed words; photos without passages wait for nothing.
    const chunks = await readAll<{ documentId: string }>(page, 'chunks');
    const withPassages = new Set(chunks.map((c) => c.documentId)).size;
    expect(withPassages).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('keyword-only-documents')).toHaveText(String(withPassages));
  });

  test('keeps where a photo was taken only when the person chose to', async ({ page }) => {
    await openLibrary(page);
    const keep = page.getByRole('checkbox', { name: 'Keep where photos were taken' });
    await expect(keep).not.toBeChecked();
    await page.getByLabel('Choose files').setInputFiles(join(FIXTURES, 'photo-exif.jpg'));
    await waitSettled(page, 1);
    await keep.check();
    await expect(keep).toBeChecked();
    // The same photo again, now with its position kept: different stored bytes, so a new version.
    await page.getByLabel('Choose files').setInputFiles(join(FIXTURES, 'photo-exif.jpg'));
    await expect(page.getByRole('list', { name: 'Files just added' })).toContainText('version 2');
    await waitSettled(page, 2);
    const versions = await readAll<{ number: number; image?: { location?: { latitude: number } } }>(
      page,
      'versions',
    );
    const byNumber = new Map(versions.map((v) => [v.number, v]));
    expect(byNumber.get(1)?.image?.location).toBeUndefined();
    expect(byNumber.get(2)?.image?.location?.latitude).toBeCloseTo(52.52, 3);

    // A row with its thumbnail still fits a small phone's screen.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect(page.getByRole('table', { name: 'Documents' }).locator('img')).toHaveCount(1);
    const { scroll, inner } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(scroll).toBeLessThanOrEqual(inner);
  });
});
