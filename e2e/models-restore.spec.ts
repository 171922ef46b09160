// The library remembers its embedding model (ADR 0094), in the production build with the generated test
// embedder served by this site (`npm run models:link -- models`): loaded once on the Models page, it
// loads by itself after a reload when search or an import needs it, without the Models page being
// opened again; search says it searched by words and meaning, and a note added afterwards gets vectors.
// A model that is not in the model cache is never downloaded by itself: search says plainly that it uses
// words only and why.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openLibrary, readAll } from './library-page';

const EMBED = 'test/embed-bert';

async function useThisSite(page: Page): Promise<void> {
  await page.goto('./#/settings');
  await page.getByRole('radio', { name: /This site/ }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await expect(page.getByText('Saved. New downloads come from here.')).toBeVisible();
}

/** Loads the test embedder on the Models page, as a person does once. */
async function loadEmbedderOnce(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const card = page.getByRole('article', { name: EMBED });
  const section = page.getByRole('region', { name: 'Text search' });
  await expect(section.getByRole('article').first()).toBeVisible();
  if (!(await card.isVisible())) await section.getByText(/^Other models/).click();
  await card.getByRole('button', { name: /^(Download|Load)/ }).click();
  await expect(card.getByTestId(/^state-/)).toHaveText('Ready', { timeout: 0 });
}

async function addNote(page: Page, title: string, text: string): Promise<void> {
  await openLibrary(page);
  if (!(await page.getByLabel('Note title').isVisible())) {
    await page.getByText('Paste text', { exact: true }).click();
  }
  await page.getByLabel('Note title').fill(title);
  await page.getByLabel('Note text').fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('list', { name: 'Files just added' })).toContainText(title);
}

/** The embedding model the active version of `title` was embedded with (undefined: keyword only). */
async function vectorModelOf(page: Page, title: string): Promise<string | undefined> {
  const documents = await readAll<{ title: string; activeVersionId?: string }>(page, 'documents');
  const active = documents.find((d) => d.title === title)?.activeVersionId;
  const versions = await readAll<{ id: string; vectorModelId?: string }>(page, 'versions');
  return versions.find((v) => v.id === active)?.vectorModelId;
}

/** Opens Search from the navigation (never the Models page) and searches until `title` is found. */
async function searchUntilFound(page: Page, query: string, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  const box = page.getByRole('searchbox', { name: 'Search your documents' });
  const results = page.getByRole('list', { name: 'Search results' });
  await expect
    .poll(
      async () => {
        await box.fill(query);
        await box.press('Enter');
        return results.getByRole('heading', { level: 2 }).allTextContents();
      },
      { timeout: 0, intervals: [500] },
    )
    .toContain(title);
}

/** The model files in the model cache (this site's manifest, kept there for offline use, is not one). */
function cachedModelFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const cache = await caches.open('thinkbank-models-v1');
    return (await cache.keys())
      .map((request) => request.url)
      .filter((url) => !url.endsWith('/models/manifest.json'));
  });
}

/** Moves every entry of one Cache API cache to another (a model's files put aside and back). */
function moveCache(page: Page, from: string, to: string): Promise<void> {
  return page.evaluate(
    async ([source, target]) => {
      const [a, b] = await Promise.all([caches.open(source), caches.open(target)]);
      for (const request of await a.keys()) {
        const response = await a.match(request);
        if (response) await b.put(request, response);
        await a.delete(request);
      }
    },
    [from, to] as const,
  );
}

const mode = (page: Page) => page.getByTestId('search-mode');
const status = (page: Page) => page.locator('main').getByRole('status');

test.describe('Models restored at start', () => {
  test.setTimeout(240_000);

  test('after a reload the embedding model loads by itself: search by meaning, and new notes get vectors', async ({
    page,
  }) => {
    await useThisSite(page);
    await loadEmbedderOnce(page);
    await addNote(page, 'Garden', 'Sow beans in May and water them at dusk.');
    await expect.poll(() => vectorModelOf(page, 'Garden'), { timeout: 0 }).toBe('test-embed-bert');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Search needs the model: it loads from the cache by itself, and the search is by meaning again.
    await searchUntilFound(page, 'beans', 'Garden');
    await expect(mode(page)).toHaveText('Searched by words and meaning', { timeout: 0 });
    await expect(status(page)).not.toContainText('Keyword search only');

    // A note added now is embedded (directly, or in the background if it came in before the model).
    await addNote(page, 'Sky', 'The comet returns in spring and is brightest before dawn.');
    await expect.poll(() => vectorModelOf(page, 'Sky'), { timeout: 0 }).toBe('test-embed-bert');
    await searchUntilFound(page, 'comet', 'Sky');
    await expect(mode(page)).toHaveText('Searched by words and meaning');

    // Without its files the remembered model is not downloaded by itself: search says so plainly.
    await moveCache(page, 'thinkbank-models-v1', 'e2e-aside');
    await page.reload();
    await searchUntilFound(page, 'beans', 'Garden');
    await expect(mode(page)).toHaveText('Searched by words only');
    await expect(status(page)).toContainText(
      `Keyword search only: the embedding model (${EMBED}) is not downloaded yet. Download it on the Models page.`,
    );
    await expect(status(page).getByRole('link', { name: 'Open Models' })).toBeVisible();
    expect(await cachedModelFiles(page)).toEqual([]);

    // A note added meanwhile is keyword only; once the files are back, the next start loads the model
    // by itself because that note needs vectors, and the background backfill (ADR 0105) adds them.
    await addNote(page, 'Ponds', 'Frogs spawn in March in the shallow end of the pond.');
    const ponds = page.getByRole('table', { name: 'Documents' }).getByRole('row', { name: /^Ponds/ });
    await expect(ponds).toContainText('Ready, keyword search only', { timeout: 0 });
    expect(await vectorModelOf(page, 'Ponds')).toBeUndefined();
    await moveCache(page, 'e2e-aside', 'thinkbank-models-v1');
    await page.reload();
    await expect.poll(() => vectorModelOf(page, 'Ponds'), { timeout: 0 }).toBe('test-embed-bert');
    await expect(ponds.getByRole('cell').first()).toHaveText('Ready', { timeout: 0 });
  });

  test('a new library whose embedding model is not downloaded searches by words and says why', async ({
    page,
  }) => {
    await useThisSite(page);
    await addNote(page, 'Bread', 'Knead the dough for ten minutes and let it rise overnight.');
    await searchUntilFound(page, 'dough', 'Bread');
    await expect(mode(page)).toHaveText('Searched by words only');
    await expect(status(page)).toContainText(
      /Keyword search only: the embedding model \(.+\) is not downloaded yet/,
    );
    // Nothing was downloaded on the person's behalf.
    expect(await cachedModelFiles(page)).toEqual([]);
    await expect.poll(() => vectorModelOf(page, 'Bread')).toBeUndefined();
  });
});
