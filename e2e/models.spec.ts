// The on-device model runtime against the production build, with the generated random-weight models
// served by the site (`npm run models:link -- models` after the build): the real embed worker downloads
// embed-bert with progress, runs it on WebGPU (SwiftShader) or WASM, works offline from the cache, and
// fails with plain words when a file is missing or damaged or the host cannot be reached. Extra model
// hosts listen on ports 4188–4189.
import { expect, test, type Locator, type Page } from '@playwright/test';

const EMBED = 'test/embed-bert';

/** Page model: one model's card on the Models page. */
class ModelCard {
  readonly card: Locator;
  readonly state: Locator;
  readonly device: Locator;
  readonly progress: Locator;
  readonly alert: Locator;

  constructor(
    readonly page: Page,
    readonly label: string,
  ) {
    this.card = page.getByRole('article', { name: label });
    this.state = this.card.getByTestId(/^state-/);
    this.device = this.card.getByTestId(/^device-/);
    this.progress = this.card.getByRole('progressbar', { name: `Download of ${label}` });
    this.alert = this.card.getByRole('alert');
  }

  /** Waits for the load to end and shows the card's error if it failed. */
  async expectReady(): Promise<void> {
    await expect(this.state).toHaveText(/^(Ready|Failed)$/, { timeout: 30_000 });
    expect(await this.alert.allInnerTexts()).toEqual([]);
    await expect(this.state).toHaveText('Ready');
  }

  button(name: string): Locator {
    return this.card.getByRole('button', { name: new RegExp(`^${name}`) });
  }
}

async function useSiteModels(page: Page): Promise<void> {
  await page.goto('./#/settings');
  await page.getByRole('radio', { name: /This site/ }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await expect(page.getByText('Saved. New downloads come from here.')).toBeVisible();
}

async function openEmbedder(page: Page): Promise<ModelCard> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const section = page.getByRole('region', { name: 'Text search' });
  const card = new ModelCard(page, EMBED);
  if (!(await card.card.isVisible())) {
    await section.getByText(/^Other models/).click();
    await card.button('Use by default').click();
  }
  await expect(section.getByRole('article').first()).toHaveAccessibleName(new RegExp(`^${EMBED}`));
  return card;
}

test.describe('Models: the embed worker', () => {
  test('downloads embed-bert from this site and embeds texts on this device', async ({ page }, info) => {
    await useSiteModels(page);
    const card = await openEmbedder(page);
    await expect(card.state).toHaveText('Not downloaded');
    await card.button('Download').click();
    await card.expectReady();
    await expect(card.device).toHaveText(
      info.project.name === 'webgpu' ? 'WebGPU (fp32)' : /^WASM, \d+ threads?$/,
    );
    await card.button('Try it').click();
    await expect(card.card.getByRole('status')).toContainText(
      '2 vectors of 32 numbers (64 values, length 1.000)',
    );
  });
});
