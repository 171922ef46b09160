// Curated retrieval models: text embedders, the image–text embedder and the reranker. Every revision
// is a commit sha read from the hub page named in `revisionSource`; the ONNX sizes are the ones that
// page lists for that commit. Support-file sizes marked "approx." were not listed there and are
// estimates from sibling repos with the same tokenizer (they are kilobytes to a few megabytes).

import { kb, mb } from './sizes';
import type { ModelEntry } from './types';

const BERT_UNCASED_TOKENIZER = [
  { path: 'config.json', bytes: 683 },
  { path: 'tokenizer.json', bytes: kb(711) },
  { path: 'tokenizer_config.json', bytes: 366 },
];

export const RETRIEVAL_ENTRIES: readonly ModelEntry[] = [
  {
    key: 'bge-small-en-v1.5',
    label: 'BGE small (English)',
    task: 'text-embedding',
    repo: 'Xenova/bge-small-en-v1.5',
    // "Upload fp16 ONNX weights": adds onnx/model_fp16.onnx beside model.onnx and model_quantized.onnx.
    revision: 'b7ad92a45a298ac620504489f28ecb6ac66ad67c',
    pinned: true,
    revisionSource:
      'https://huggingface.co/Xenova/bge-small-en-v1.5/tree/b7ad92a45a298ac620504489f28ecb6ac66ad67c/onnx',
    modelType: 'bert',
    modelClass: 'AutoModel',
    pipelineTask: 'feature-extraction',
    license: 'MIT',
    isDefault: true,
    embedding: {
      dimensions: 384,
      maxTokens: 512,
      pooling: 'cls',
      normalize: true,
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
    },
    weights: { model: { fp32: mb(133), fp16: mb(66.7), q8: mb(34) } },
    supportFiles: BERT_UNCASED_TOKENIZER,
    dtypes: { 'webgpu-f16': 'fp16', webgpu: 'fp32', wasm: 'q8' },
    note: 'Strong small English retriever (33M parameters, 384-d); the instruction goes on queries only.',
  },
  {
    key: 'multilingual-e5-small',
    label: 'E5 small (multilingual)',
    task: 'text-embedding',
    repo: 'Xenova/multilingual-e5-small',
    // "Upload fp16 ONNX weights" on top of the model.onnx / model_quantized.onnx upload.
    revision: '97cb8f96eaed1a1f0dac821239943e854fce9c36',
    pinned: true,
    revisionSource:
      'https://huggingface.co/Xenova/multilingual-e5-small/tree/97cb8f96eaed1a1f0dac821239943e854fce9c36/onnx',
    modelType: 'bert',
    modelClass: 'AutoModel',
    pipelineTask: 'feature-extraction',
    license: 'MIT',
    isDefault: false,
    embedding: {
      dimensions: 384,
      maxTokens: 512,
      pooling: 'mean',
      normalize: true,
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
    },
    weights: { model: { fp32: mb(470), fp16: mb(235), q8: mb(118) } },
    supportFiles: [
      { path: 'config.json', bytes: 653 }, // approx.
      // Size from intfloat/multilingual-e5-small/tree/main/onnx (the same 250k SentencePiece vocab).
      { path: 'tokenizer.json', bytes: mb(17.1) },
      { path: 'tokenizer_config.json', bytes: 443 }, // approx.
    ],
    dtypes: { 'webgpu-f16': 'fp16', webgpu: 'fp32', wasm: 'q8' },
    note: 'The multilingual choice: ~100 languages; most of its size is the 250k-token vocabulary.',
  },
  {
    key: 'clip-vit-base-patch32',
    label: 'CLIP ViT-B/32',
    task: 'image-text-embedding',
    repo: 'Xenova/clip-vit-base-patch32',
    // Tree at this commit lists text_model*/vision_model* in fp32, fp16 ("Upload fp16 ONNX weights") and q8.
    revision: '4c1807b705b1d015fb032789cc4d221b23025a6f',
    pinned: true,
    revisionSource:
      'https://huggingface.co/Xenova/clip-vit-base-patch32/tree/4c1807b705b1d015fb032789cc4d221b23025a6f/onnx',
    modelType: 'clip',
    modelClass: 'CLIPTextModelWithProjection + CLIPVisionModelWithProjection',
    license: 'MIT',
    isDefault: true,
    embedding: { dimensions: 512, maxTokens: 77, imageSize: 224, normalize: true },
    weights: {
      text_model: { fp32: mb(254), fp16: mb(127), q8: mb(64.5) },
      vision_model: { fp32: mb(352), fp16: mb(176), q8: mb(89.1) },
    },
    supportFiles: [
      // Sizes from Xenova/transformers.js/tree/9ca1f50…/quantized/openai/clip-vit-base-patch32/default.
      { path: 'config.json', bytes: kb(4.58) },
      { path: 'tokenizer.json', bytes: mb(2.22) },
      { path: 'tokenizer_config.json', bytes: 938 },
      { path: 'preprocessor_config.json', bytes: 316 },
    ],
    dtypes: { 'webgpu-f16': 'fp16', webgpu: 'fp32', wasm: 'q8' },
    note: 'Text and image towers load separately, so search only needs the text tower warm.',
  },
  {
    key: 'ms-marco-minilm-l6-v2',
    label: 'MS MARCO MiniLM-L6 reranker',
    task: 'reranking',
    repo: 'Xenova/ms-marco-MiniLM-L-6-v2',
    // "Upload fp16 ONNX weights" beside model.onnx and model_quantized.onnx.
    revision: 'fec3517fe1016cfeee39338ef98ba76fc449dbcc',
    pinned: true,
    revisionSource:
      'https://huggingface.co/Xenova/ms-marco-MiniLM-L-6-v2/tree/fec3517fe1016cfeee39338ef98ba76fc449dbcc/onnx',
    modelType: 'bert',
    modelClass: 'AutoModelForSequenceClassification',
    pipelineTask: 'text-classification',
    license: 'Apache-2.0',
    isDefault: true,
    reranking: { maxTokens: 512, scoreActivation: 'sigmoid' },
    weights: { model: { fp32: mb(91), fp16: mb(45.6), q8: mb(23.1) } },
    supportFiles: BERT_UNCASED_TOKENIZER.map((file) =>
      file.path === 'config.json' ? { ...file, bytes: 794 } : file,
    ), // approx.: same BERT uncased vocabulary as bge-small
    dtypes: { 'webgpu-f16': 'fp16', webgpu: 'fp32', wasm: 'q8' },
    note: 'Cross-encoder for the top few dozen hits: 23 MB on WASM, milliseconds per pair.',
  },
];
