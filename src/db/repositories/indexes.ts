// Persisted search indexes (ADR 0110). An index is stored as a handful of large parts (the `indexes`
// table, one record per part, never one per vector or term), all written in one transaction with the
// same generation id, so a reader sees either the whole previous save or the whole new one. Every part
// carries the format version and build settings of its index; a reader that finds a part missing, a
// generation mixed up or a size that disagrees treats the index as damaged and rebuilds it. Only the
// search worker writes here.
import type { ThinkBankDb } from '../database';
import { asRaw, readNumber, readString } from '../normalize';
import type { IndexKind, IndexSegmentRecord } from '../types';

/** One stored part of an index: the base record plus which index and save it belongs to. */
export interface IndexPartRecord extends IndexSegmentRecord {
  /** `hnsw:<modelId>` or `bm25:<collectionId>`. */
  indexKey: string;
  /** The part's name within its index ("meta", "vectors", "links0"…). */
  part: string;
  /** Random id of the save that wrote it; all parts of a usable index share one. */
  generation: string;
  /** A large part is stored in pieces (IndexedDB refuses values above ~128 MB in Chromium). */
  piece: number;
  pieces: number;
}

/** Largest value written in one record: well under Chromium's per-value limit, quick to clone. */
export const MAX_PIECE_BYTES = 16 * 1024 * 1024;

export interface StoredIndexPart {
  part: string;
  data: ArrayBuffer;
  itemCount?: number;
}

export interface StoredIndex {
  indexKey: string;
  kind: IndexKind;
  modelId: string;
  formatVersion: number;
  buildSettings: Record<string, number | string | boolean>;
  generation: string;
  parts: Map<string, ArrayBuffer>;
}

const ID_SEPARATOR = '#';

function partId(indexKey: string, part: string): string {
  return `${indexKey}${ID_SEPARATOR}${part}`;
}

function readSettings(value: unknown): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [key, v] of Object.entries(asRaw(value))) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[key] = v;
  }
  return out;
}

/** Replaces every part of `indexKey` with `parts`, in one transaction. */
export async function saveIndex(
  db: ThinkBankDb,
  index: Omit<StoredIndex, 'parts' | 'generation'>,
  parts: readonly StoredIndexPart[],
): Promise<string> {
  const generation = crypto.randomUUID();
  const builtAt = Date.now();
  const records: IndexPartRecord[] = [];
  for (const p of parts) {
    const pieces = Math.max(1, Math.ceil(p.data.byteLength / MAX_PIECE_BYTES));
    for (let piece = 0; piece < pieces; piece++) {
      records.push({
        id: partId(index.indexKey, pieces === 1 ? p.part : `${p.part}~${String(piece)}`),
        kind: index.kind,
        modelId: index.modelId,
        formatVersion: index.formatVersion,
        buildSettings: index.buildSettings,
        itemCount: p.itemCount ?? 0,
        data: pieces === 1 ? p.data : p.data.slice(piece * MAX_PIECE_BYTES, (piece + 1) * MAX_PIECE_BYTES),
        builtAt,
        indexKey: index.indexKey,
        part: p.part,
        generation,
        piece,
        pieces,
      });
    }
  }
  await db.transaction('rw', db.indexes, async () => {
    await deleteIndexParts(db, index.indexKey);
    await db.indexes.bulkPut(records);
  });
  return generation;
}

async function deleteIndexParts(db: ThinkBankDb, indexKey: string): Promise<void> {
  await db.indexes.where('id').startsWith(`${indexKey}${ID_SEPARATOR}`).delete();
}

/** Removes an index's parts (its model or collection is gone, or it is to be rebuilt). */
export async function deleteIndex(db: ThinkBankDb, indexKey: string): Promise<void> {
  await db.transaction('rw', db.indexes, () => deleteIndexParts(db, indexKey));
}

/**
 * Reads an index's parts. Undefined when nothing is stored; throws StoredIndexError when parts of
 * different saves or formats are mixed (the caller rebuilds).
 */
export async function loadIndex(db: ThinkBankDb, indexKey: string): Promise<StoredIndex | undefined> {
  const rows = await db.indexes.where('id').startsWith(`${indexKey}${ID_SEPARATOR}`).toArray();
  if (rows.length === 0) return undefined;
  const first = asRaw(rows[0]);
  const generation = readString(first['generation'], '');
  const formatVersion = readNumber(first['formatVersion'], -1);
  const pieces = new Map<string, ArrayBuffer[]>();
  const expectedPieces = new Map<string, number>();
  for (const row of rows) {
    const raw = asRaw(row);
    if (
      readString(raw['generation'], '') !== generation ||
      readNumber(raw['formatVersion'], -2) !== formatVersion
    ) {
      throw new StoredIndexError(`The parts of index ${indexKey} come from different saves.`);
    }
    const data = raw['data'];
    if (!(data instanceof ArrayBuffer))
      throw new StoredIndexError(`Index ${indexKey} has a part without data.`);
    const part = readString(raw['part'], '');
    const list = pieces.get(part) ?? [];
    list[readNumber(raw['piece'], 0)] = data;
    pieces.set(part, list);
    expectedPieces.set(part, readNumber(raw['pieces'], 1));
  }
  const parts = new Map<string, ArrayBuffer>();
  for (const [part, list] of pieces) {
    const present = list.filter((b) => b instanceof ArrayBuffer);
    if (present.length !== expectedPieces.get(part) || present.length !== list.length) {
      throw new StoredIndexError(`Part ${part} of index ${indexKey} is missing pieces.`);
    }
    parts.set(part, joinPieces(present));
  }
  return {
    indexKey,
    kind: readString(first['kind'], '') === 'hnsw' ? 'hnsw' : 'bm25',
    modelId: readString(first['modelId'], ''),
    formatVersion,
    buildSettings: readSettings(first['buildSettings']),
    generation,
    parts,
  };
}

function joinPieces(list: ArrayBuffer[]): ArrayBuffer {
  if (list.length === 1 && list[0]) return list[0];
  const out = new Uint8Array(list.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of list) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** The keys of every stored index ("hnsw:…", "bm25:…"), from the part ids alone. */
export async function listIndexKeys(db: ThinkBankDb): Promise<string[]> {
  const ids = await db.indexes.toCollection().primaryKeys();
  return [...new Set(ids.map((id) => id.slice(0, id.lastIndexOf(ID_SEPARATOR))))].sort();
}

export class StoredIndexError extends Error {
  override readonly name = 'StoredIndexError';
}
