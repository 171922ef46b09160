// Entry point of the embed worker: serves its contract. The embedding work itself lives in src/ml.
import type { EmbedApi } from './contracts/embed';
import { baseApi, serve } from './host';

const api = { ...baseApi } satisfies EmbedApi;

serve('embed', api);
