import { describe, expect, it } from 'vitest';
import {
  embedderAvailability,
  keywordOnlyReason,
  libraryEmbedderKey,
  restoreStep,
  searchModeWords,
  type EmbedderFacts,
  type SearchOutcome,
} from './embedder-restore';

const facts = (overrides: Partial<EmbedderFacts> = {}): EmbedderFacts => ({
  key: 'test-embed-bert',
  label: 'test/embed-bert',
  status: 'cached',
  ...overrides,
});

const outcome = (overrides: Partial<SearchOutcome> = {}): SearchOutcome => ({
  requestedMode: 'hybrid',
  mode: 'keyword',
  modelId: undefined,
  note: 'No embedding model is loaded, so meaning-based search is off. Showing keyword matches only.',
  ...overrides,
});

describe('embedder-restore', () => {
  describe('libraryEmbedderKey', () => {
    it('uses the remembered model even when another one is chosen', () => {
      expect(libraryEmbedderKey('bge-small', ['bge-small'], 'e5-small')).toBe('bge-small');
    });

    it('uses the model the stored vectors were made with in a library from before it remembered', () => {
      expect(libraryEmbedderKey(undefined, ['bge-small'], 'e5-small')).toBe('bge-small');
    });

    it('prefers the chosen model among several that made vectors', () => {
      expect(libraryEmbedderKey(undefined, ['bge-small', 'e5-small'], 'e5-small')).toBe('e5-small');
    });

    it('uses the chosen model in a new library', () => {
      expect(libraryEmbedderKey(undefined, [], 'e5-small')).toBe('e5-small');
    });
  });

  describe('restoreStep', () => {
    it('loads a model whose files are all cached', () => {
      expect(restoreStep('cached')).toBe('load');
    });

    it('never starts a download nobody asked for', () => {
      expect(restoreStep('absent')).toBe('skip');
    });

    it('waits while the cache is being checked or the model is not known yet', () => {
      expect(restoreStep('checking')).toBe('wait');
      expect(restoreStep('unknown')).toBe('wait');
    });

    it('leaves a loaded or loading model alone, and does not retry a failure by itself', () => {
      expect(restoreStep('loaded')).toBe('skip');
      expect(restoreStep('downloading')).toBe('skip');
      expect(restoreStep('failed')).toBe('skip');
    });
  });

  describe('keywordOnlyReason', () => {
    const reason = (overrides: Partial<EmbedderFacts>) =>
      keywordOnlyReason(embedderAvailability(facts(overrides)));

    it('says nothing when the model is ready', () => {
      expect(reason({ status: 'loaded' })).toBeUndefined();
    });

    it('says the model is loading, with how far', () => {
      expect(reason({ status: 'downloading', phase: 'loading', percent: 40.4 })).toBe(
        'Keyword search only: the embedding model (test/embed-bert) is loading (40%).',
      );
    });

    it('drops the percent once the files are read and the model is starting', () => {
      expect(reason({ status: 'downloading', phase: 'loading', percent: 100 })).toBe(
        'Keyword search only: the embedding model (test/embed-bert) is loading.',
      );
    });

    it('says when it is downloading because the person asked for it', () => {
      expect(reason({ status: 'downloading', phase: 'downloading', percent: 12 })).toBe(
        'Keyword search only: the embedding model (test/embed-bert) is downloading (12%).',
      );
    });

    it('sends the person to the Models page when the model is not downloaded', () => {
      expect(reason({ status: 'absent' })).toBe(
        'Keyword search only: the embedding model (test/embed-bert) is not downloaded yet. Download it on the Models page.',
      );
    });

    it('says why a load failed', () => {
      expect(reason({ status: 'failed', error: 'A file is damaged.' })).toBe(
        'Keyword search only: the embedding model (test/embed-bert) could not be loaded: A file is damaged. Try again on the Models page.',
      );
    });

    it('names a remembered model the model source does not offer', () => {
      expect(reason({ label: undefined, key: 'bge-small' })).toMatch(
        /^Keyword search only: this library's embedding model \(bge-small\) is not offered/,
      );
    });
  });

  describe('searchModeWords', () => {
    const ready = embedderAvailability(facts({ status: 'loaded' }));

    it('says words and meaning when the meaning half ran', () => {
      expect(
        searchModeWords(outcome({ mode: 'hybrid', modelId: 'test-embed-bert', note: undefined }), ready),
      ).toEqual({ mode: 'Searched by words and meaning', note: undefined });
    });

    it("puts the model's state in place of the worker's note while the model is not ready", () => {
      const loading = embedderAvailability(facts({ status: 'downloading', phase: 'loading', percent: 40 }));
      expect(searchModeWords(outcome(), loading)).toEqual({
        mode: 'Searched by words only',
        note: 'Keyword search only: the embedding model (test/embed-bert) is loading (40%).',
      });
    });

    it("keeps the worker's note when the model is ready but meaning was still not used", () => {
      const note =
        'The loaded embedding model (x) has not embedded your documents yet. Showing keyword matches only.';
      expect(searchModeWords(outcome({ note }), ready)).toEqual({ mode: 'Searched by words only', note });
    });

    it('says exact words, with no note, when only words were asked for', () => {
      expect(searchModeWords(outcome({ requestedMode: 'keyword', note: undefined }), ready)).toEqual({
        mode: 'Searched by exact words',
        note: undefined,
      });
    });
  });
});
