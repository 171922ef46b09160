// Entry point of the ingest worker: serves its contract. Parsing and chunking live in src/ingest; the
// embed worker is reached directly through a port the supervisor attaches (see host.ts `peer`).
import type { IngestApi } from './contracts/ingest';
import { baseApi, serve } from './host';

const api = { ...baseApi } satisfies IngestApi;

serve('ingest', api);
