// What an index holds, document by document: which version of each document and which passages (chunk
// ids) it put in. This is the index's watermark (ADR 0110): syncing compares it with the documents'
// active versions in IndexedDB, so a missed call, a crash between two saves or a delete made while the
// worker was closed all come right on the next sync. It is saved with the index, in the same transaction.

export interface CatalogEntry {
  versionId: string;
  chunkIds: string[];
}

interface StoredCatalog {
  v: 1;
  /** [documentId, versionId, chunkIds] per document. */
  docs: [string, string, string[]][];
}

export class Catalog {
  readonly #docs = new Map<string, CatalogEntry>();
  #chunkToDoc: Map<string, string> | undefined = new Map();

  get documentCount(): number {
    return this.#docs.size;
  }

  get passageCount(): number {
    let n = 0;
    for (const entry of this.#docs.values()) n += entry.chunkIds.length;
    return n;
  }

  entry(documentId: string): CatalogEntry | undefined {
    return this.#docs.get(documentId);
  }

  documentIds(): string[] {
    return [...this.#docs.keys()];
  }

  /** The document a passage belongs to (undefined when this index does not hold it). */
  documentOf(chunkId: string): string | undefined {
    if (!this.#chunkToDoc) {
      // Built on first use rather than at load, so a loaded index answers its first query sooner.
      const map = new Map<string, string>();
      for (const [documentId, entry] of this.#docs) for (const id of entry.chunkIds) map.set(id, documentId);
      this.#chunkToDoc = map;
    }
    return this.#chunkToDoc.get(chunkId);
  }

  set(documentId: string, entry: CatalogEntry): void {
    this.delete(documentId);
    this.#docs.set(documentId, entry);
    if (this.#chunkToDoc) for (const id of entry.chunkIds) this.#chunkToDoc.set(id, documentId);
  }

  delete(documentId: string): CatalogEntry | undefined {
    const old = this.#docs.get(documentId);
    if (!old) return undefined;
    this.#docs.delete(documentId);
    if (this.#chunkToDoc) for (const id of old.chunkIds) this.#chunkToDoc.delete(id);
    return old;
  }

  toBytes(): ArrayBuffer {
    const stored: StoredCatalog = {
      v: 1,
      docs: [...this.#docs].map(([id, e]) => [id, e.versionId, e.chunkIds]),
    };
    return new TextEncoder().encode(JSON.stringify(stored)).buffer;
  }

  /** Throws when the bytes are not a catalog this version wrote. */
  static fromBytes(bytes: ArrayBuffer): Catalog {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<StoredCatalog>;
    if (parsed.v !== 1 || !Array.isArray(parsed.docs)) throw new Error('Not a search catalog (version 1).');
    const catalog = new Catalog();
    catalog.#chunkToDoc = undefined;
    for (const row of parsed.docs) {
      const [id, versionId, chunkIds] = row;
      if (typeof id !== 'string' || typeof versionId !== 'string' || !Array.isArray(chunkIds)) {
        throw new Error('A search catalog row is damaged.');
      }
      catalog.#docs.set(id, { versionId, chunkIds });
    }
    return catalog;
  }
}
