// Plain data shared by the parts of private RAG chat: passages as retrieval hands them over, chat
// messages as the model's chat template takes them, and the source table an answer's citations point
// into. Core imports nothing from the db layer, so the stored location shape is restated here
// structurally; a stored `ChunkLocation` is assignable to `SourceLocation` as it is.

/** Where a passage sits in its source (the stored chunk location, field for field). */
export interface SourceLocation {
  readonly page?: number;
  readonly boxes?: readonly (readonly [number, number, number, number])[];
  readonly timeRange?: readonly [number, number];
  readonly region?: readonly [number, number, number, number];
  readonly pages?: readonly {
    readonly page: number;
    readonly box: readonly [number, number, number, number];
  }[];
  readonly anchor?: {
    readonly blockStart: number;
    readonly blockEnd: number;
    readonly elementId?: string;
    readonly charStart?: number;
    readonly charEnd?: number;
  };
}

/** A retrieved passage: one chunk (or, after merging, a run of neighbouring chunks of one version). */
export interface Passage {
  readonly chunkId: string;
  readonly documentId: string;
  readonly versionId: string;
  /** Position in its version; neighbours are ordinal ± 1. */
  readonly ordinal: number;
  /** The document's title. */
  readonly title: string;
  readonly headingPath: readonly string[];
  readonly location: SourceLocation;
  readonly text: string;
  /** Retrieval score (fused); higher is stronger. Only its order matters here. */
  readonly score: number;
}

/** A passage after de-duplication and neighbour merging: it may stand for several chunks. */
export interface ContextPassage extends Passage {
  /** Every chunk it covers, in reading order (the first is `chunkId`). */
  readonly chunkIds: readonly string[];
  /** The last ordinal it covers (`ordinal` is the first). */
  readonly lastOrdinal: number;
  /** The text was cut at a sentence to fit the context. */
  readonly isTruncated: boolean;
}

export type ChatRole = 'system' | 'user' | 'assistant';

/** One message as a chat template renders it. */
export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

/** One earlier exchange of the conversation. */
export interface ChatTurn {
  readonly question: string;
  readonly answer: string;
}

/** A numbered source of a prompt: what `[n]` in the answer refers to. */
export interface SourceEntry {
  readonly n: number;
  readonly passage: ContextPassage;
}
