// Every worker's name and contract in one table, so the supervisor and peer clients are typed by name.
import type { EmbedApi } from './embed';
import type { IngestApi } from './ingest';
import type { LlmApi } from './llm';
import type { SearchApi } from './search';
import type { SpeechApi } from './speech';
import type { VisionApi } from './vision';
import type { WorkerName } from './names';

export interface WorkerApis {
  ingest: IngestApi;
  embed: EmbedApi;
  search: SearchApi;
  llm: LlmApi;
  vision: VisionApi;
  speech: SpeechApi;
}

export type { WorkerName } from './names';

/** Holds the names and the table to each other: a worker added to one and not the other fails here. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type IsTrue<T extends true> = T;
export type NamesMatchContracts = IsTrue<Same<keyof WorkerApis, WorkerName>>;

export type { BaseApi, DrillKind, PingOptions, WorkerHealth, WorkerMemory } from './base';
