// The shape of a curated model entry. Pure data types, shared by the workers (which load models),
// the UI (which shows sizes, licences and choices) and the tests that hold the registry to its rules.

/** What ThinkBank uses a model for. One default model per task. */
export type ModelTask =
  'text-embedding' | 'image-text-embedding' | 'captioning' | 'chat' | 'speech-to-text' | 'reranking';

export const MODEL_TASKS: readonly ModelTask[] = [
  'text-embedding',
  'image-text-embedding',
  'captioning',
  'chat',
  'speech-to-text',
  'reranking',
];

/**
 * Weight formats as transformers.js 4.3.1 names them (`dtype` option). Each maps to a file-name
 * suffix: fp32 → `model.onnx`, fp16 → `model_fp16.onnx`, q8 → `model_quantized.onnx`,
 * int8/uint8/q4/q4f16/bnb4 → `model_<dtype>.onnx`.
 */
export type Dtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** One dtype for every ONNX session, or one per session (e.g. fp32 encoder + fp16 decoder). */
export type DtypeChoice = Dtype | Readonly<Record<string, Dtype>>;

/** The three situations the loader meets. WebNN, when added, gets its own row. */
export type DeviceProfile = 'webgpu-f16' | 'webgpu' | 'wasm';

/** Dtype per device profile: fp16 kinds only where the adapter has `shader-f16`. */
export type DtypePlan = Readonly<Record<DeviceProfile, DtypeChoice>>;

/**
 * A model's ONNX sessions (file stems under `onnx/`) and, per session, the dtypes the pinned
 * revision actually holds with their approximate size in bytes (as the hub's file list shows it).
 */
export type OnnxWeights = Readonly<Record<string, Partial<Readonly<Record<Dtype, number>>>>>;

/** A non-ONNX file transformers.js fetches (config, tokenizer, processor), with approximate size. */
export interface SupportFile {
  path: string;
  bytes: number;
}

/** How text becomes a vector: pooling, normalisation and the prefixes the model was trained with. */
export interface TextEmbeddingSpec {
  dimensions: number;
  maxTokens: number;
  pooling: 'cls' | 'mean';
  normalize: boolean;
  /** Put before a search query (bge: an instruction; e5: "query: "). */
  queryPrefix: string;
  /** Put before a stored passage (e5: "passage: "; bge: nothing). */
  passagePrefix: string;
}

/** Image and text share one space; vectors come from the projection heads, then L2-normalised. */
export interface ImageTextEmbeddingSpec {
  dimensions: number;
  maxTokens: number;
  imageSize: number;
  normalize: boolean;
}

export interface CaptioningSpec {
  imageSize: number;
  maxNewTokens: number;
  /** Task prompts for prompt-driven models (Florence-2); empty for plain captioners. */
  prompts: Readonly<Record<string, string>>;
}

export interface ChatSpec {
  /** Context window in tokens (prompt + answer), from the model's config. */
  contextTokens: number;
  /** The chat template family in tokenizer_config.json, for prompt-budget arithmetic. */
  template: 'chatml' | 'llama3';
}

export interface SpeechSpec {
  sampleRate: number;
  /** Whisper reads 30 s windows; longer audio is chunked with a stride. */
  chunkSeconds: number;
  multilingual: boolean;
}

export interface RerankingSpec {
  maxTokens: number;
  /** The single logit is turned into a 0–1 relevance score with this function. */
  scoreActivation: 'sigmoid';
}

/** Task-specific facts, tagged by task so the compiler ties each spec to its task. */
export type TaskSpec =
  | { task: 'text-embedding'; embedding: TextEmbeddingSpec }
  | { task: 'image-text-embedding'; embedding: ImageTextEmbeddingSpec }
  | { task: 'captioning'; captioning: CaptioningSpec }
  | { task: 'chat'; chat: ChatSpec }
  | { task: 'speech-to-text'; speech: SpeechSpec }
  | { task: 'reranking'; reranking: RerankingSpec };

/** A revision is a full commit sha, or — only when no sha could be found — the branch, flagged. */
export type RevisionPin = { revision: string; pinned: true } | { revision: 'main'; pinned: false };

interface EntryBase {
  /** Stable key: stored with vectors and settings, never reused for a different model. */
  key: string;
  /** Name shown to people. */
  label: string;
  /** Hugging Face repo id in the ONNX layout transformers.js loads. */
  repo: string;
  /** Where the revision (and file list) was read. */
  revisionSource: string;
  /** `model_type` in config.json. */
  modelType: string;
  /** transformers.js class(es) that load it. */
  modelClass: string;
  /** transformers.js pipeline task, when a pipeline drives it. */
  pipelineTask?: string;
  /** SPDX id where one exists, otherwise the licence's name. */
  license: string;
  isDefault: boolean;
  /** A smaller entry of the same task to use instead when only WASM is available. */
  wasmFallback?: string;
  weights: OnnxWeights;
  supportFiles: readonly SupportFile[];
  dtypes: DtypePlan;
  /** Why it is in the registry, in one line. */
  note: string;
}

export type ModelEntry = EntryBase & RevisionPin & TaskSpec;
