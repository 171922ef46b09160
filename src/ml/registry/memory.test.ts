import { describe, expect, it } from 'vitest';
import { MODEL_REGISTRY, getModel, modelsForTask } from '../registry';
import {
  fitsDevice,
  isOutOfMemoryMessage,
  memoryNeedBytes,
  outOfMemoryWords,
  smallerModel,
  tooLargeWords,
} from './memory';

const chat = modelsForTask('chat');

describe('model memory', () => {
  describe('memoryNeedBytes', () => {
    it('gives every curated model a need on every profile it has weights for, above its weights', () => {
      for (const entry of MODEL_REGISTRY) {
        for (const profile of ['wasm', 'webgpu', 'webgpu-f16'] as const) {
          const need = memoryNeedBytes(entry, profile);
          expect(need, `${entry.key} on ${profile}`).toBeGreaterThan(100e6);
        }
      }
    });

    it('orders the chat models by size', () => {
      const need = (key: string) => memoryNeedBytes(getModel(key), 'webgpu-f16');
      expect(need('smollm2-135m-instruct')).toBeLessThan(need('smollm2-360m-instruct'));
      expect(need('smollm2-360m-instruct')).toBeLessThan(need('qwen2.5-0.5b-instruct'));
      expect(need('qwen2.5-0.5b-instruct')).toBeLessThan(need('smollm2-1.7b-instruct'));
    });
  });

  describe('fitsDevice', () => {
    it('fits everything where the device does not say its memory', () => {
      expect(fitsDevice(getModel('smollm2-1.7b-instruct'), 'webgpu-f16', undefined)).toEqual({ fits: true });
    });

    it('keeps large chat models off a 2 GB or 4 GB device and lets small ones on', () => {
      const fits = (key: string, gb: number) => fitsDevice(getModel(key), 'webgpu-f16', gb).fits;
      expect(fits('smollm2-135m-instruct', 2)).toBe(true);
      expect(fits('qwen2.5-0.5b-instruct', 2)).toBe(false);
      expect(fits('qwen2.5-0.5b-instruct', 4)).toBe(true);
      expect(fits('smollm2-1.7b-instruct', 4)).toBe(false);
      expect(fits('smollm2-1.7b-instruct', 8)).toBe(true);
    });

    it('says how much the model needs and what the device reported when it does not fit', () => {
      const fit = fitsDevice(getModel('qwen2.5-0.5b-instruct'), 'webgpu-f16', 2);
      expect(fit).toMatchObject({ fits: false, memoryGb: 2 });
      expect(fit.fits ? 0 : fit.needBytes).toBe(
        memoryNeedBytes(getModel('qwen2.5-0.5b-instruct'), 'webgpu-f16'),
      );
    });
  });

  describe('smallerModel', () => {
    it('offers the largest smaller model of the task that fits', () => {
      expect(smallerModel(getModel('smollm2-1.7b-instruct'), chat, 'webgpu-f16', 4)?.key).toBe(
        'qwen2.5-0.5b-instruct',
      );
      expect(smallerModel(getModel('qwen2.5-0.5b-instruct'), chat, 'webgpu-f16', 2)?.key).toBe(
        'smollm2-360m-instruct',
      );
    });

    it('offers the smallest when none fits, and nothing below the smallest', () => {
      expect(smallerModel(getModel('qwen2.5-0.5b-instruct'), chat, 'webgpu-f16', 0.25)?.key).toBe(
        'smollm2-135m-instruct',
      );
      expect(smallerModel(getModel('smollm2-135m-instruct'), chat, 'webgpu-f16', 0.25)).toBeUndefined();
    });
  });
});

describe('model memory words', () => {
  describe('isOutOfMemoryMessage', () => {
    it('knows the ways the runtimes say they ran out of memory', () => {
      for (const message of [
        'RangeError: Array buffer allocation failed',
        'Aborted(OOM)',
        'std::bad_alloc',
        'WebAssembly.Memory(): could not allocate memory',
        'Cannot enlarge memory arrays to size 4294967296 bytes',
        'GPUOutOfMemoryError: Out of memory',
      ]) {
        expect(isOutOfMemoryMessage(message), message).toBe(true);
      }
      expect(isOutOfMemoryMessage('protobuf parsing failed')).toBe(false);
    });
  });

  describe('outOfMemoryWords and tooLargeWords', () => {
    it('say what did not fit and offer the smaller model, in plain words', () => {
      const big = getModel('qwen2.5-0.5b-instruct');
      const small = getModel('smollm2-135m-instruct');
      expect(outOfMemoryWords(big, small)).toBe(
        "Qwen2.5 0.5B Instruct did not fit in this device's memory. Try SmolLM2 135M Instruct, which needs less.",
      );
      const fit = fitsDevice(big, 'webgpu-f16', 2);
      if (fit.fits) throw new Error('expected Qwen not to fit 2 GB');
      expect(tooLargeWords(big, fit, small)).toMatch(
        /^Qwen2\.5 0\.5B Instruct needs about \d+ MB of memory, more than a page can count on with the 2 GB this device reports\. SmolLM2 135M Instruct is offered instead\.$/,
      );
    });
  });
});
