// Takes the README screenshot from a running production preview:
//   npm start            (in one terminal)
//   npx tsx scripts/screenshot.ts [url] [out.png]
import { chromium } from 'playwright';

const url = process.argv[2] ?? 'http://localhost:4173/';
const out = process.argv[3] ?? 'docs/screenshot.png';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  await page.goto(new URL('#/diagnostics', url).href);
  await page.getByRole('heading', { level: 1, name: 'Diagnostics' }).waitFor();
  await page.getByTestId('cap-webgpu').waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
