// Ingestion end to end in the production build, beyond adding files: passages bounded by the embedding
// model's own tokenizer (ADR 0103), a job that says done only once search finds the document (ADR 0104),
// vectors added in the background to keyword-only documents when a model becomes ready (ADR 0105), and
// files dropped on the Library's drop zone.
import { AutoTokenizer, env } from '@huggingface/transformers';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DATA, openLibrary, readAll } from './library-page';

interface StoredJob {
  fileName: string;
  status: string;
  rebuildOf?: string;
}

async function addFiles(page: Page, files: Parameters<Page['setInputFiles']>[1]) {
  await page.getByLabel('Choose files').setInputFiles(files);
  await expect(page.getByRole('list', { name: 'Files just added' })).toBeVisible({ timeout: 0 });
}

async function waitSettled(page: Page, expected: number, timeout = 60_000) {
  await expect
    .poll(
      async () => {
        const jobs = await readAll<StoredJob>(page, 'jobs');
        return jobs.length === expected && jobs.every((j) => !['queued', 'running'].includes(j.status));
      },
      { timeout, intervals: [200] },
    )
    .toBe(true);
  return readAll<StoredJob>(page, 'jobs');
}

/** Loads the generated test embedder from this site (`npm run models:link`) on the Models page. */
async function loadTestEmbedder(page: Page) {
  await page.goto('./#/settings');
  await page.getByRole('radio', { name: /This site/ }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await expect(page.getByText('Saved. New downloads come from here.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const card = page.getByRole('article', { name: 'test/embed-bert' });
  const section = page.getByRole('region', { name: 'Text search' });
  await expect(section.getByRole('article').first()).toBeVisible();
  if (!(await card.isVisible())) await section.getByText(/^Other models/).click();
  await card.getByRole('button', { name: /^(Download|Load)/ }).click();
  await expect(card.getByTestId(/^state-/)).toHaveText('Ready', { timeout: 0 });
}

async function expectConsistent(page: Page, keywordOnly?: number) {
  await page.goto('./#/diagnostics');
  await page.getByRole('button', { name: 'Check consistency' }).click();
  await expect(page.getByRole('definition').first()).toBeVisible();
  await expect(page.getByTestId('passages-without-vectors')).toHaveText('0');
  await expect(page.getByTestId('vectors-without-passages')).toHaveText('0');
  await expect(page.getByTestId('orphan-passages')).toHaveText('0');
  if (keywordOnly !== undefined) {
    await expect(page.getByTestId('keyword-only-documents')).toHaveText(String(keywordOnly));
  }
}

const note = (name: string, text: string) => ({
  name,
  mimeType: 'text/markdown',
  buffer: Buffer.from(text),
});

test.describe('Ingestion: searchable when done', () => {
  test('a document is found on the Search page as soon as its job says done', async ({ page }) => {
    await openLibrary(page);
    await addFiles(page, [note('orchard.md', '# Orchard\n\nGraft the quince in early spring.')]);
    const [job] = await waitSettled(page, 1);
    expect(job?.status).toBe('succeeded');
    await page.goto('./#/search');
    await page.getByRole('searchbox', { name: 'Search your documents' }).fill('quince');
    // One query, no retries: the index already holds the passage when the job is done.
    await expect(
      page.getByRole('list', { name: 'Search results' }).getByRole('heading', { level: 2 }),
    ).toHaveText(['Orchard'], { timeout: 3_000 });
  });
});

test.describe('Ingestion: real token counts', () => {
  test.setTimeout(180_000);

  test("no stored passage exceeds the model's limit by its own tokenizer", async ({ page }) => {
    await loadTestEmbedder(page);
    await openLibrary(page);
    await addFiles(page, [join(DATA, 'pdf-corpus/pdfjs/tracemonkey.pdf')]);
    const jobs = await waitSettled(page, 1, 150_000);
    expect(jobs.map((j) => j.status)).toEqual(['succeeded']);
    const versions = await readAll<{ chunkedWith?: string; vectorModelId?: string }>(page, 'versions');
    expect(versions.map((v) => [v.chunkedWith, v.vectorModelId])).toEqual([
      ['test-embed-bert', 'test-embed-bert'],
    ]);

    env.allowRemoteModels = false;
    env.localModelPath = join(import.meta.dirname, '../models/');
    const tokenizer = await AutoTokenizer.from_pretrained('test/embed-bert');
    const chunks = await readAll<{ text: string; headingPath: string[] }>(page, 'chunks');
    expect(chunks.length).toBeGreaterThan(20);
    const counts = chunks.map(
      (c) =>
        tokenizer.encode(c.headingPath.length > 0 ? `${c.headingPath.join(' › ')}\n\n${c.text}` : c.text)
          .length,
    );
    expect(Math.max(...counts)).toBeLessThanOrEqual(256);
    // Real counts fill passages: the largest come close to the bound (the estimate stopped far short).
    expect(Math.max(...counts)).toBeGreaterThan(200);
    await expectConsistent(page, 0);
  });
});

test.describe('Ingestion: vectors for keyword-only documents', () => {
  test.setTimeout(180_000);

  test('documents added without a model get vectors in the background once one is loaded', async ({
    page,
  }) => {
    await openLibrary(page);
    const long = Array.from({ length: 30 }, (_, i) => `Paragraph ${String(i)} on hedges, ponds and bees.`);
    await addFiles(page, [
      note('hedges.md', `# Hedges\n\n${long.join('\n\n')}`),
      note('ponds.md', '# Ponds\n\nFrogs spawn in March.'),
    ]);
    await waitSettled(page, 2);
    const docs = page.getByRole('table', { name: 'Documents' });
    await expect(docs.getByRole('row', { name: /^Hedges/ })).toContainText('Ready, keyword search only');
    await expectConsistent(page, 2);

    await loadTestEmbedder(page);
    await page.goto('./#/activity');
    await expect(page.getByText('Done, meaning-based search added')).toHaveCount(2, { timeout: 0 });
    const jobs = await waitSettled(page, 4);
    expect(jobs.filter((j) => j.rebuildOf !== undefined).map((j) => j.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
    const versions = await readAll<{ vectorModelId?: string; documentId: string }>(page, 'versions');
    const documents = await readAll<{ activeVersionId: string }>(page, 'documents');
    const active = new Set(documents.map((d) => d.activeVersionId));
    expect(
      versions.filter((v) => active.has((v as { id?: string }).id ?? '')).map((v) => v.vectorModelId),
    ).toEqual(['test-embed-bert', 'test-embed-bert']);
    await openLibrary(page);
    await expect(
      docs
        .getByRole('row', { name: /^Hedges/ })
        .getByRole('cell')
        .first(),
    ).toHaveText('Ready');
    await expectConsistent(page, 0);
  });
});

test.describe('Ingestion: drag and drop', () => {
  test('files dropped on the drop zone are added', async ({ page }) => {
    await openLibrary(page);
    const zone = page.getByRole('region', { name: 'Drop files or folders here' });
    const dataTransfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(
        new File(['# Meadow\n\nCut the meadow in July.'], 'meadow.md', { type: 'text/markdown' }),
      );
      data.items.add(new File(['Wild thyme grows on the bank.'], 'bank.txt', { type: 'text/plain' }));
      return data;
    });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect(page.getByRole('list', { name: 'Files just added' }).getByRole('listitem')).toHaveCount(2);
    const jobs = await waitSettled(page, 2);
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    const docs = page.getByRole('table', { name: 'Documents' });
    await expect(docs.getByRole('row', { name: /^Meadow/ })).toBeVisible();
    await expect(docs.getByRole('row', { name: /bank\.txt/ })).toBeVisible();
    await expectConsistent(page);
  });
});
