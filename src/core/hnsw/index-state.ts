// The whole state of an HNSW index, shared by the index (hnsw-index.ts) and its file format (format.ts)
// without either importing the other's module for it.
import type { GraphStore } from './graph-store';
import type { IdTable } from './id-table';
import type { HnswParams } from './params';

export interface IndexState {
  params: HnswParams;
  store: GraphStore;
  ids: IdTable;
  entryPoint: number;
  maxLevel: number;
  liveCount: number;
  scales: Float32Array | undefined;
  prngState: number;
}
