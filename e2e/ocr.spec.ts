// Reading text in pictures on the Models page: PP-OCRv4 with its trained weights, copied into the build
// under models/ and loaded into the real vision worker on first use. A read can be stopped mid-page and
// the worker goes on; a photographed page of a paper then reads back with its title and affiliations,
// in reading order.
import { join } from 'node:path';
import { expect, test } from './fixtures';

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
