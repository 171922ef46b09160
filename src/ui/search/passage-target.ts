// What it takes to open a document at one passage, whether the passage came from a search result or
// from a chat answer's source: the viewer needs no more than this.
import type { ChunkLocation, DocumentType } from '../../db/types';

export interface PassageTarget {
  documentId: string;
  chunkId: string;
  title: string;
  /** A PDF opens at its page; undefined means "read it from the stored document". */
  type: DocumentType | undefined;
  location: ChunkLocation;
}
