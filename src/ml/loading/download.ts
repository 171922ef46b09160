// Downloads a model's files into the model cache with byte progress, and stops at once when the
// caller's signal aborts. Bodies stream straight into the Cache API (never whole in memory), keyed by
// the URL transformers.js will look up, so the library then loads them from the cache without a
// request. Every failure becomes a ModelError that says what went wrong in plain words.
import { AbortError, isAbortError } from '../../core/errors';
import { openModelCache } from './model-cache';
import { ModelError } from './model-errors';
import type { FileProgress } from './types';

export interface FileToFetch {
  path: string;
  url: string;
  /** The registry's size, used until the server says (content-length). */
  estimatedBytes: number;
}

export interface DownloadOptions {
  signal: AbortSignal;
  /** Called when a file starts, moves (at most every `intervalMs`) and ends. */
  onFile: (progress: FileProgress) => void;
  intervalMs?: number;
  fetchImpl?: (url: string, init: RequestInit) => Promise<Response>;
}

/** Fetches every file not yet cached; returns the bytes that came over the network. */
export async function downloadToCache(
  files: readonly FileToFetch[],
  options: DownloadOptions,
): Promise<number> {
  const cache = await openModelCache();
  let downloaded = 0;
  for (const file of files) {
    throwIfAborted(options.signal);
    const hit = await cache.match(file.url);
    if (hit) {
      const bytes = Number(hit.headers.get('content-length') ?? file.estimatedBytes);
      options.onFile({ path: file.path, loadedBytes: bytes, totalBytes: bytes, state: 'cached' });
      continue;
    }
    downloaded += await fetchOne(cache, file, options);
  }
  return downloaded;
}

async function fetchOne(cache: Cache, file: FileToFetch, options: DownloadOptions): Promise<number> {
  const { signal, onFile } = options;
  const fetchImpl =
    options.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let response: Response;
  try {
    response = await fetchImpl(file.url, { signal });
  } catch (error) {
    if (isAbortError(error) || signal.aborted) throw cancelled(error);
    throw new ModelError(
      `Could not reach the model host at ${new URL(file.url).origin}. Check the connection, or choose another model source in Settings.`,
      'model-host-unreachable',
      { cause: error },
    );
  }
  if (response.status === 404 || response.status === 401 || response.status === 403) {
    throw new ModelError(
      `The model host has no file "${file.path}" for this model (HTTP ${String(response.status)} from ${file.url}).`,
      'model-file-missing',
    );
  }
  if (!response.ok || !response.body) {
    throw new ModelError(
      `The model host answered HTTP ${String(response.status)} for "${file.path}" (${file.url}).`,
      'model-download-failed',
    );
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(declared) && declared > 0 ? declared : file.estimatedBytes;
  let loaded = 0;
  let reportedAt = 0;
  const interval = options.intervalMs ?? 100;
  onFile({ path: file.path, loadedBytes: 0, totalBytes: total, state: 'downloading' });
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      const now = performance.now();
      if (now - reportedAt >= interval) {
        reportedAt = now;
        onFile({
          path: file.path,
          loadedBytes: loaded,
          totalBytes: Math.max(total, loaded),
          state: 'downloading',
        });
      }
      controller.enqueue(chunk);
    },
    flush() {
      if (Number.isFinite(declared) && declared > 0 && loaded !== declared) {
        throw new ModelError(
          `The download of "${file.path}" stopped early (${String(loaded)} of ${String(declared)} bytes).`,
          'model-download-failed',
        );
      }
    },
  });
  const headers = new Headers(response.headers);
  try {
    await cache.put(
      file.url,
      new Response(response.body.pipeThrough(counter), { status: 200, statusText: 'OK', headers }),
    );
  } catch (error) {
    if (isAbortError(error) || signal.aborted) throw cancelled(error);
    if (error instanceof ModelError) throw error;
    if (error instanceof DOMException && error.name === 'QuotaExceededError') {
      throw new ModelError(
        `There is no space left for "${file.path}". Remove models you do not need, or free space in the browser.`,
        'model-storage-full',
        { cause: error },
      );
    }
    throw new ModelError(
      `The download of "${file.path}" failed: ${describe(error)}`,
      'model-download-failed',
      {
        cause: error,
      },
    );
  }
  onFile({ path: file.path, loadedBytes: loaded, totalBytes: loaded, state: 'done' });
  return loaded;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw cancelled(signal.reason);
}

function cancelled(cause: unknown): AbortError {
  return new AbortError('The download was cancelled.', { cause });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
