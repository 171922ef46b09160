// Search in the production build, over documents added through the real ingestion path (the Library's
// file picker): results grouped by document with the query's words marked, fast typing never showing a
// stale answer, hybrid degrading to keyword with a note when no embedding model is loaded, and a PDF
// result opening its page with the passage's box drawn over it.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { join } from 'node:path';

const PDF = join(import.meta.dirname, '../../shared/data/pdf-corpus/arxiv/1706.03762.pdf');

async function addFiles(page: Page, files: Parameters<Page['setInputFiles']>[1]) {
  await page.goto('./#/library');
  await expect(page.getByLabel('Choose files')).toBeEnabled();
  await page.getByLabel('Choose files').setInputFiles(files);
  await expect(page.getByRole('list', { name: 'Files just added' })).toBeVisible({ timeout: 0 });
}

async function searchFor(page: Page, query: string) {
  const box = page.getByRole('searchbox', { name: 'Search your documents' });
  await box.fill('');
  await box.pressSequentially(query, { delay: 15 });
}

const results = (page: Page) => page.getByRole('list', { name: 'Search results' });

test.describe('Search', () => {
  test('finds notes as you type, marks the words and never shows a stale answer', async ({ page }) => {
    await addFiles(page, [
      {
        name: 'garden.md',
        mimeType: 'text/markdown',
        buffer: Buffer.from('# Garden\n\nSow beans in May.\n\n- kale'),
      },
      {
        name: 'sky.md',
        mimeType: 'text/markdown',
        buffer: Buffer.from('# Sky\n\nThe comet returns in spring.'),
      },
    ]);
    await page.goto('./#/search');
    await expect
      .poll(
        async () => {
          await searchFor(page, 'beans');
          return results(page).getByRole('heading', { level: 2 }).allTextContents();
        },
        { timeout: 0, intervals: [1_000] },
      )
      .toEqual(['Garden']);
    await expect(results(page).locator('mark').first()).toHaveText('beans');
    await expect(page.getByRole('status')).toContainText('Keyword search only');

    // Typed fast, every keystroke a query: only the last one's answer may show.
    await searchFor(page, 'beans comet');
    await page.getByRole('searchbox', { name: 'Search your documents' }).fill('comet');
    await expect(results(page).getByRole('heading', { level: 2 })).toHaveText(['Sky']);
    await page.waitForTimeout(500);
    await expect(results(page).getByRole('heading', { level: 2 })).toHaveText(['Sky']);
    await expect(results(page).locator('mark')).toHaveText(['comet']);
  });

  test('opens a PDF result at its page with the passage marked', async ({ page }) => {
    test.setTimeout(180_000);
    await addFiles(page, [PDF]);
    await page.goto('./#/search');
    await page.getByRole('radio', { name: 'Exact words' }).check();
    await expect
      .poll(
        async () => {
          await searchFor(page, 'multi-head attention');
          return results(page).getByRole('button').count();
        },
        { timeout: 0, intervals: [2_000] },
      )
      .toBeGreaterThan(0);
    await results(page).getByRole('button').first().click();
    await expect(page.getByRole('img', { name: 'The passage on this page' }).first()).toBeVisible();
    await expect(page.getByLabel(/^Page \d+$/)).toBeVisible();
  });

  test('adds to the chosen collection and limits search to one collection', async ({ page }) => {
    await page.goto('./#/library');
    await page.getByLabel('New collection name').fill('Work');
    await page.getByRole('button', { name: 'Create collection' }).click();
    await expect(page.getByRole('list', { name: 'Collections' }).getByText('Work')).toBeVisible();

    const addNote = async (title: string, text: string) => {
      if (!(await page.getByLabel('Note title').isVisible())) {
        await page.getByText('Paste text', { exact: true }).click();
      }
      await page.getByLabel('Note title').fill(title);
      await page.getByLabel('Note text').fill(text);
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect(page.getByRole('list', { name: 'Files just added' })).toContainText(title);
    };
    await addNote('Home zebra', 'The zebra at home eats hay.');
    await page.getByLabel('Collection', { exact: true }).selectOption({ label: 'Work' });
    await addNote('Office zebra', 'The zebra in the office files reports.');

    await page.goto('./#/search');
    await expect
      .poll(
        async () => {
          await searchFor(page, 'zebra');
          return (await results(page).getByRole('heading', { level: 2 }).allTextContents()).sort();
        },
        { timeout: 0, intervals: [1_000] },
      )
      .toEqual(['Home zebra', 'Office zebra']);
    await page.getByLabel('Collection').selectOption({ label: 'Work' });
    await expect(results(page).getByRole('heading', { level: 2 })).toHaveText(['Office zebra']);
    await page.getByLabel('Collection').selectOption({ label: 'All collections' });
    await expect(results(page).getByRole('heading', { level: 2 })).toHaveCount(2);
  });
});
