import { describe, expect, it } from 'vitest';
import { isPrecached, precacheManifest } from './precache-manifest';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('precache-manifest', () => {
  describe('isPrecached', () => {
    it.each([
      'index.html',
      'manifest.webmanifest',
      'assets/index-abc123.js',
      'assets/embed.worker-abc123.js',
      'assets/index-abc123.css',
      'icons/icon-512.png',
      'ort/ort-wasm-simd-threaded.asyncify.wasm',
      'ort/ort-wasm-simd-threaded.asyncify.mjs',
    ])('keeps %s', (path) => {
      expect(isPrecached(path)).toBe(true);
    });

    it.each([
      'assets/index-abc123.js.map',
      'sw.js',
      '_headers',
      'models/Xenova/all-MiniLM-L6-v2/onnx/model.onnx',
      'models/Xenova/all-MiniLM-L6-v2/tokenizer.json',
      'weights/model_quantized.onnx',
      'weights/model.safetensors',
      '.DS_Store',
    ])('leaves out %s', (path) => {
      expect(isPrecached(path)).toBe(false);
    });
  });

  describe('precacheManifest', () => {
    it('lists precached files sorted by path with their size', () => {
      const manifest = precacheManifest([
        ['sw.js', bytes('sw')],
        ['index.html', bytes('<html>')],
        ['assets\\app.js', bytes('app')],
      ]);
      expect(manifest.map((e) => [e.url, e.bytes])).toEqual([
        ['assets/app.js', 3],
        ['index.html', 6],
      ]);
    });

    it('gives the same revision to the same bytes and a new one when they change', () => {
      const [a] = precacheManifest([['index.html', bytes('one')]]);
      const [b] = precacheManifest([['index.html', bytes('one')]]);
      const [c] = precacheManifest([['index.html', bytes('two')]]);
      expect(a?.revision).toMatch(/^[0-9a-f]{16}$/);
      expect(b?.revision).toBe(a?.revision);
      expect(c?.revision).not.toBe(a?.revision);
    });
  });
});
