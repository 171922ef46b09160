// How each worker is created. Vite finds workers only in this literal form
// (`new Worker(new URL('…', import.meta.url), { type: 'module' })`), so every worker gets its own line
// here rather than one generic function; the `name` shows up in the browser's task manager and devtools.
import type { WorkerFactories } from './supervisor';

export const workerFactories: WorkerFactories = {
  ingest: () =>
    new Worker(new URL('../../workers/ingest.worker.ts', import.meta.url), {
      type: 'module',
      name: 'ingest',
    }),
  embed: () =>
    new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), { type: 'module', name: 'embed' }),
  search: () =>
    new Worker(new URL('../../workers/search.worker.ts', import.meta.url), {
      type: 'module',
      name: 'search',
    }),
  llm: () =>
    new Worker(new URL('../../workers/llm.worker.ts', import.meta.url), { type: 'module', name: 'llm' }),
  vision: () =>
    new Worker(new URL('../../workers/vision.worker.ts', import.meta.url), {
      type: 'module',
      name: 'vision',
    }),
  speech: () =>
    new Worker(new URL('../../workers/speech.worker.ts', import.meta.url), {
      type: 'module',
      name: 'speech',
    }),
};
