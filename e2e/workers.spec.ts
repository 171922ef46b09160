// The worker supervisor in the production build, driven through the Diagnostics page's fault drills:
// the person sees a clear outcome, the worker comes back, and Ping proves it.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

/** Page model: one worker's row in the table and its controls. */
class WorkerPanel {
  readonly controls: Locator;
  readonly outcome: Locator;
  readonly state: Locator;
  readonly restarts: Locator;

  constructor(page: Page, name: string) {
    this.controls = page.getByRole('group', { name: `The ${name} worker` });
    this.outcome = this.controls.getByRole('status');
    const row = page
      .getByRole('table', { name: 'State of each background worker' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    this.state = row.getByRole('cell').nth(0);
    this.restarts = row.getByRole('cell').nth(2);
  }

  async press(name: string) {
    await this.controls.getByRole('button', { name }).click();
  }

  async expectPingWorks() {
    await this.controls.getByRole('button', { name: /^Ping/ }).click();
    await expect(this.outcome).toContainText('Ping answered in');
  }
}

async function openDiagnostics(page: Page, name = 'embed') {
  await page.goto('./#/diagnostics');
  await expect(page.getByRole('heading', { level: 2, name: 'Workers' })).toBeVisible();
  return new WorkerPanel(page, name);
}

test.describe('Diagnostics: workers', () => {
  test('workers start only when first used', async ({ page }) => {
    const embed = await openDiagnostics(page);
    await expect(embed.state).toHaveText(/Not started/);
    await embed.expectPingWorks();
    await expect(embed.state).toHaveText('Ready');
  });

  test('a crash during a call shows a clear error, then the worker is ready again', async ({ page }) => {
    const embed = await openDiagnostics(page);
    await embed.press('Crash during a call');
    await expect(embed.outcome).toHaveText(
      'The call failed: The embed worker stopped unexpectedly (Fault drill: the embed worker crashed on purpose).' +
        ' It is being restarted; try again.',
    );
    await expect(embed.state).toHaveText('Ready');
    await expect(embed.restarts).toHaveText('1');
    await embed.expectPingWorks();
  });

  test('a hung worker times out and is restarted', async ({ page }) => {
    const embed = await openDiagnostics(page);
    await embed.press('Hang');
    await expect(embed.outcome).toContainText('timed out');
    await expect(embed.restarts).toHaveText('1');
    await expect(embed.state).toHaveText('Ready');
    await embed.expectPingWorks();
  });

  test('an error from the worker keeps its cause', async ({ page }) => {
    const embed = await openDiagnostics(page);
    await embed.press('Fail with an error');
    await expect(embed.outcome).toHaveText(
      'The call failed: Fault drill: the embed worker failed this call on purpose: ' +
        'An example cause from inside the worker',
    );
    await expect(embed.state).toHaveText('Ready');
    await expect(embed.restarts).toHaveText('0');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const results = await new AxeBuilder({ page })
        .include('section[aria-labelledby="workers-title"]')
        .analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${scheme}: ${v.id} ${v.help}`)).toEqual([]);
    }
  });

  test('three crashes pause the worker, and it recovers after the cooldown', async ({ page }) => {
    const embed = await openDiagnostics(page);
    for (let i = 1; i <= 3; i++) {
      await embed.press('Crash during a call');
      await expect(embed.outcome).toContainText('stopped unexpectedly');
      if (i < 3) await expect(embed.state).toHaveText('Ready');
    }
    await expect(embed.state).toContainText('Paused after repeated failures; retrying in');
    await embed.controls.getByRole('button', { name: /^Ping/ }).click();
    await expect(embed.outcome).toContainText('it is paused. It will try again in');
    await expect(embed.state).toHaveText('Ready', { timeout: 0 });
    await embed.expectPingWorks();
  });

  test('the ingest worker starts with its embed peer', async ({ page }) => {
    const ingest = await openDiagnostics(page, 'ingest');
    await ingest.expectPingWorks();
    await expect(new WorkerPanel(page, 'embed').state).toHaveText('Ready');
  });
});
