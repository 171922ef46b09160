// ThinkBank on a phone, in the production build: every page fits a 390 × 844 and a 360 × 740 screen
// with no sideways scrolling, its controls are big enough for a thumb, and axe finds nothing serious;
// and a note is added, found and opened with touch. (The `phone` project also runs the chat and search
// specs at 390 × 844: playwright.config.ts.)
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openLibrary } from './library-page';

const PAGES = ['Library', 'Search', 'Chat', 'Activity', 'Models', 'Settings', 'Diagnostics'] as const;
const SCREENS = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
] as const;

/**
 * Controls smaller than `min` px either way: what a finger has to hit. An input drawn by its label (a
 * file picker styled as a button) is measured by that label; check boxes and radio buttons need 24 px
 * (WCAG 2.2's minimum) as their labels take taps too; inline links in text are exempt, as in WCAG.
 */
function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((size) => {
    const controls = document.querySelectorAll<HTMLElement>(
      'button, select, textarea, input:not([type="hidden"]), nav a, summary',
    );
    return [...controls]
      .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden'))
      .flatMap((el) => {
        const drawnByLabel = getComputedStyle(el).opacity === '0' ? el.closest('label') : null;
        const target = drawnByLabel ?? el;
        const isTick = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
        const need = isTick ? 24 : size;
        const box = target.getBoundingClientRect();
        if (box.width >= need && box.height >= need) return [];
        const name = (el.getAttribute('aria-label') ?? target.textContent).trim();
        return [
          `${el.tagName.toLowerCase()} "${name}" ${String(Math.round(box.width))}×${String(Math.round(box.height))}`,
        ];
      });
  }, min);
}

for (const screen of SCREENS) {
  test.describe(`On a ${String(screen.width)} × ${String(screen.height)} phone`, () => {
    test.use({ viewport: screen, isMobile: true, hasTouch: true });

    test('every page fits the screen, its controls fit a thumb, and axe finds nothing serious', async ({
      page,
    }) => {
      await page.goto('./');
      for (const name of PAGES) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).tap();
        await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
        const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        expect(widths[0], `${name} scrolls sideways`).toBeLessThanOrEqual(widths[1] ?? 0);
        expect(await smallTargets(page, 44), `${name}: controls smaller than 44 px`).toEqual([]);
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
          .analyze();
        const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(
          bad.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([]);
      }
    });
  });
}

test.describe('On a phone', () => {
  test.use({ viewport: SCREENS[1], isMobile: true, hasTouch: true });

  test('a pasted note is added, found by search and opened, with touch alone', async ({ page }) => {
    await openLibrary(page);
    await page.locator('summary', { hasText: 'Paste text' }).tap();
    await page.getByLabel('Note title').fill('Quince');
    await page.getByLabel('Note text').fill('Quince trees want a sheltered wall and pruning in late winter.');
    await page.getByRole('button', { name: 'Add note' }).tap();
    const rows = page.getByRole('table', { name: 'Documents' }).getByRole('row');
    await expect(rows.filter({ hasText: /Ready/ })).toHaveCount(1, { timeout: 0 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).tap();
    const results = page.getByRole('list', { name: 'Search results' });
    await expect
      .poll(
        async () => {
          await page.getByRole('searchbox', { name: 'Search your documents' }).fill('quince pruning');
          return results.getByRole('heading', { level: 2 }).allTextContents();
        },
        { timeout: 0, intervals: [1_000] },
      )
      .toEqual(['Quince']);
    await results.getByRole('button', { name: /sheltered wall/ }).tap();
    await expect(page.getByRole('region', { name: /at the passage$/ })).toContainText('sheltered wall');
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
  });
});
