// Record types of the `thinkbank` IndexedDB database. Shared by the UI and the workers, so they are
// plain structured-cloneable data: no classes, no functions, big payloads as ArrayBuffer. Timestamps are
// epoch milliseconds; ids are random UUID strings unless a record says otherwise.

/** A separate library. Every document belongs to exactly one. */
export interface CollectionRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
}

export type DocumentType = 'pdf' | 'markdown' | 'html' | 'docx' | 'text' | 'image' | 'audio' | 'other';

/** Where a document is in ingestion; `failed` keeps the reason on its job. */
export type DocumentStatus = 'pending' | 'processing' | 'ready' | 'failed';

export interface DocumentRecord {
  id: string;
  collectionId: string;
  title: string;
  type: DocumentType;
  /** The file name or URL it came from. */
  sourceName: string;
  mimeType: string;
  sizeBytes: number;
  tags: string[];
  /** SHA-256 (hex) of the active version's bytes: finds duplicates before storing them twice. */
  contentHash: string;
  activeVersionId: string | undefined;
  status: DocumentStatus;
  /** When the content was made, where the file says (a photo's EXIF capture time); epoch ms. */
  date?: number;
  /** What an image document is, and its thumbnail for result lists (ADR 0072). */
  image?: ImageInfo;
  createdAt: number;
  updatedAt: number;
}

/** An image file's facts, kept on its version and on the document once that version is active. */
export interface ImageInfo {
  /** Upright size of the first page, in pixels (SVG: the drawing's own units). */
  width: number;
  height: number;
  /** 1, or a multi-page TIFF's page count. */
  pages: number;
  /** WebP or JPEG ≤ 256 px on the long side; for SVG the cleaned drawing. Absent when none could be made. */
  thumbnail?: Blob;
  /** EXIF capture time, epoch ms. */
  takenAt?: number;
  /** EXIF GPS position, kept only when the person chose to (setting `ingest.keepImageLocation`). */
  location?: { latitude: number; longitude: number };
}

/** Original bytes, addressed by their SHA-256 so identical files are stored once. */
export interface BlobRecord {
  hash: string;
  mimeType: string;
  sizeBytes: number;
  data: Blob;
  createdAt: number;
}

/** One per distinct content hash of a document. */
export interface VersionRecord {
  id: string;
  documentId: string;
  contentHash: string;
  sizeBytes: number;
  createdAt: number;
}

/**
 * `image`: a picture itself (an image file's page), with no text: it carries the picture's vector of an
 * image–text model, so a text query finds the picture by what it shows (ADR 0079).
 */
export type ChunkKind = 'text' | 'caption' | 'ocr' | 'transcript' | 'image';

/** Where a passage sits in its source, so a citation can open the exact place. */
export interface ChunkLocation {
  page?: number;
  /** Boxes on the page, in PDF points: [x, y, width, height]. */
  boxes?: [number, number, number, number][];
  /** Seconds into a recording. */
  timeRange?: [number, number];
  /** Region of an image, in pixels: [x, y, width, height]. */
  region?: [number, number, number, number];
  /** Every page a passage touches, one union box each, normalised to 0–1 with a top-left origin. */
  pages?: { page: number; box: [number, number, number, number] }[];
  /** A passage of a source without pages: its block range and, where known, element id and characters. */
  anchor?: { blockStart: number; blockEnd: number; elementId?: string; charStart?: number; charEnd?: number };
}

export interface ChunkRecord {
  id: string;
  documentId: string;
  versionId: string;
  /** Position in the version, from 0; unique per version. */
  ordinal: number;
  kind: ChunkKind;
  text: string;
  headingPath: string[];
  location: ChunkLocation;
  tokenCount: number;
}

/**
 * Many vectors of one embedding model in one record, never one record per vector: rows of
 * `dimensions` float32 values in `data`, row i belonging to `chunkIds[i]`. A segment holds vectors of
 * one document version, so removing a document removes whole segments.
 */
export interface VectorSegmentRecord {
  modelId: string;
  segmentId: string;
  documentId: string;
  versionId: string;
  dimensions: number;
  chunkIds: string[];
  /** Float32Array buffer, chunkIds.length × dimensions values. */
  data: ArrayBuffer;
  createdAt: number;
}

export type IndexKind = 'hnsw' | 'bm25';

/** A persisted piece of a search index; a reader refuses a format it does not know and rebuilds. */
export interface IndexSegmentRecord {
  id: string;
  kind: IndexKind;
  /** The embedding model an HNSW index belongs to; '' for BM25. */
  modelId: string;
  formatVersion: number;
  /** The settings it was built with (M, efConstruction, k1, b…): a change means a rebuild. */
  buildSettings: Record<string, number | string | boolean>;
  itemCount: number;
  data: ArrayBuffer;
  builtAt: number;
}

/** `needs-password`: the file is an encrypted PDF; the job waits until the person gives the password. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'needs-password';
export type JobStage = 'parse' | 'chunk' | 'embed' | 'index' | 'done';

/** An error as stored or sent between threads: a value with name, message and cause. */
export interface ErrorInfo {
  name: string;
  message: string;
  cause?: ErrorInfo;
}

export interface JobRecord {
  id: string;
  documentId: string;
  versionId: string;
  status: JobStatus;
  stage: JobStage;
  /** 0 to 1 within the current stage. */
  progress: number;
  attempts: number;
  /** Last sign of life of the worker running it; a stale one goes back to the queue. */
  heartbeatAt: number;
  error: ErrorInfo | undefined;
  /** Milliseconds spent per stage. */
  timings: Partial<Record<JobStage, number>>;
  createdAt: number;
  updatedAt: number;
}

export interface ConversationRecord {
  id: string;
  collectionId: string;
  title: string;
  createdAt: number;
  updatedAt: number;
}

export interface CitationRecord {
  /** The number shown as [n] in the answer. */
  n: number;
  chunkId: string;
  documentId: string;
  location: ChunkLocation;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  role: 'user' | 'assistant';
  text: string;
  citations: CitationRecord[];
  createdAt: number;
}

/** Settings are a key/value table: each feature owns its keys. */
export interface SettingRecord {
  key: string;
  value: unknown;
  updatedAt: number;
}

export type ModelTask = 'embedding' | 'chat' | 'caption' | 'ocr' | 'speech';

/** A model this device has downloaded (or is downloading). */
export interface ModelRecord {
  id: string;
  task: ModelTask;
  sizeBytes: number;
  status: 'downloading' | 'ready' | 'failed';
  downloadedAt: number | undefined;
}
