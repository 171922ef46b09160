// Names the ingest worker and the page share — settings keys and the index channel — kept apart from
// the pipeline so the page can import them without pulling parsers into the main bundle.

/** Settings key: the queue is paused (it survives reloads). */
export const PAUSED_KEY = 'ingest.paused';
/** Settings key: the largest file accepted, in bytes. */
export const MAX_FILE_KEY = 'ingest.maxFileBytes';
export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Settings key: keep the GPS position photos carry (off by default: it is dropped at intake). */
export const KEEP_IMAGE_LOCATION_KEY = 'ingest.keepImageLocation';

/** Where ingestion announces changes to passages; the search worker listens (ADR 0100). */
export const INDEX_CHANNEL = 'thinkbank-index';

export type IndexEvent =
  | { type: 'version-ready'; documentId: string; versionId: string }
  | { type: 'document-deleted'; documentId: string };
