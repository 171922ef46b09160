// Turns a folder of model files (config.json, tokenizer files, onnx/*.onnx) into a registry entry for a
// self-hosted models/manifest.json: task and task facts from config.json, ONNX sessions and dtypes from
// the file names transformers.js 4.3.1 uses, and a dtype plan per device profile from what is there.
// An optional `thinkbank.json` in the folder overrides any field (pooling, prefixes, label…).
import {
  DTYPE_SUFFIX,
  F16_DTYPES,
  type DeviceProfile,
  type Dtype,
  type DtypeChoice,
  type ModelEntry,
} from '../src/ml/registry';

export interface FolderFacts {
  repo: string;
  revision: string;
  config: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown> | undefined;
  preprocessor: Record<string, unknown> | undefined;
  /** Top-level files other than graphs, with sizes. */
  supportFiles: { path: string; bytes: number }[];
  /** Paths under onnx/ with sizes. */
  graphs: { path: string; bytes: number }[];
  overrides: Partial<ModelEntry> | undefined;
}

const PREFERENCE: Record<DeviceProfile, readonly Dtype[]> = {
  wasm: ['q8', 'int8', 'uint8', 'q4', 'fp32', 'bnb4'],
  webgpu: ['fp32', 'q4', 'q8', 'int8', 'uint8', 'bnb4'],
  'webgpu-f16': ['fp16', 'q4f16', 'fp32', 'q4', 'q8', 'int8', 'uint8', 'bnb4'],
};

/** "onnx/decoder_model_merged_fp16.onnx" → session "decoder_model_merged", dtype fp16. */
export function parseGraphName(path: string): { session: string; dtype: Dtype } | undefined {
  const match = /^onnx\/([\w.-]+)\.onnx$/.exec(path);
  const stem = match?.[1];
  if (stem === undefined) return undefined;
  const bySuffixLength = (Object.entries(DTYPE_SUFFIX) as [Dtype, string][])
    .filter(([, suffix]) => suffix !== '')
    .sort((a, b) => b[1].length - a[1].length);
  for (const [dtype, suffix] of bySuffixLength) {
    if (stem.endsWith(suffix)) return { session: stem.slice(0, -suffix.length), dtype };
  }
  return { session: stem, dtype: 'fp32' };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function sub(config: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = config[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function taskFacts(
  facts: FolderFacts,
): Pick<ModelEntry, 'task' | 'modelClass' | 'pipelineTask'> & Record<string, unknown> {
  const { config, preprocessor } = facts;
  const type = str(config['model_type']);
  const architectures = Array.isArray(config['architectures']) ? config['architectures'].map(String) : [];
  const imageSize = (p: Record<string, unknown> | undefined, fallback: number) => {
    const size = p?.['size'];
    if (typeof size === 'number') return size;
    if (typeof size === 'object' && size !== null)
      return num((size as Record<string, unknown>)['height'], fallback);
    return fallback;
  };
  if (type === 'clip') {
    return {
      task: 'image-text-embedding',
      modelClass: 'CLIPTextModelWithProjection + CLIPVisionModelWithProjection',
      embedding: {
        dimensions: num(config['projection_dim'], 512),
        maxTokens: num(sub(config, 'text_config')['max_position_embeddings'], 77),
        imageSize: num(sub(config, 'vision_config')['image_size'], 224),
        normalize: true,
      },
    };
  }
  if (type === 'whisper') {
    return {
      task: 'speech-to-text',
      modelClass: 'WhisperForConditionalGeneration',
      pipelineTask: 'automatic-speech-recognition',
      speech: {
        sampleRate: num(preprocessor?.['sampling_rate'], 16000),
        chunkSeconds: 30,
        multilingual: !facts.repo.endsWith('.en'),
      },
    };
  }
  if (type === 'vision-encoder-decoder') {
    return {
      task: 'captioning',
      modelClass: 'AutoModelForVision2Seq',
      pipelineTask: 'image-to-text',
      captioning: { imageSize: imageSize(preprocessor, 224), maxNewTokens: 30, prompts: {} },
    };
  }
  if (architectures.some((a) => a.endsWith('ForCausalLM'))) {
    const template = str(facts.tokenizerConfig?.['chat_template']);
    return {
      task: 'chat',
      modelClass: 'AutoModelForCausalLM',
      pipelineTask: 'text-generation',
      chat: {
        contextTokens: num(config['max_position_embeddings'], 2048),
        template: template.includes('<|im_start|>') ? 'chatml' : 'llama3',
      },
    };
  }
  if (architectures.some((a) => a.endsWith('ForSequenceClassification'))) {
    return {
      task: 'reranking',
      modelClass: 'AutoModelForSequenceClassification',
      pipelineTask: 'text-classification',
      reranking: { maxTokens: num(config['max_position_embeddings'], 512), scoreActivation: 'sigmoid' },
    };
  }
  return {
    task: 'text-embedding',
    modelClass: 'AutoModel',
    pipelineTask: 'feature-extraction',
    embedding: {
      dimensions: num(config['hidden_size'], 384),
      maxTokens: num(config['max_position_embeddings'], 512),
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
    },
  };
}

/** The best dtype per session for a profile; one string when every session agrees. */
function planFor(
  profile: DeviceProfile,
  weights: Record<string, Partial<Record<Dtype, number>>>,
): DtypeChoice {
  const chosen: Record<string, Dtype> = {};
  for (const [session, sizes] of Object.entries(weights)) {
    const dtype = PREFERENCE[profile].find(
      (d) => sizes[d] !== undefined && (profile === 'webgpu-f16' || !F16_DTYPES.has(d)),
    );
    if (dtype !== undefined) chosen[session] = dtype;
  }
  const values = [...new Set(Object.values(chosen))];
  const only = values[0];
  return values.length === 1 &&
    only !== undefined &&
    Object.keys(chosen).length === Object.keys(weights).length
    ? only
    : chosen;
}

export function keyForRepo(repo: string): string {
  return repo
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
}

export function entryFromFolder(facts: FolderFacts): ModelEntry {
  const weights: Record<string, Partial<Record<Dtype, number>>> = {};
  for (const graph of facts.graphs) {
    const parsed = parseGraphName(graph.path);
    if (!parsed) continue;
    (weights[parsed.session] ??= {})[parsed.dtype] = graph.bytes;
  }
  const task = taskFacts(facts);
  const entry = {
    key: keyForRepo(facts.repo),
    label: facts.repo,
    repo: facts.repo,
    revision: facts.revision,
    pinned: true,
    revisionSource: 'https://thinkbank.invalid/self-hosted (content hash of the served files)',
    modelType: str(facts.config['model_type']) || 'unknown',
    license: 'see the model folder',
    isDefault: false,
    weights,
    supportFiles: facts.supportFiles,
    dtypes: {
      'webgpu-f16': planFor('webgpu-f16', weights),
      webgpu: planFor('webgpu', weights),
      wasm: planFor('wasm', weights),
    },
    note: 'Self-hosted on this site.',
    ...task,
  } as unknown as ModelEntry;
  return { ...entry, ...facts.overrides } as ModelEntry;
}
