import { existsSync, readFileSync } from 'node:fs';
import { env as ortEnv } from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { ORT_FILES, ortWasmPaths, useAppOrtRuntime } from './ort-env';

describe('ort-env', () => {
  describe('ortWasmPaths', () => {
    it('places the runtime under ort/ of an app served from a sub-path', () => {
      expect(ortWasmPaths('https://example.org/apps/thinkbank/')).toEqual({
        mjs: 'https://example.org/apps/thinkbank/ort/ort-wasm-simd-threaded.asyncify.mjs',
        wasm: 'https://example.org/apps/thinkbank/ort/ort-wasm-simd-threaded.asyncify.wasm',
      });
    });

    it('resolves against the folder when given a page URL with a hash route', () => {
      expect(ortWasmPaths(new URL('http://localhost:4173/tb/index.html#/search')).wasm).toBe(
        'http://localhost:4173/tb/ort/ort-wasm-simd-threaded.asyncify.wasm',
      );
    });
  });

  describe('useAppOrtRuntime', () => {
    it("sets onnxruntime-web's own wasm paths in place", () => {
      const wasm = ortEnv.wasm;
      const paths = useAppOrtRuntime({ backends: { onnx: ortEnv } }, 'https://example.org/');
      expect(ortEnv.wasm).toBe(wasm);
      expect(ortEnv.wasm.wasmPaths).toEqual(paths);
      expect(paths.mjs).toBe('https://example.org/ort/ort-wasm-simd-threaded.asyncify.mjs');
    });

    it('fails clearly when the WASM backend settings are missing', () => {
      expect(() => useAppOrtRuntime({ backends: { onnx: {} } }, 'https://example.org/')).toThrow(
        /no WASM backend/,
      );
    });
  });

  describe('ORT_FILES', () => {
    it('names files onnxruntime-web ships', () => {
      for (const file of Object.values(ORT_FILES)) {
        expect(existsSync(`node_modules/onnxruntime-web/dist/${file}`), file).toBe(true);
      }
    });

    it('is the variant transformers.js loads by default (guards a transformers.js upgrade)', () => {
      const source = readFileSync('node_modules/@huggingface/transformers/dist/transformers.web.js', 'utf8');
      expect(source).toContain('let wasmPathSuffix = ".asyncify";');
      expect(source).toContain('ort-wasm-simd-threaded${wasmPathSuffix}.wasm');
    });
  });
});
