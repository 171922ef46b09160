// The ingest worker's API: the job queue, parsing and chunking (added by later work). Type-only.
import type { BaseApi } from './base';

export type IngestApi = BaseApi;
