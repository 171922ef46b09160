// One embedding model's vector index as the search worker keeps it: an HNSW graph (src/core/hnsw) over
// the passages' vectors plus the catalog of what it holds, and their stored form (ADR 0110): a "meta"
// part (layout version, HNSW header), the HNSW buffers as parts of their own, and the catalog. Loading
// checks the layout, the HNSW format version and the build settings; any difference is a reason to
// rebuild, given as a LoadRefusal, never a half-loaded index.
import { HnswIndex } from '../core/hnsw/hnsw-index';
import {
  HnswFormatError,
  HNSW_FORMAT_VERSION,
  type HnswHeader,
  type HnswSegments,
} from '../core/hnsw/format';
import type { StoredIndex, StoredIndexPart } from '../db/repositories/indexes';
import { Catalog } from './catalog';
import { LoadRefusal, STORE_LAYOUT_VERSION, decodeJson, encodeJson } from './stored-parts';

export interface VectorIndexSettings {
  M: number;
  efConstruction: number;
}

export const DEFAULT_VECTOR_SETTINGS: VectorIndexSettings = { M: 16, efConstruction: 200 };

const SEGMENT_NAMES = ['vectors', 'codes', 'scales', 'nodes', 'links0', 'upper', 'ids', 'idOffsets'] as const;

export function vectorIndexKey(modelId: string): string {
  return `hnsw:${modelId}`;
}

export class VectorIndex {
  constructor(
    readonly modelId: string,
    readonly hnsw: HnswIndex,
    readonly catalog: Catalog,
  ) {}

  static create(modelId: string, dims: number, settings: VectorIndexSettings): VectorIndex {
    const hnsw = new HnswIndex({ dims, M: settings.M, efConstruction: settings.efConstruction, modelId });
    return new VectorIndex(modelId, hnsw, new Catalog());
  }

  readonly formatVersion = HNSW_FORMAT_VERSION;

  get dims(): number {
    return this.hnsw.params.dims;
  }

  buildSettings(): Record<string, number | string | boolean> {
    const p = this.hnsw.params;
    return {
      layout: STORE_LAYOUT_VERSION,
      dims: p.dims,
      M: p.M,
      efConstruction: p.efConstruction,
      metric: 'cosine',
      quantization: p.quantization,
      modelId: p.modelId,
    };
  }

  toParts(): StoredIndexPart[] {
    const { header, segments } = this.hnsw.serialize();
    const parts: StoredIndexPart[] = [
      { part: 'meta', data: encodeJson({ layout: STORE_LAYOUT_VERSION, header }), itemCount: header.live },
      { part: 'catalog', data: this.catalog.toBytes(), itemCount: this.catalog.documentCount },
    ];
    for (const name of SEGMENT_NAMES) {
      const data = segments[name];
      if (data) parts.push({ part: name, data });
    }
    return parts;
  }

  /** Loads a stored index; throws LoadRefusal when it must be rebuilt instead. */
  static fromStored(
    stored: StoredIndex,
    expected: { modelId: string; settings: VectorIndexSettings },
  ): VectorIndex {
    if (stored.formatVersion !== HNSW_FORMAT_VERSION) {
      throw new LoadRefusal(
        'version',
        `HNSW format ${String(stored.formatVersion)} is not ${String(HNSW_FORMAT_VERSION)}.`,
      );
    }
    const meta = decodeJson(stored.parts.get('meta'));
    if (meta['layout'] !== STORE_LAYOUT_VERSION)
      throw new LoadRefusal('version', 'Stored with another layout.');
    const header = meta['header'] as HnswHeader;
    const segments: Partial<Record<(typeof SEGMENT_NAMES)[number], ArrayBuffer>> = {};
    for (const name of SEGMENT_NAMES) {
      const data = stored.parts.get(name);
      if (data) segments[name] = data;
    }
    const catalogBytes = stored.parts.get('catalog');
    if (!catalogBytes) throw new LoadRefusal('corrupt', 'The catalog part is missing.');
    try {
      const hnsw = HnswIndex.deserialize(header, segments as HnswSegments, {
        modelId: expected.modelId,
        M: expected.settings.M,
        efConstruction: expected.settings.efConstruction,
        metric: 'cosine',
        quantization: 'none',
      });
      const catalog = Catalog.fromBytes(catalogBytes);
      if (catalog.passageCount !== hnsw.size) {
        throw new LoadRefusal(
          'corrupt',
          `The catalog lists ${String(catalog.passageCount)} passages, the graph ${String(hnsw.size)}.`,
        );
      }
      return new VectorIndex(expected.modelId, hnsw, catalog);
    } catch (error) {
      if (error instanceof LoadRefusal) throw error;
      if (error instanceof HnswFormatError) {
        throw new LoadRefusal(
          error.reason === 'settings' ? 'settings' : error.reason === 'corrupt' ? 'corrupt' : 'version',
          error.message,
        );
      }
      throw new LoadRefusal('corrupt', error instanceof Error ? error.message : String(error));
    }
  }
}
