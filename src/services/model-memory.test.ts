import { describe, expect, it } from 'vitest';
import { deviceMemoryGb, modelsToUnload } from './model-memory';

const chat = { key: 'chat', task: 'chat' } as const;
const captioner = { key: 'cap', task: 'captioning' } as const;
const embedder = { key: 'emb', task: 'text-embedding' } as const;

describe('model-memory', () => {
  describe('modelsToUnload', () => {
    it('unloads the other generative models before a generative one loads on a small device', () => {
      expect(modelsToUnload('captioning', [chat, embedder], 4)).toEqual([chat]);
      expect(modelsToUnload('chat', [captioner, embedder], 2)).toEqual([captioner]);
    });

    it('keeps everything on a device with more memory, or when the memory is unknown', () => {
      expect(modelsToUnload('captioning', [chat], 8)).toEqual([]);
      expect(modelsToUnload('captioning', [chat], undefined)).toEqual([]);
    });

    it('never unloads for an embedder, and never unloads the embedder', () => {
      expect(modelsToUnload('text-embedding', [chat, captioner], 2)).toEqual([]);
      expect(modelsToUnload('chat', [embedder], 2)).toEqual([]);
    });
  });

  describe('deviceMemoryGb', () => {
    it('reads navigator.deviceMemory and ignores what is not a positive number', () => {
      expect(deviceMemoryGb({ deviceMemory: 2 })).toBe(2);
      expect(deviceMemoryGb({})).toBeUndefined();
      expect(deviceMemoryGb({ deviceMemory: 0 })).toBeUndefined();
    });
  });
});
