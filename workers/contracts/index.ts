// Every worker's name and contract in one table, so the supervisor and peer clients are typed by name.
import type { EmbedApi } from './embed';
import type { IngestApi } from './ingest';
import type { LlmApi } from './llm';
import type { SearchApi } from './search';
import type { SpeechApi } from './speech';
import type { VisionApi } from './vision';

export interface WorkerApis {
  ingest: IngestApi;
  embed: EmbedApi;
  search: SearchApi;
  llm: LlmApi;
  vision: VisionApi;
  speech: SpeechApi;
}

export type WorkerName = keyof WorkerApis;

export type { BaseApi, DrillKind, PingOptions, WorkerHealth, WorkerMemory } from './base';
