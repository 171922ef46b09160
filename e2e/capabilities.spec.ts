import { expect, test } from '@playwright/test';

test.describe('Diagnostics: device capabilities', () => {
  test('reports WebGPU as the browser offers it, and cross-origin isolation', async ({ page }, info) => {
    await page.goto('./#/diagnostics');
    const gpu = page.getByTestId('cap-webgpu');
    if (info.project.name === 'webgpu') {
      await expect(gpu).toContainText('available');
      await expect(gpu).not.toContainText('not available');
      // SwiftShader has no 16-bit float shaders.
      await expect(page.getByTestId('cap-f16')).toHaveText('no');
    } else {
      await expect(gpu).toContainText('not available');
    }
    await expect(page.getByTestId('cap-isolated')).toHaveText('yes');
    await expect(page.getByTestId('cap-threads')).toContainText('cores');
    await expect(page.getByTestId('cap-storage')).toContainText('available to this site');
  });
});
