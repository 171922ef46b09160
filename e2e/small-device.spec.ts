// A device that says it has little memory (navigator.deviceMemory 2, two cores), in the production build:
// the Models page picks a chat model that fits, shows the larger ones with why they are not offered, and
// offers no way to load them (ADR 0143).
import { expect, test } from './fixtures';

test.describe('A device with little memory', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 2, configurable: true });
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 2, configurable: true });
    });
  });

  test('uses a chat model that fits and says why the larger ones are not offered', async ({ page }) => {
    await page.goto('./#/models');
    const chat = page.getByRole('region', { name: 'Chat' });
    await expect(chat.getByRole('article').first()).toHaveAccessibleName(/^SmolLM2 135M Instruct/);
    await chat.getByText(/^Other models for chat/).click();
    const qwen = chat.getByRole('article', { name: /^Qwen2\.5 0\.5B Instruct/ });
    await expect(qwen.getByTestId('too-large-qwen2.5-0.5b-instruct')).toHaveText(
      /^Qwen2\.5 0\.5B Instruct needs about [\d.]+ (MB|GB) of memory, more than a page can count on with the 2 GB this device reports\. SmolLM2 135M Instruct is offered instead\.$/,
    );
    await expect(qwen.getByRole('button', { name: /^Download/ })).toBeDisabled();
    await expect(qwen.getByRole('button', { name: /^Use by default/ })).toHaveCount(0);
    const large = chat.getByRole('article', { name: /^SmolLM2 1\.7B Instruct/ });
    await expect(large.getByTestId(/^too-large-/)).toBeVisible();
  });
});
