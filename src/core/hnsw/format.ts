// Persisted form of an HNSW index: one small header object plus a few large ArrayBuffers, so the
// search worker stores an index as a handful of IndexedDB values and loads it by wrapping the
// buffers in typed arrays (no per-node objects; string ids are decoded as one string).
//
// Format version 1 (little-endian, as typed arrays are on every platform the app runs on):
//   vectors   Float32Array  count·dims      unit vectors, slot order
//   codes     Int8Array     count·dims      int8 codes (only when header.quantized)
//   scales    Float32Array  dims            per-dimension int8 scales (only when quantized)
//   nodes     Uint8Array    2·count         levels[count], then deleted flags[count] (1 = tombstone)
//   links0    Int32Array    count·(2M+1)    level-0 lists: [n, slot × n, unused…] per slot
//   upper     Int32Array    upperLength     levels 1..L of each slot with L > 0, slot order,
//                                           (M+1) ints per level: [n, slot × n, unused…]
//   ids       Float64Array  count           number ids (idKind 'number'), or
//             Uint8Array    bytes           UTF-8 of all string ids joined (idKind 'string')
//   idOffsets Uint32Array   count+1         UTF-16 offsets of each string id (idKind 'string')
// Anything else that matters (settings, entry point, PRNG state) is in the header. A loader
// refuses a different format version or settings that differ from what the caller expects.

import { GraphStore } from './graph-store';
import { IdTable } from './id-table';
import type { IdKind } from './id-table';
import type { IndexState } from './index-state';
import type { HnswParams, Quantization } from './params';

export const HNSW_FORMAT = 'thinkbank-hnsw';
export const HNSW_FORMAT_VERSION = 1;

export interface HnswHeader {
  /** Always HNSW_FORMAT; typed loosely because it is read back from storage. */
  format: string;
  formatVersion: number;
  metric: 'cosine';
  dims: number;
  M: number;
  efConstruction: number;
  efSearch: number;
  seed: number;
  quantization: Quantization;
  /** Whether int8 codes are present (quantisation trained). */
  quantized: boolean;
  int8TrainSize: number;
  compactFraction: number;
  modelId: string;
  /** Slots, tombstones included. */
  count: number;
  live: number;
  entryPoint: number;
  maxLevel: number;
  prngState: number;
  idKind: IdKind;
  upperLength: number;
}

export interface HnswSegments {
  vectors: ArrayBuffer;
  codes?: ArrayBuffer;
  scales?: ArrayBuffer;
  nodes: ArrayBuffer;
  links0: ArrayBuffer;
  upper: ArrayBuffer;
  ids: ArrayBuffer;
  idOffsets?: ArrayBuffer;
}

/** Settings the caller requires; a mismatch means "rebuild", not "load something else". */
export type ExpectedSettings = Partial<
  Pick<HnswHeader, 'dims' | 'M' | 'efConstruction' | 'metric' | 'quantization' | 'modelId'>
>;

export class HnswFormatError extends Error {
  override readonly name = 'HnswFormatError';
  constructor(
    readonly reason: 'format' | 'version' | 'settings' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

export function serializeState(state: IndexState): {
  header: HnswHeader;
  segments: HnswSegments;
} {
  const { params, store, ids } = state;
  const n = store.count;
  const dims = params.dims;
  const nodes = new Uint8Array(2 * n);
  nodes.set(store.levels.subarray(0, n), 0);
  nodes.set(store.deleted.subarray(0, n), n);
  const packed = ids.pack();
  const segments: HnswSegments = {
    vectors: store.vectors.slice(0, n * dims).buffer,
    nodes: nodes.buffer,
    links0: store.links0.slice(0, n * (store.M0 + 1)).buffer,
    upper: store.upper.slice(0, store.upperLength).buffer,
    ids: new ArrayBuffer(0),
  };
  if (state.scales && store.codes) {
    segments.codes = store.codes.slice(0, n * dims).buffer;
    segments.scales = state.scales.slice().buffer;
  }
  if (packed.kind === 'number' && packed.numbers) segments.ids = packed.numbers.buffer as ArrayBuffer;
  if (packed.kind === 'string' && packed.text !== undefined && packed.offsets) {
    segments.ids = new TextEncoder().encode(packed.text).buffer;
    segments.idOffsets = packed.offsets.buffer as ArrayBuffer;
  }
  const header: HnswHeader = {
    format: HNSW_FORMAT,
    formatVersion: HNSW_FORMAT_VERSION,
    metric: 'cosine',
    dims,
    M: params.M,
    efConstruction: params.efConstruction,
    efSearch: params.efSearch,
    seed: params.seed,
    quantization: params.quantization,
    quantized: segments.codes !== undefined,
    int8TrainSize: params.int8TrainSize,
    compactFraction: params.compactFraction,
    modelId: params.modelId,
    count: n,
    live: state.liveCount,
    entryPoint: state.entryPoint,
    maxLevel: state.maxLevel,
    prngState: state.prngState,
    idKind: packed.kind,
    upperLength: store.upperLength,
  };
  return { header, segments };
}

/** Wraps the segments (adopted, not copied: do not reuse them) into an index state. */
export function deserializeState(
  header: HnswHeader,
  segments: HnswSegments,
  expected: ExpectedSettings,
): IndexState {
  checkHeader(header, expected);
  const { dims, M, count: n } = header;
  const view = <T>(name: keyof HnswSegments, make: (b: ArrayBuffer) => T, bytes: number): T => {
    const buffer = segments[name];
    if (!buffer || buffer.byteLength !== bytes) {
      throw new HnswFormatError(
        'corrupt',
        `Segment ${name} holds ${buffer?.byteLength ?? 0} bytes; the header implies ${bytes}.`,
      );
    }
    return make(buffer);
  };
  const nodes = view('nodes', (b) => new Uint8Array(b), 2 * n);
  const store = GraphStore.fromArrays(dims, M, n, {
    vectors: view('vectors', (b) => new Float32Array(b), 4 * n * dims),
    codes: header.quantized ? view('codes', (b) => new Int8Array(b), n * dims) : undefined,
    levels: nodes.subarray(0, n),
    deleted: nodes.subarray(n, 2 * n),
    links0: view('links0', (b) => new Int32Array(b), 4 * n * (2 * M + 1)),
    upper: view('upper', (b) => new Int32Array(b), 4 * header.upperLength),
  });
  const isDeleted = (slot: number): boolean => store.deleted[slot] === 1;
  let ids: IdTable;
  if (header.idKind === 'number') {
    const numbers = view('ids', (b) => new Float64Array(b), 8 * n);
    ids = IdTable.fromPacked({ kind: 'number', count: n, numbers }, isDeleted);
  } else if (header.idKind === 'string') {
    const offsets = view('idOffsets', (b) => new Uint32Array(b), 4 * (n + 1));
    const bytes = segments.ids.byteLength;
    const text = view('ids', (b) => new TextDecoder().decode(b), bytes);
    if (offsets[n] !== text.length)
      throw new HnswFormatError('corrupt', 'String ids do not match their offsets.');
    ids = IdTable.fromPacked({ kind: 'string', count: n, text, offsets }, isDeleted);
  } else {
    ids = new IdTable(isDeleted);
  }
  const params: HnswParams = {
    dims,
    M,
    efConstruction: header.efConstruction,
    efSearch: header.efSearch,
    seed: header.seed,
    quantization: header.quantization,
    int8TrainSize: header.int8TrainSize,
    modelId: header.modelId,
    compactFraction: header.compactFraction,
  };
  return {
    params,
    store,
    ids,
    entryPoint: header.entryPoint,
    maxLevel: header.maxLevel,
    liveCount: header.live,
    scales: header.quantized ? view('scales', (b) => new Float32Array(b), 4 * dims) : undefined,
    prngState: header.prngState,
  };
}

function checkHeader(header: HnswHeader, expected: ExpectedSettings): void {
  if (header.format !== HNSW_FORMAT) {
    throw new HnswFormatError('format', `Not an HNSW index (format "${header.format}").`);
  }
  if (header.formatVersion !== HNSW_FORMAT_VERSION) {
    throw new HnswFormatError(
      'version',
      `Index format version ${header.formatVersion} is not ${HNSW_FORMAT_VERSION}; rebuild the index.`,
    );
  }
  for (const key of Object.keys(expected) as (keyof ExpectedSettings)[]) {
    const want = expected[key];
    if (want !== undefined && header[key] !== want) {
      throw new HnswFormatError(
        'settings',
        `Index was built with ${key} = ${String(header[key])}, expected ${String(want)}; rebuild the index.`,
      );
    }
  }
  const n = header.count;
  const badEntry = n > 0 ? header.entryPoint < 0 || header.entryPoint >= n : header.entryPoint !== -1;
  if (!Number.isInteger(n) || n < 0 || header.live > n || badEntry) {
    throw new HnswFormatError('corrupt', 'Index header counts are inconsistent.');
  }
}
