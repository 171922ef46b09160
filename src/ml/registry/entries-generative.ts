// Curated generative models: captioners, chat LLMs and speech-to-text. Revisions are commit shas read
// from the page in `revisionSource`; ONNX sizes are those listed for that commit (or, where noted,
// for the file's unchanged copy on main). Support-file sizes marked "approx." come from sibling repos.

import { kb, mb } from './sizes';
import type { ModelEntry, SupportFile } from './types';

/** SmolLM2 shares one tokenizer across sizes; sizes are approx. (SmolLM-family listings). */
const SMOLLM2_SUPPORT: readonly SupportFile[] = [
  { path: 'config.json', bytes: 900 },
  { path: 'generation_config.json', bytes: 132 },
  { path: 'tokenizer.json', bytes: mb(2.1) },
  { path: 'tokenizer_config.json', bytes: kb(3.76) },
];

/** Whisper support files; sizes approx. (Xenova/whisper-tiny and onnx-community/whisper-base listings). */
const WHISPER_SUPPORT: readonly SupportFile[] = [
  { path: 'config.json', bytes: kb(2.25) },
  { path: 'generation_config.json', bytes: kb(3.83) },
  { path: 'preprocessor_config.json', bytes: 339 },
  { path: 'tokenizer.json', bytes: mb(2.48) },
  { path: 'tokenizer_config.json', bytes: kb(283) },
];

const CHATML = 'chatml' as const;

export const GENERATIVE_ENTRIES: readonly ModelEntry[] = [
  {
    key: 'vit-gpt2-image-captioning',
    label: 'ViT-GPT2 captions',
    task: 'captioning',
    repo: 'Xenova/vit-gpt2-image-captioning',
    // "Upload fp16 ONNX weights" (encoder_model_fp16.onnx); its parent 786e3bb added the decoder's fp16.
    revision: '918fd8579b3bda533eb09955c1ab5ac25bafaf7a',
    pinned: true,
    revisionSource:
      'https://huggingface.co/Xenova/vit-gpt2-image-captioning/commit/918fd8579b3bda533eb09955c1ab5ac25bafaf7a',
    modelType: 'vision-encoder-decoder',
    modelClass: 'AutoModelForVision2Seq',
    pipelineTask: 'image-to-text',
    license: 'Apache-2.0',
    isDefault: true,
    captioning: { imageSize: 224, maxNewTokens: 32, prompts: {} },
    weights: {
      encoder_model: { fp32: mb(343), fp16: mb(172), q8: mb(87.5) },
      decoder_model_merged: { fp32: mb(615), fp16: mb(310), q8: mb(159) },
    },
    // Sizes from https://huggingface.co/Xenova/vit-gpt2-image-captioning/tree/main (head = 918fd85).
    supportFiles: [
      { path: 'config.json', bytes: kb(4.89) },
      { path: 'generation_config.json', bytes: 184 },
      { path: 'preprocessor_config.json', bytes: 378 },
      { path: 'tokenizer.json', bytes: mb(2.11) },
      { path: 'tokenizer_config.json', bytes: 456 },
    ],
    dtypes: { 'webgpu-f16': 'fp16', webgpu: 'fp32', wasm: 'q8' },
    note: 'Short one-line captions; runs everywhere through the image-to-text pipeline.',
  },
  {
    key: 'florence-2-base-ft',
    label: 'Florence-2 base (captions + OCR)',
    task: 'captioning',
    repo: 'onnx-community/Florence-2-base-ft',
    // Only fp32 graphs exist at this commit (onnx/ history: 12 commits, last "Upload 3 files" 1e91efa).
    revision: '21d4c6b8e277c8bdbd1159a0b5295e7c966b3b15',
    pinned: true,
    revisionSource:
      'https://huggingface.co/onnx-community/Florence-2-base-ft/tree/21d4c6b8e277c8bdbd1159a0b5295e7c966b3b15/onnx',
    modelType: 'florence2',
    modelClass: 'Florence2ForConditionalGeneration',
    license: 'MIT',
    isDefault: false,
    captioning: {
      imageSize: 768,
      maxNewTokens: 256,
      prompts: { caption: '<MORE_DETAILED_CAPTION>', ocr: '<OCR>' },
    },
    weights: {
      vision_encoder: { fp32: mb(367) },
      embed_tokens: { fp32: mb(158) },
      encoder_model: { fp32: mb(173) },
      decoder_model_merged: { fp32: mb(388) },
    },
    supportFiles: [
      { path: 'config.json', bytes: kb(5.98) }, // approx. (jeiku/Florence-2-base-ft-onnx-q4 copy)
      { path: 'generation_config.json', bytes: 305 },
      { path: 'preprocessor_config.json', bytes: kb(2.84) },
      { path: 'tokenizer.json', bytes: mb(1.36) },
      { path: 'tokenizer_config.json', bytes: kb(207) },
    ],
    dtypes: { 'webgpu-f16': 'fp32', webgpu: 'fp32', wasm: 'fp32' },
    note: 'Detailed captions and OCR from one 0.23B model; ~1.1 GB because this revision is fp32 only.',
  },
  {
    key: 'qwen2.5-0.5b-instruct',
    label: 'Qwen2.5 0.5B Instruct',
    task: 'chat',
    repo: 'onnx-community/Qwen2.5-0.5B-Instruct',
    // "Upload folder using huggingface_hub" 516c8d0 (the only commit touching onnx/); the full sha is the
    // one public transformers.js code pins for this repo (MODEL_REVISION = "516c8d04…").
    revision: '516c8d04add8a80c5228f32102b57953b8d421a9',
    pinned: true,
    revisionSource: 'https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/commits/main',
    modelType: 'qwen2',
    modelClass: 'AutoModelForCausalLM',
    pipelineTask: 'text-generation',
    license: 'Apache-2.0',
    isDefault: true,
    wasmFallback: 'smollm2-135m-instruct',
    chat: { contextTokens: 32_768, template: CHATML },
    // Sizes from https://huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx (516c8d0).
    weights: {
      model: {
        fp32: mb(1990),
        fp16: mb(997),
        q8: mb(512),
        int8: mb(512),
        uint8: mb(512),
        q4: mb(786),
        q4f16: mb(483),
        bnb4: mb(764),
      },
    },
    supportFiles: [
      { path: 'config.json', bytes: 678 },
      { path: 'generation_config.json', bytes: 242 },
      { path: 'tokenizer.json', bytes: mb(7.03) },
      { path: 'tokenizer_config.json', bytes: kb(7.31) },
    ],
    dtypes: { 'webgpu-f16': 'q4f16', webgpu: 'q4', wasm: 'q8' },
    note: 'Best answer quality per megabyte here: 32k context, multilingual, follows citation prompts.',
  },
  {
    key: 'smollm2-135m-instruct',
    label: 'SmolLM2 135M Instruct',
    task: 'chat',
    repo: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    // onnx/ at this commit = "Upload improved fp16 ONNX weights (#6)" a5cf62c (GQA export).
    revision: '45dead349c328fe92a861c5162de28c8c86754e1',
    pinned: true,
    revisionSource:
      'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/tree/45dead349c328fe92a861c5162de28c8c86754e1/onnx',
    modelType: 'llama',
    modelClass: 'AutoModelForCausalLM',
    pipelineTask: 'text-generation',
    license: 'Apache-2.0',
    isDefault: false,
    chat: { contextTokens: 8_192, template: CHATML },
    weights: { model: { fp32: mb(654), fp16: mb(327), q4: mb(200), q4f16: mb(134) } },
    supportFiles: SMOLLM2_SUPPORT,
    dtypes: { 'webgpu-f16': 'q4f16', webgpu: 'q4', wasm: 'q4' },
    note: 'The WASM fallback: 200 MB, fast enough on CPU threads; short, simple answers.',
  },
  {
    key: 'smollm2-360m-instruct',
    label: 'SmolLM2 360M Instruct',
    task: 'chat',
    repo: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    // Sha as pinned by public code linking .../SmolLM2-360M-Instruct/tree/a10cc15…; onnx/ sizes are
    // those of "Upload improved ONNX weights (#7)" 6d8b2a3 on tree/main/onnx.
    revision: 'a10cc1512eabd3dde888204e902eca88bddb4951',
    pinned: true,
    revisionSource:
      'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/a10cc1512eabd3dde888204e902eca88bddb4951',
    modelType: 'llama',
    modelClass: 'AutoModelForCausalLM',
    pipelineTask: 'text-generation',
    license: 'Apache-2.0',
    isDefault: false,
    chat: { contextTokens: 8_192, template: CHATML },
    weights: { model: { fp32: mb(1640), fp16: mb(819), q4: mb(417), q4f16: mb(299) } },
    supportFiles: SMOLLM2_SUPPORT,
    dtypes: { 'webgpu-f16': 'q4f16', webgpu: 'q4', wasm: 'q4' },
    note: 'A step up from 135M on CPU-only machines at twice the download.',
  },
  {
    key: 'smollm2-1.7b-instruct',
    label: 'SmolLM2 1.7B Instruct',
    task: 'chat',
    repo: 'HuggingFaceTB/SmolLM2-1.7B-Instruct',
    // "Upload fixed q8 ONNX models (reduce_range=True, per_channel=True)".
    revision: '06633a3e0bcdf1c31bd8ce0a27cb764aff26d6a9',
    pinned: true,
    revisionSource:
      'https://huggingface.co/HuggingFaceTB/SmolLM2-1.7B-Instruct/tree/06633a3e0bcdf1c31bd8ce0a27cb764aff26d6a9/onnx',
    modelType: 'llama',
    modelClass: 'AutoModelForCausalLM',
    pipelineTask: 'text-generation',
    license: 'Apache-2.0',
    isDefault: false,
    chat: { contextTokens: 8_192, template: CHATML },
    weights: {
      model: { q8: mb(1720), int8: mb(1720), q4: mb(1410), q4f16: mb(1110), bnb4: mb(1310) },
    },
    supportFiles: SMOLLM2_SUPPORT,
    dtypes: { 'webgpu-f16': 'q4f16', webgpu: 'q4', wasm: 'q8' },
    note: 'Larger English model for machines with a good GPU; fp16/fp32 graphs need external data, not offered.',
  },
  {
    key: 'llama-3.2-1b-instruct',
    label: 'Llama 3.2 1B Instruct',
    task: 'chat',
    repo: 'onnx-community/Llama-3.2-1B-Instruct',
    revision: 'c5b77c42b9a13105f54d55be507e1a65b5b8149b',
    pinned: true,
    revisionSource:
      'https://huggingface.co/onnx-community/Llama-3.2-1B-Instruct/tree/c5b77c42b9a13105f54d55be507e1a65b5b8149b/onnx',
    modelType: 'llama',
    modelClass: 'AutoModelForCausalLM',
    pipelineTask: 'text-generation',
    license: 'Llama 3.2 Community License',
    isDefault: false,
    chat: { contextTokens: 131_072, template: 'llama3' },
    weights: {
      model: {
        q8: mb(1240),
        int8: mb(1240),
        uint8: mb(1240),
        q4: mb(1660),
        q4f16: mb(1070),
        bnb4: mb(1600),
      },
    },
    supportFiles: [
      // Sizes from onnx-community/Llama-3.2-1B-Instruct-q4f16 (same tokenizer), approx.
      { path: 'config.json', bytes: 966 },
      { path: 'generation_config.json', bytes: 189 },
      { path: 'tokenizer.json', bytes: mb(9.09) },
      { path: 'tokenizer_config.json', bytes: kb(56.6) },
    ],
    dtypes: { 'webgpu-f16': 'q4f16', webgpu: 'q4', wasm: 'q8' },
    note: 'Long context and strong instruction following; its licence asks for "Built with Llama" credit.',
  },
  {
    key: 'whisper-base',
    label: 'Whisper base',
    task: 'speech-to-text',
    repo: 'Xenova/whisper-base',
    // onnx/ at this commit ends with "Upload fp16 ONNX weights" (encoder and merged decoder fp16).
    revision: '9226b958253551c6db13a6f43837e1b46918e620',
    pinned: true,
    revisionSource:
      'https://huggingface.co/Xenova/whisper-base/tree/9226b958253551c6db13a6f43837e1b46918e620/onnx',
    modelType: 'whisper',
    modelClass: 'WhisperForConditionalGeneration',
    pipelineTask: 'automatic-speech-recognition',
    license: 'MIT',
    isDefault: true,
    speech: { sampleRate: 16_000, chunkSeconds: 30, multilingual: true },
    weights: {
      encoder_model: { fp32: mb(82.5), fp16: mb(41.3), q8: mb(23.2) },
      decoder_model_merged: { fp32: mb(209), fp16: mb(105), q8: mb(53.7) },
    },
    supportFiles: WHISPER_SUPPORT,
    dtypes: {
      'webgpu-f16': { encoder_model: 'fp32', decoder_model_merged: 'fp16' },
      webgpu: 'fp32',
      wasm: 'q8',
    },
    note: 'Multilingual transcripts with timestamps; 77 MB on WASM.',
  },
  {
    key: 'whisper-tiny.en',
    label: 'Whisper tiny (English)',
    task: 'speech-to-text',
    repo: 'Xenova/whisper-tiny.en',
    // "Upload fp16 ONNX weights" adding encoder_model_fp16.onnx; parent ed72be8 added the decoder's.
    revision: '1de7e4e9e0f5c2d1159232d97901740e95809f00',
    pinned: true,
    revisionSource:
      'https://huggingface.co/Xenova/whisper-tiny.en/commit/1de7e4e9e0f5c2d1159232d97901740e95809f00',
    modelType: 'whisper',
    modelClass: 'WhisperForConditionalGeneration',
    pipelineTask: 'automatic-speech-recognition',
    license: 'MIT',
    isDefault: false,
    speech: { sampleRate: 16_000, chunkSeconds: 30, multilingual: false },
    weights: {
      encoder_model: { fp32: mb(32.9), fp16: mb(16.5), q8: mb(10.1) },
      decoder_model_merged: { fp32: mb(119), fp16: mb(59.6), q8: mb(30.7) },
    },
    supportFiles: WHISPER_SUPPORT,
    dtypes: {
      'webgpu-f16': { encoder_model: 'fp32', decoder_model_merged: 'fp16' },
      webgpu: 'fp32',
      wasm: 'q8',
    },
    note: 'The small one: English only, 41 MB on WASM.',
  },
];
