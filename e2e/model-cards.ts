// The Models page as tests drive it: a task's model card, loaded in its worker, and the model source set to
// this site (the generated random-weight models served under models/).
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Page model: the card of the model a task uses, after it was loaded in its worker. */
export class TaskCard {
  readonly card: Locator;
  readonly state: Locator;
  readonly device: Locator;
  readonly status: Locator;

  constructor(
    readonly page: Page,
    readonly label: string,
  ) {
    this.card = page.getByRole('article', { name: label });
    this.state = this.card.getByTestId(/^state-/);
    this.device = this.card.getByTestId(/^device-/);
    this.status = this.card.getByTestId(/^trial-/);
  }

  static async load(
    page: Page,
    task: string,
    label: string,
    project: string,
    runsOn: string | RegExp = project === 'webgpu' ? 'WebGPU (fp32)' : /^WASM, \d+ threads?$/,
  ): Promise<TaskCard> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    const section = page.getByRole('region', { name: task });
    const card = new TaskCard(page, label);
    // The model in use comes first; another one is chosen from "Other models for …".
    if (!(await card.card.isVisible())) await section.getByText(/^Other models for/).click();
    const choose = card.card.getByRole('button', { name: /^Use by default/ });
    if (await choose.isVisible()) await choose.click();
    await expect(section.getByRole('article').first()).toHaveAccessibleName(new RegExp(`^${label}`));
    await card.card.getByRole('button', { name: /^Download/ }).click();
    await expect(card.state).toHaveText(/^(Ready|Failed)$/, { timeout: 0 });
    expect(await card.card.getByRole('alert').allInnerTexts()).toEqual([]);
    await expect(card.state).toHaveText('Ready');
    await expect(card.device).toHaveText(runsOn);
    return card;
  }
}

export async function useThisSite(page: Page): Promise<void> {
  await page.goto('./#/settings');
  await page.getByRole('radio', { name: /This site/ }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await expect(page.getByText('Saved. New downloads come from here.')).toBeVisible();
}
