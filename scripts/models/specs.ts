// What each generated model folder holds: its ONNX graphs (random weights, seeded), its config
// and generation config, and the real tokenizer / pre-processing files copied from the shared
// model folder. Folder names are what tests and benches load with env.localModelPath = models/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bertConfig, bertGraph, MINILM_L6, TINY_BERT } from './bert';
import {
  captionerConfig,
  captionerGenerationConfig,
  gpt2DecoderGraph,
  TINY_CAPTIONER,
  vitEncoderGraph,
} from './captioner';
import { clipConfig, clipTextGraph, clipVisionGraph, TINY_CLIP } from './clip';
import { CHAT_CITE_ANSWER, tokenize } from './chat-cite';
import { llamaConfig, llamaGenerationConfig, llamaGraph, SMOLLM2_135M, TINY_CHAT_LLM, type LlamaDims } from './llama';
import { TINY_WHISPER, whisperConfig, whisperDecoderGraph, whisperEncoderGraph } from './whisper';

/** Relative path → file contents (JSON values are written pretty-printed). */
export type ModelFiles = Record<string, Uint8Array | Record<string, unknown>>;

export interface ModelSpec {
  /** Folder under models/, also the id transformers.js loads. */
  id: string;
  /** Shared source folders it copies files from (part of the up-to-date check). */
  sources: readonly string[];
  build: (sharedModels: string) => ModelFiles;
  /** Made only when named (a bench's full-size model, too big to build with every test run), into
   * bench-results/models/ so that linking models/ into a test build never lists it. */
  benchOnly?: boolean;
}

function copy(sharedModels: string, folder: string, names: readonly string[]): ModelFiles {
  const files: ModelFiles = {};
  for (const name of names) files[name] = readFileSync(join(sharedModels, folder, name));
  return files;
}

function readJson(sharedModels: string, folder: string, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(sharedModels, folder, name), 'utf8')) as Record<string, unknown>;
}

const MINILM = 'Xenova/all-MiniLM-L6-v2';
const MINILM_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];
const CLIP = 'openai/clip-vit-base-patch32';
const SMOLLM = 'HuggingFaceTB/SmolLM2-135M-Instruct';
const GPT2 = 'openai-community/gpt2';
const VIT_GPT2 = 'nlpconnect/vit-gpt2-image-captioning';
const WHISPER = 'Xenova/whisper-tiny.en';

/** A SmolLM2-vocabulary Llama folder: real tokenizer and chat template, generated graph. */
function llamaFolder(shared: string, dims: LlamaDims, seed: number): ModelFiles {
  return {
    ...copy(shared, SMOLLM, ['tokenizer.json', 'tokenizer_config.json']),
    'config.json': llamaConfig(dims),
    'generation_config.json': llamaGenerationConfig(dims),
    'onnx/model.onnx': llamaGraph(dims, seed),
  };
}

export const MODEL_SPECS: readonly ModelSpec[] = [
  {
    id: 'test/embed-bert',
    sources: [MINILM],
    build: (shared) => ({
      ...copy(shared, MINILM, MINILM_FILES),
      'config.json': bertConfig(TINY_BERT),
      'onnx/model.onnx': bertGraph(TINY_BERT, 101),
    }),
  },
  {
    id: 'bench/embed-minilm-l6',
    sources: [MINILM],
    build: (shared) => ({
      ...copy(shared, MINILM, MINILM_FILES),
      'config.json': bertConfig(MINILM_L6),
      'onnx/model.onnx': bertGraph(MINILM_L6, 102),
      'onnx/model_quantized.onnx': bertGraph(MINILM_L6, 102, true),
    }),
  },
  {
    id: 'test/clip',
    sources: [CLIP],
    build: (shared) => ({
      ...copy(shared, CLIP, [
        'tokenizer.json',
        'tokenizer_config.json',
        'special_tokens_map.json',
        'preprocessor_config.json',
      ]),
      'config.json': clipConfig(TINY_CLIP),
      'onnx/text_model.onnx': clipTextGraph(TINY_CLIP, 103),
      'onnx/vision_model.onnx': clipVisionGraph(TINY_CLIP, 104),
    }),
  },
  {
    id: 'test/chat-llm',
    sources: [SMOLLM],
    build: (shared) => llamaFolder(shared, TINY_CHAT_LLM, 105),
  },
  {
    id: 'test/chat-cite',
    sources: [SMOLLM],
    build: (shared) =>
      llamaFolder(shared, { ...TINY_CHAT_LLM, script: tokenize(join(shared, SMOLLM), CHAT_CITE_ANSWER) }, 110),
  },
  {
    id: 'bench/chat-smollm2-135m',
    sources: [SMOLLM],
    benchOnly: true,
    build: (shared) => llamaFolder(shared, SMOLLM2_135M, 111),
  },
  {
    id: 'test/captioner',
    sources: [GPT2, VIT_GPT2],
    build: (shared) => ({
      ...copy(shared, GPT2, ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']),
      ...copy(shared, VIT_GPT2, ['preprocessor_config.json']),
      'config.json': captionerConfig(TINY_CAPTIONER),
      'generation_config.json': captionerGenerationConfig(TINY_CAPTIONER),
      'onnx/encoder_model.onnx': vitEncoderGraph(TINY_CAPTIONER, 106),
      'onnx/decoder_model_merged.onnx': gpt2DecoderGraph(TINY_CAPTIONER, 107),
    }),
  },
  {
    id: 'test/whisper',
    sources: [WHISPER],
    build: (shared) => ({
      ...copy(shared, WHISPER, [
        'tokenizer.json',
        'tokenizer_config.json',
        'preprocessor_config.json',
        'generation_config.json',
      ]),
      'config.json': whisperConfig(readJson(shared, WHISPER, 'config.json'), TINY_WHISPER),
      'onnx/encoder_model.onnx': whisperEncoderGraph(TINY_WHISPER, 108),
      'onnx/decoder_model_merged.onnx': whisperDecoderGraph(TINY_WHISPER, 109),
    }),
  },
];
