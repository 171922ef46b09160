// pdf.js's own data, served by the app under pdfjs/ (src/core/pdf-assets.ts): the WASM image
// decoders (JBIG2 and CCITT fax, JPEG 2000) and colour management that drawing a scanned page for OCR
// needs, the standard fonts for PDFs that do not embed theirs, and the packed CMaps without which CJK text
// in fonts with predefined CMaps extracts as nothing. Precached: a scan must read offline too.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { PDFJS_ASSETS_DIR } from '../../src/core/pdf-assets.ts';
import { packageFilesPlugin, type PackageFile } from './package-files.ts';

const FOLDERS: readonly { folder: string; keep: RegExp }[] = [
  { folder: 'wasm', keep: /\.wasm$/ },
  { folder: 'standard_fonts', keep: /\.(pfb|ttf)$/ },
  { folder: 'cmaps', keep: /\.bcmap$/ },
];

function files(root: string): PackageFile[] {
  const require = createRequire(path.join(root, 'package.json'));
  const packageDir = path.dirname(require.resolve('pdfjs-dist/package.json'));
  return FOLDERS.flatMap(({ folder, keep }) => {
    const dir = path.join(packageDir, folder);
    if (!existsSync(dir)) throw new Error(`pdf.js data folder missing: ${dir}. Is pdfjs-dist installed?`);
    return readdirSync(dir)
      .filter((name) => keep.test(name))
      .map((name) => ({ fileName: `${PDFJS_ASSETS_DIR}${folder}/${name}`, source: path.join(dir, name) }));
  });
}

export function pdfjsAssetsPlugin(): Plugin {
  return packageFilesPlugin('pdfjs-assets', files);
}
