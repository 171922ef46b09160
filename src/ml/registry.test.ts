import { describe, expect, it } from 'vitest';
import {
  MODEL_REGISTRY,
  MODEL_TASKS,
  defaultModel,
  deviceProfile,
  downloadBytes,
  dtypeFor,
  filesFor,
  findModel,
  getModel,
  modelsForTask,
  onnxFileName,
  validateRegistry,
} from './registry';
import type { DeviceProfile, ModelEntry } from './registry';

const PROFILES: readonly DeviceProfile[] = ['webgpu-f16', 'webgpu', 'wasm'];

/** A valid entry to break one rule at a time. */
function entry(overrides: Partial<ModelEntry> = {}): ModelEntry {
  return { ...getModel('bge-small-en-v1.5'), ...overrides } as ModelEntry;
}

/** The shipped registry with one entry swapped for a variant. */
function registryWith(replacement: ModelEntry): ModelEntry[] {
  return MODEL_REGISTRY.map((item) => (item.key === replacement.key ? replacement : item));
}

describe('MODEL_REGISTRY', () => {
  it('keeps every registry rule', () => {
    expect(validateRegistry(MODEL_REGISTRY)).toEqual([]);
  });

  it('has exactly one default per task', () => {
    for (const task of MODEL_TASKS) {
      expect(modelsForTask(task).filter((item) => item.isDefault)).toHaveLength(1);
    }
  });

  it('pins every entry to a 40-hex commit or flags it unpinned', () => {
    for (const item of MODEL_REGISTRY) {
      if (item.pinned) expect(item.revision).toMatch(/^[0-9a-f]{40}$/);
      else expect(item.revision).toBe('main');
      expect(item.revisionSource).toMatch(/^https:\/\/huggingface\.co\//);
    }
  });

  it('gives embedders their dimensions and chat models their context length', () => {
    for (const item of MODEL_REGISTRY) {
      if (item.task === 'text-embedding' || item.task === 'image-text-embedding') {
        expect(item.embedding.dimensions).toBeGreaterThan(0);
      }
      if (item.task === 'chat') expect(item.chat.contextTokens).toBeGreaterThanOrEqual(2048);
    }
  });

  it('carries the query and passage prefixes bge and e5 were trained with', () => {
    const bge = getModel('bge-small-en-v1.5');
    const e5 = getModel('multilingual-e5-small');
    if (bge.task !== 'text-embedding' || e5.task !== 'text-embedding') throw new Error('wrong task');
    expect(bge.embedding).toMatchObject({
      dimensions: 384,
      pooling: 'cls',
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
    });
    expect(e5.embedding).toMatchObject({
      pooling: 'mean',
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
    });
  });
});

describe('validateRegistry', () => {
  it('reports a task with two defaults', () => {
    const twoDefaults = registryWith({ ...getModel('multilingual-e5-small'), isDefault: true });
    expect(validateRegistry(twoDefaults)).toContain('text-embedding: has 2 defaults, needs exactly one');
  });

  it('reports a pinned revision that is not a full sha', () => {
    const short = registryWith(entry({ revision: 'b7ad92a', pinned: true }));
    expect(validateRegistry(short)).toContain(
      'bge-small-en-v1.5: revision "b7ad92a" is not a 40-hex commit sha',
    );
  });

  it('accepts an unpinned entry on main', () => {
    expect(validateRegistry(registryWith(entry({ revision: 'main', pinned: false })))).toEqual([]);
  });

  it('reports fp16 weights planned for a device without shader-f16', () => {
    const f16OnWasm = registryWith(entry({ dtypes: { 'webgpu-f16': 'fp16', webgpu: 'fp32', wasm: 'fp16' } }));
    expect(validateRegistry(f16OnWasm)).toContain(
      'bge-small-en-v1.5: wasm must not use fp16 (needs shader-f16)',
    );
  });

  it('reports a dtype the pinned revision does not have', () => {
    const q4 = registryWith(entry({ dtypes: { 'webgpu-f16': 'fp16', webgpu: 'q4', wasm: 'q8' } }));
    expect(validateRegistry(q4)).toContain(
      'bge-small-en-v1.5: webgpu wants model as q4, which this revision does not have',
    );
  });

  it('reports a fallback that is missing or not smaller', () => {
    const missing = registryWith(entry({ wasmFallback: 'no-such-model' }));
    expect(validateRegistry(missing)).toContain(
      'bge-small-en-v1.5: wasmFallback "no-such-model" is not in the registry',
    );
    const bigger = registryWith(entry({ wasmFallback: 'multilingual-e5-small' }));
    expect(validateRegistry(bigger)).toContain(
      'bge-small-en-v1.5: wasmFallback must be a smaller WASM download',
    );
  });

  it('reports missing tokenizer and generation files', () => {
    const chat = getModel('qwen2.5-0.5b-instruct');
    const bare = registryWith({ ...chat, supportFiles: [{ path: 'config.json', bytes: 678 }] });
    expect(validateRegistry(bare)).toEqual(
      expect.arrayContaining([
        'qwen2.5-0.5b-instruct: lacks tokenizer.json',
        'qwen2.5-0.5b-instruct: lacks generation_config.json',
      ]),
    );
  });
});

describe('deviceProfile', () => {
  it('uses fp16 kinds only on WebGPU with shader-f16', () => {
    expect(deviceProfile('webgpu', true)).toBe('webgpu-f16');
    expect(deviceProfile('webgpu', false)).toBe('webgpu');
    expect(deviceProfile('wasm', true)).toBe('wasm');
  });
});

describe('filesFor', () => {
  it('resolves the bge graph per device the way transformers.js names it', () => {
    const bge = getModel('bge-small-en-v1.5');
    const graph = (profile: DeviceProfile) => filesFor(bge, profile).at(-1)?.path;
    expect(graph('webgpu-f16')).toBe('onnx/model_fp16.onnx');
    expect(graph('webgpu')).toBe('onnx/model.onnx');
    expect(graph('wasm')).toBe('onnx/model_quantized.onnx');
  });

  it('gives each encoder–decoder session its own dtype', () => {
    const whisper = getModel('whisper-base');
    expect(dtypeFor(whisper, 'webgpu-f16')).toEqual({ encoder_model: 'fp32', decoder_model_merged: 'fp16' });
    expect(filesFor(whisper, 'webgpu-f16').map((file) => file.path)).toEqual(
      expect.arrayContaining(['onnx/encoder_model.onnx', 'onnx/decoder_model_merged_fp16.onnx']),
    );
    expect(filesFor(whisper, 'wasm').map((file) => file.path)).toEqual(
      expect.arrayContaining([
        'onnx/encoder_model_quantized.onnx',
        'onnx/decoder_model_merged_quantized.onnx',
      ]),
    );
  });

  it('resolves every entry on every device, without fp16 graphs off shader-f16', () => {
    for (const item of MODEL_REGISTRY) {
      for (const profile of PROFILES) {
        const graphs = filesFor(item, profile).filter((file) => file.path.startsWith('onnx/'));
        expect(graphs).toHaveLength(Object.keys(item.weights).length);
        if (profile !== 'webgpu-f16') {
          for (const file of graphs) expect(file.path).not.toMatch(/_(fp16|q4f16)\.onnx$/);
        }
      }
    }
  });

  it('names q4f16 and bnb4 graphs with their own suffixes', () => {
    expect(onnxFileName('model', 'q4f16')).toBe('onnx/model_q4f16.onnx');
    expect(onnxFileName('decoder_model_merged', 'bnb4')).toBe('onnx/decoder_model_merged_bnb4.onnx');
  });
});

describe('downloadBytes', () => {
  it('adds the graph and the support files for the device', () => {
    const bge = getModel('bge-small-en-v1.5');
    const support = bge.supportFiles.reduce((sum, file) => sum + file.bytes, 0);
    expect(downloadBytes(bge, 'webgpu-f16')).toBe(66_700_000 + support);
    expect(downloadBytes(bge, 'wasm')).toBe(34_000_000 + support);
  });
});

describe('defaultModel', () => {
  it('picks the task default on WebGPU and its smaller fallback on WASM', () => {
    expect(defaultModel('chat', 'webgpu-f16').key).toBe('qwen2.5-0.5b-instruct');
    expect(defaultModel('chat', 'wasm').key).toBe('smollm2-135m-instruct');
    expect(defaultModel('text-embedding', 'wasm').key).toBe('bge-small-en-v1.5');
  });

  it('throws when a task has no default', () => {
    const noChat = MODEL_REGISTRY.filter((item) => item.task !== 'chat');
    expect(() => defaultModel('chat', 'webgpu', noChat)).toThrow('No default model for chat');
  });
});

describe('findModel', () => {
  it('returns undefined for a key no entry has, where getModel throws', () => {
    expect(findModel('retired-model')).toBeUndefined();
    expect(() => getModel('retired-model')).toThrow('Unknown model "retired-model"');
  });
});
