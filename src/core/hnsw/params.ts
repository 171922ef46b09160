// Build and search settings of an index, their defaults and their validation. The defaults are
// the ones measured in docs/decisions/0050-hnsw-vector-index.md.

export type Quantization = 'none' | 'int8';

export interface HnswOptions {
  /** Vector length; a multiple of 4 (the distance loop is unrolled by four). */
  dims: number;
  /** Links per node on upper levels; level 0 keeps 2·M. */
  M?: number;
  /** Beam width while inserting. */
  efConstruction?: number;
  /** Default beam width while searching (raised to k when smaller). */
  efSearch?: number;
  /** Seed of the level draws: same seed and inserts → same graph bytes. */
  seed?: number;
  /** 'int8': walk the graph on int8 codes, rescore the final candidates with the floats. */
  quantization?: Quantization;
  /** Live vectors needed before int8 scales are trained (earlier searches use floats). */
  int8TrainSize?: number;
  /** Embedding model the vectors come from; a loaded index must match it. */
  modelId?: string;
  /** compact() rebuilds once tombstones exceed this fraction of all slots. */
  compactFraction?: number;
}

export type HnswParams = Required<HnswOptions>;

export const HNSW_DEFAULTS = {
  M: 16,
  efConstruction: 200,
  efSearch: 64,
  seed: 0x5eed,
  quantization: 'none',
  int8TrainSize: 1000,
  modelId: '',
  compactFraction: 0.25,
} as const satisfies Omit<HnswParams, 'dims'>;

export function resolveParams(options: HnswOptions): HnswParams {
  const params: HnswParams = { ...HNSW_DEFAULTS, ...options };
  const positiveInt = (name: keyof HnswParams, value: number, min: number): void => {
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`${name} must be an integer ≥ ${min}; got ${value}.`);
    }
  };
  positiveInt('dims', params.dims, 4);
  if (params.dims % 4 !== 0) throw new RangeError(`dims must be a multiple of 4; got ${params.dims}.`);
  positiveInt('M', params.M, 2);
  positiveInt('efConstruction', params.efConstruction, 1);
  positiveInt('efSearch', params.efSearch, 1);
  positiveInt('int8TrainSize', params.int8TrainSize, 1);
  if (!(params.compactFraction > 0 && params.compactFraction <= 1)) {
    throw new RangeError(`compactFraction must be in (0, 1]; got ${params.compactFraction}.`);
  }
  return params;
}
