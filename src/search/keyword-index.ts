// One library's (collection's) keyword index as the search worker keeps it: BM25 (src/core/bm25) over
// the passages' title, heading path and text, plus the catalog of what it holds, and their stored form
// (ADR 0110): "meta" (layout version, BM25 header with its settings), the term dictionary and passage
// ids as UTF-8 parts, the four typed arrays, and the catalog. Other settings or a damaged part refuse
// to load (LoadRefusal), and the worker rebuilds.
import { Bm25Index } from '../core/bm25/bm25-index';
import { BM25_FORMAT_VERSION, fromSegments, toSegments, type Bm25Header } from '../core/bm25/segments';
import { bm25Settings, type Bm25Settings } from '../core/bm25/settings';
import type { StoredIndex, StoredIndexPart } from '../db/repositories/indexes';
import { Catalog } from './catalog';
import { LoadRefusal, STORE_LAYOUT_VERSION, decodeJson, encodeJson } from './stored-parts';

export function keywordIndexKey(collectionId: string): string {
  return `bm25:${collectionId}`;
}

export interface PassageFields {
  title: string;
  headings: string;
  body: string;
}

function typed<T>(
  bytes: ArrayBuffer | undefined,
  name: string,
  width: number,
  make: (b: ArrayBuffer) => T,
): T {
  if (!bytes || bytes.byteLength % width !== 0)
    throw new LoadRefusal('corrupt', `The ${name} part is damaged.`);
  return make(bytes);
}

export class KeywordIndex {
  constructor(
    readonly collectionId: string,
    readonly bm25: Bm25Index,
    readonly catalog: Catalog,
  ) {}

  static create(collectionId: string, settings: Partial<Bm25Settings> = {}): KeywordIndex {
    return new KeywordIndex(collectionId, new Bm25Index(settings), new Catalog());
  }

  readonly formatVersion = BM25_FORMAT_VERSION;

  add(chunkId: string, fields: PassageFields): void {
    this.bm25.add({ id: chunkId, fields: { ...fields } });
  }

  buildSettings(): Record<string, number | string | boolean> {
    const s = this.bm25.settings;
    return {
      layout: STORE_LAYOUT_VERSION,
      k1: s.k1,
      b: s.b,
      fields: s.fields.map((f) => `${f.name}:${String(f.boost)}`).join(','),
      collectionId: this.collectionId,
    };
  }

  toParts(): StoredIndexPart[] {
    const seg = toSegments(this.bm25);
    const text = (value: string) => new TextEncoder().encode(value).buffer;
    return [
      {
        part: 'meta',
        data: encodeJson({ layout: STORE_LAYOUT_VERSION, header: seg.header }),
        itemCount: seg.header.docCount,
      },
      { part: 'catalog', data: this.catalog.toBytes(), itemCount: this.catalog.documentCount },
      { part: 'terms', data: text(seg.terms) },
      { part: 'docIds', data: text(seg.docIds) },
      { part: 'lengths', data: seg.lengths.buffer as ArrayBuffer },
      { part: 'postingStarts', data: seg.postingStarts.buffer as ArrayBuffer },
      { part: 'postingDocs', data: seg.postingDocs.buffer as ArrayBuffer },
      { part: 'postingTfs', data: seg.postingTfs.buffer as ArrayBuffer },
    ];
  }

  static fromStored(
    stored: StoredIndex,
    expected: { collectionId: string; settings: Partial<Bm25Settings> },
  ): KeywordIndex {
    if (stored.formatVersion !== BM25_FORMAT_VERSION) {
      throw new LoadRefusal(
        'version',
        `BM25 format ${String(stored.formatVersion)} is not ${String(BM25_FORMAT_VERSION)}.`,
      );
    }
    const meta = decodeJson(stored.parts.get('meta'));
    if (meta['layout'] !== STORE_LAYOUT_VERSION)
      throw new LoadRefusal('version', 'Stored with another layout.');
    const header = meta['header'] as Bm25Header;
    if (JSON.stringify(header.settings) !== JSON.stringify(bm25Settings(expected.settings))) {
      throw new LoadRefusal('settings', 'The keyword index was built with other settings.');
    }
    const text = (name: string) => new TextDecoder().decode(typed(stored.parts.get(name), name, 1, (b) => b));
    let bm25: Bm25Index;
    let catalog: Catalog;
    try {
      bm25 = fromSegments({
        header,
        terms: text('terms'),
        docIds: text('docIds'),
        lengths: typed(stored.parts.get('lengths'), 'lengths', 4, (b) => new Uint32Array(b)),
        postingStarts: typed(
          stored.parts.get('postingStarts'),
          'postingStarts',
          4,
          (b) => new Uint32Array(b),
        ),
        postingDocs: typed(stored.parts.get('postingDocs'), 'postingDocs', 4, (b) => new Uint32Array(b)),
        postingTfs: typed(stored.parts.get('postingTfs'), 'postingTfs', 2, (b) => new Uint16Array(b)),
      });
      const catalogBytes = stored.parts.get('catalog');
      if (!catalogBytes) throw new LoadRefusal('corrupt', 'The catalog part is missing.');
      catalog = Catalog.fromBytes(catalogBytes);
    } catch (error) {
      if (error instanceof LoadRefusal) throw error;
      throw new LoadRefusal('corrupt', error instanceof Error ? error.message : String(error));
    }
    if (catalog.passageCount !== bm25.size) {
      throw new LoadRefusal(
        'corrupt',
        `The catalog lists ${String(catalog.passageCount)} passages, the index ${String(bm25.size)}.`,
      );
    }
    return new KeywordIndex(expected.collectionId, bm25, catalog);
  }
}
