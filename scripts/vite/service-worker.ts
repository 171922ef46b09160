// Vite plugin for the PWA: copies the onnxruntime-web WASM runtime into the build (and serves it in dev),
// then, once the build is written, builds src/sw/sw.ts into `sw.js` at the build root with the precache
// manifest (every emitted file except maps, static-host files and model weights) and the build id.
// Our own plugin instead of a PWA framework: see docs/decisions/0030-own-service-worker.md.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';
import { ORT_DIR, ORT_FILES } from '../../src/ml/ort-env.ts';
import { precacheManifest } from './precache-manifest.ts';

export interface ServiceWorkerPluginOptions {
  /** Service worker entry, relative to the project root. */
  entry?: string;
}

const ORT_SOURCE_DIR = 'node_modules/onnxruntime-web/dist';
const MIME: Record<string, string> = { '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), `${rel}/`);
      return Promise.resolve(entry.isFile() ? [rel] : []);
    }),
  );
  return nested.flat();
}

function ortSources(root: string): { fileName: string; source: string }[] {
  return Object.values(ORT_FILES).map((file) => {
    const source = path.join(root, ORT_SOURCE_DIR, file);
    if (!existsSync(source)) {
      throw new Error(`onnxruntime-web runtime missing: ${source}. Is onnxruntime-web installed?`);
    }
    return { fileName: ORT_DIR + file, source };
  });
}

export function serviceWorkerPlugin(options: ServiceWorkerPluginOptions = {}): Plugin {
  let config: ResolvedConfig;

  return {
    name: 'thinkbank:service-worker',

    configResolved(resolved) {
      config = resolved;
    },

    // The dev server has no service worker, but serves the ORT runtime at the same URLs as a build.
    configureServer(server) {
      const files = new Map<string, string>(
        ortSources(server.config.root).map((f) => [`/${f.fileName}`, f.source]),
      );
      server.middlewares.use((req, res, next) => {
        const source = files.get((req.url ?? '').split('?')[0] ?? '');
        if (source === undefined) {
          next();
          return;
        }
        res.setHeader('Content-Type', MIME[path.extname(source)] ?? 'application/octet-stream');
        createReadStream(source).pipe(res);
      });
    },

    generateBundle() {
      if (this.environment.name !== 'client') return;
      for (const { fileName, source } of ortSources(config.root)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(source) });
      }
    },

    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        if (config.command !== 'build' || this.environment.name !== 'client') return;
        const outDir = path.resolve(config.root, config.build.outDir);
        const paths = await listFiles(outDir);
        const files = await Promise.all(
          paths.map(async (p) => [p, await readFile(path.join(outDir, p))] as [string, Buffer]),
        );
        const manifest = precacheManifest(files);
        const buildId: unknown = config.define?.['__BUILD_ID__'];
        if (typeof buildId !== 'string') throw new Error('vite.config.ts must define __BUILD_ID__');
        const code = await buildServiceWorker(config.root, options.entry ?? 'src/sw/sw.ts', {
          __BUILD_ID__: buildId,
          __PRECACHE_MANIFEST__: JSON.stringify(manifest),
        });
        await writeFile(path.join(outDir, 'sw.js'), code);
        const mb = manifest.reduce((sum, e) => sum + e.bytes, 0) / 1e6;
        config.logger.info(`sw.js: precaching ${manifest.length} files (${mb.toFixed(1)} MB)`);
      },
    },
  };
}

/** Bundles the service worker as one classic script (module workers are not universal yet). */
async function buildServiceWorker(
  root: string,
  entry: string,
  define: Record<string, string>,
): Promise<string> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    define,
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: {
        entry: path.resolve(root, entry),
        formats: ['iife'],
        name: 'ThinkBankServiceWorker',
        fileName: () => 'sw.js',
      },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if (!('output' in out)) continue;
    const chunk = out.output.find((o) => o.type === 'chunk' && o.isEntry);
    if (chunk?.type === 'chunk') return chunk.code;
  }
  throw new Error('Service worker build produced no entry chunk');
}
