import { mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../src/ml/model-manifest';
import { generateModels, MODELS_ROOT } from './models/generate';
import { linkModels } from './models-link';
import { keyForRepo, parseGraphName } from './models-link-entry';

describe('models-link-entry', () => {
  describe('parseGraphName', () => {
    it('reads the session and dtype from transformers.js file names', () => {
      expect(parseGraphName('onnx/model_quantized.onnx')).toEqual({ session: 'model', dtype: 'q8' });
      expect(parseGraphName('onnx/decoder_model_merged_q4f16.onnx')).toEqual({
        session: 'decoder_model_merged',
        dtype: 'q4f16',
      });
      expect(parseGraphName('onnx/text_model.onnx')).toEqual({ session: 'text_model', dtype: 'fp32' });
      expect(parseGraphName('config.json')).toBeUndefined();
    });
  });

  describe('keyForRepo', () => {
    it('makes a registry key from a repo path', () => {
      expect(keyForRepo('test/embed-bert')).toBe('test-embed-bert');
      expect(keyForRepo('Xenova/bge-small-en-v1.5')).toBe('xenova-bge-small-en-v1.5');
    });
  });
});

describe('linkModels', () => {
  beforeAll(() => {
    generateModels([
      'test/embed-bert',
      'test/chat-llm',
      'test/chat-cite',
      'test/clip',
      'test/captioner',
      'test/whisper',
    ]);
  }, 120_000);

  it('links every model folder under models/{repo}/{revision} (one level deep: repo local/<name>) with a valid manifest', () => {
    const out = mkdtempSync(join(tmpdir(), 'thinkbank-link-'));
    const { entries, problems } = linkModels(join(MODELS_ROOT, 'test'), out);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.key, e.task])).toEqual([
      ['local-captioner', 'captioning'],
      ['local-chat-cite', 'chat'],
      ['local-chat-llm', 'chat'],
      ['local-clip', 'image-text-embedding'],
      ['local-embed-bert', 'text-embedding'],
      ['local-whisper', 'speech-to-text'],
    ]);
    const bert = entries.find((e) => e.key === 'local-embed-bert');
    expect(bert).toMatchObject({
      repo: 'local/embed-bert',
      dtypes: { wasm: 'fp32', webgpu: 'fp32', 'webgpu-f16': 'fp32' },
    });
    if (bert?.task === 'text-embedding') expect(bert.embedding.dimensions).toBe(32);
    const manifest: unknown = JSON.parse(readFileSync(join(out, 'models', 'manifest.json'), 'utf8'));
    expect(parseManifest(manifest)).toEqual({ entries, problems: [] });
    expect(readlinkSync(join(out, 'models', 'local', 'embed-bert', bert?.revision ?? ''))).toBe(
      resolve(MODELS_ROOT, 'test', 'embed-bert'),
    );
  });
});

describe('parseManifest', () => {
  it('skips entries that break the registry rules and says why', () => {
    const result = parseManifest({ formatVersion: 1, models: [{ key: 'Bad Key' }, 42] });
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual(['models[0]: not a model entry', 'models[1]: not a model entry']);
    expect(parseManifest({ models: [] }).problems).toEqual(['manifest: not a format 1 model manifest']);
  });
});
