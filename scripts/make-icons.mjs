#!/usr/bin/env node
// Renders the PWA's PNG icons from public/icons/icon.svg with headless Chromium, so the PNGs in the
// repository always match the SVG. Run after changing the SVG, and commit the PNGs with it:
//
//   node scripts/make-icons.mjs
//
// The maskable icon fills its square with the brand colour and keeps the mark inside the central 80%
// (the safe zone launchers may crop to a circle or squircle).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const ICONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const BRAND = '#1f4f8f';

/** @type {{ file: string, size: number, maskable: boolean }[]} */
const OUTPUTS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

/**
 * @param {string} svg
 * @param {number} size
 * @param {boolean} maskable
 */
function html(svg, size, maskable) {
  const inner = maskable ? Math.round(size * 0.8) : size;
  const background = maskable ? BRAND : 'transparent';
  const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return `<!doctype html><html><body style="margin:0;width:${size}px;height:${size}px;
    display:grid;place-items:center;background:${background}">
    <img src="${dataUrl}" width="${inner}" height="${inner}" alt=""></body></html>`;
}

const svg = await readFile(path.join(ICONS, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  for (const { file, size, maskable } of OUTPUTS) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(html(svg, size, maskable));
    await page.locator('img').evaluate((img) => /** @type {HTMLImageElement} */ (img).decode());
    await page.screenshot({ path: path.join(ICONS, file), omitBackground: !maskable });
    await page.close();
    console.log(`wrote public/icons/${file}`);
  }
} finally {
  await browser.close();
}
