// The embed worker's API: text (and image) embeddings, shared by ingest and search. Type-only.
import type { BaseApi } from './base';

export type EmbedApi = BaseApi;
