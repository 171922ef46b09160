#!/usr/bin/env node
// A tiny dependency-free static file server for trying a ThinkBank build the way a plain static host
// serves it: with or without the cross-origin isolation headers (COOP/COEP). The e2e tests use it to
// check the service worker's isolation fallback and the update flow; people can use it to try a deploy.
//
//   node scripts/serve-static.mjs --dir dist --port 4180 [--no-isolation-headers] [--host 127.0.0.1]
//
// Everything is served with `Cache-Control: no-cache` so a changed file (a new sw.js) is seen at once.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.onnx': 'application/octet-stream',
};

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Starts a server and resolves once it listens.
 * @param {{ dir: string, port: number, host?: string, isolationHeaders?: boolean }} options
 * @returns {Promise<import('node:http').Server>}
 */
export function serveStatic({ dir, port, host = '127.0.0.1', isolationHeaders = true }) {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    void respond(root, isolationHeaders, req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * @param {string} root
 * @param {boolean} isolationHeaders
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function respond(root, isolationHeaders, req, res) {
  const headers = { 'Cache-Control': 'no-cache', ...(isolationHeaders ? ISOLATION : {}) };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  let file;
  try {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    file = path.join(root, pathname);
    // Refuse anything that escapes the served folder (`..`, encoded or not).
    if (file !== root && !file.startsWith(root + path.sep)) throw new Error('outside root');
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const info = await stat(file);
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
    });
  } catch (error) {
    const status = error instanceof URIError || String(error).includes('outside root') ? 400 : 404;
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(status === 404 ? 'Not found\n' : 'Bad request\n');
    return;
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', (error) => res.destroy(error))
    .pipe(res);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = { dir: 'dist', port: 4180, host: '127.0.0.1', isolationHeaders: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--dir') options.dir = value();
    else if (arg === '--port') options.port = Number(value());
    else if (arg === '--host') options.host = value();
    else if (arg === '--no-isolation-headers') options.isolationHeaders = false;
    else if (arg === '--isolation-headers') options.isolationHeaders = true;
    else throw new Error(`Unknown option ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port <= 0) throw new Error('--port must be a number');
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  const server = await serveStatic(options);
  const isolation = options.isolationHeaders ? 'with' : 'without';
  // The e2e tests wait for this line.
  console.log(
    `Serving ${path.resolve(options.dir)} at http://${options.host}:${options.port}/ ` +
      `(${isolation} cross-origin isolation headers)`,
  );
  const stop = () => {
    server.close(() => process.exit(0));
    // Browsers keep connections alive; end them so the server stops at once.
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
