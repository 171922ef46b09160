// The real search worker in real Chromium over a real IndexedDB: sync, persistence across restarts,
// rebuilds when settings change or a stored part is damaged, filters, and the degraded hybrid mode.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from '../db/database';
import { Supervisor } from '../services/supervisor';
import { workerFactories } from '../services/worker-factories';
import type { SearchResponse } from '../../workers/contracts/search';
import { seedDocument } from '../testing/seed';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

let supervisor: Supervisor;
let db: ThinkBankDb;
let databaseName: string;

function vec(...values: number[]): Float32Array {
  return Float32Array.from(values);
}

async function seedLibrary(): Promise<void> {
  await seedDocument(db, {
    title: 'Gardening notes',
    tags: ['home'],
    modelId: 'model-a',
    passages: [
      {
        text: 'Tomatoes need full sun and regular watering.',
        headingPath: ['Vegetables'],
        vector: vec(1, 0, 0, 0),
      },
      { text: 'Prune roses in late winter.', headingPath: ['Flowers'], vector: vec(0, 1, 0, 0) },
    ],
  });
  await seedDocument(db, {
    title: 'Physics lecture',
    type: 'pdf',
    modelId: 'model-a',
    passages: [
      {
        text: 'The sun is a main-sequence star powered by fusion.',
        location: { page: 2, pages: [{ page: 2, box: [0.1, 0.2, 0.8, 0.3] }] },
        vector: vec(0, 0, 1, 0),
      },
    ],
  });
}

function open(extra: Record<string, unknown> = {}) {
  return supervisor.client('search').open({ databaseName, saveDelayMs: 20, watch: false, ...extra });
}

function titles(response: SearchResponse): string[] {
  return response.documents.map((d) => d.title);
}

beforeEach(async () => {
  db = await openFreshDatabase('thinkbank-search');
  databaseName = db.name;
  supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 20_000 } });
});

afterEach(async () => {
  supervisor.dispose();
  await deleteDatabase(db);
});

describe('search worker', () => {
  describe('syncFromDb', () => {
    it('indexes every ready document once, keyword per library and vectors per model', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      const first = await search.syncFromDb();
      expect(first.added).toBe(6); // 3 passages in BM25 + 3 vectors
      expect((await search.syncFromDb()).added).toBe(0);
      const stats = await search.stats();
      expect(stats.indexes.map((i) => [i.indexKey, i.passages]).sort()).toEqual([
        ['bm25:default', 3],
        ['hnsw:model-a', 3],
      ]);
    });

    it('drops a deleted document and picks up a new version', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      const doc = (await db.documents.toArray()).find((d) => d.title === 'Gardening notes');
      if (!doc) throw new Error('seed missing');
      await db.documents.delete(doc.id);
      const report = await search.syncFromDb();
      expect(report.removed).toBe(4);
      const result = await search.search('tomatoes', { mode: 'keyword' });
      expect(result.documents).toEqual([]);
    });
  });

  describe('search', () => {
    it('answers keyword queries with grouped passages, highlights, heading path and page', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      const result = await search.search('sun', { mode: 'keyword' });
      expect(titles(result).sort()).toEqual(['Gardening notes', 'Physics lecture']);
      const physics = result.documents.find((d) => d.title === 'Physics lecture');
      const passage = physics?.passages[0];
      expect(passage?.page).toBe(2);
      expect(passage && passage.snippet.slice(passage.highlights[0]?.start, passage.highlights[0]?.end)).toBe(
        'sun',
      );
      const garden = result.documents.find((d) => d.title === 'Gardening notes');
      expect(garden?.passages[0]?.headingPath).toEqual(['Vegetables']);
    });

    it('matches the unfinished last word as a prefix', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      expect(titles(await search.search('tomat', { mode: 'keyword', prefix: true }))).toEqual([
        'Gardening notes',
      ]);
      expect(titles(await search.search('tomat', { mode: 'keyword', prefix: false }))).toEqual([]);
    });

    it('applies type and tag filters inside the index', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      expect(titles(await search.search('sun', { mode: 'keyword', filters: { types: ['pdf'] } }))).toEqual([
        'Physics lecture',
      ]);
      expect(titles(await search.search('sun', { mode: 'keyword', filters: { tags: ['home'] } }))).toEqual([
        'Gardening notes',
      ]);
    });

    it('degrades hybrid to keyword with a note when no embedding model is loaded', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      const result = await search.search('sun', { mode: 'hybrid' });
      expect(result.mode).toBe('keyword');
      expect(result.note).toMatch(/No embedding model is loaded/);
      expect(result.documents.length).toBe(2);
      const semantic = await search.search('sun', { mode: 'semantic' });
      expect(semantic.documents).toEqual([]);
      expect(semantic.note).toMatch(/No embedding model is loaded/);
    });
  });

  describe('persistence', () => {
    it('loads the saved indexes after a restart and answers the same', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      await search.flush();
      const before = await search.search('sun star', { mode: 'keyword' });
      await supervisor.restart('search');
      await open();
      const stats = await search.stats();
      expect(stats.indexes.map((i) => [i.indexKey, i.origin, i.passages]).sort()).toEqual([
        ['bm25:default', 'loaded', 3],
        ['hnsw:model-a', 'loaded', 3],
      ]);
      const after = await search.search('sun star', { mode: 'keyword' });
      expect(after.documents).toEqual(before.documents);
      expect((await search.syncFromDb()).added).toBe(0);
    });

    it('answers semantic queries from the stored vector index in a fresh worker', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      await search.flush();
      await supervisor.restart('search');
      // No sync after the restart: what answers is the index the worker read back from its stored parts.
      await open();
      const hnsw = (await search.stats()).indexes.find((i) => i.kind === 'hnsw');
      expect(hnsw).toMatchObject({ origin: 'loaded', passages: 3 });
      const result = await search.search('anything', {
        mode: 'semantic',
        k: 1,
        queryVector: { modelId: 'model-a', vector: vec(0, 0, 1, 0) },
      });
      expect(result.mode).toBe('semantic');
      expect(titles(result)).toEqual(['Physics lecture']);
    });

    it('rebuilds the vector index when its build settings change', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      await search.flush();
      await supervisor.restart('search');
      await open({ vector: { M: 8, efConstruction: 50 } });
      const report = await search.syncFromDb();
      expect(report.added).toBe(3);
      const hnsw = (await search.stats()).indexes.find((i) => i.kind === 'hnsw');
      expect(hnsw).toMatchObject({ origin: 'rebuilt', passages: 3 });
      expect(hnsw?.rebuildReason).toMatch(/^settings/);
      await search.flush();
      const stored = await db.indexes.get('hnsw:model-a#meta');
      expect(stored?.buildSettings).toMatchObject({ M: 8, efConstruction: 50 });
    });

    it('rebuilds an index whose stored part is damaged', async () => {
      await seedLibrary();
      await open();
      const search = supervisor.client('search');
      await search.syncFromDb();
      await search.flush();
      await db.indexes.update('bm25:default#postingDocs', { data: new ArrayBuffer(3) });
      await supervisor.restart('search');
      await open();
      const keyword = (await search.stats()).indexes.find((i) => i.kind === 'bm25');
      expect(keyword?.origin).toBe('rebuilt');
      expect(keyword?.rebuildReason).toMatch(/^corrupt/);
      await search.syncFromDb();
      expect(titles(await search.search('roses', { mode: 'keyword' }))).toEqual(['Gardening notes']);
    });
  });

  describe('watching the database', () => {
    it('indexes a document another thread stores, without being asked', async () => {
      await open({ watch: true });
      const search = supervisor.client('search');
      await search.stats();
      await seedDocument(db, {
        title: 'Late arrival',
        passages: [{ text: 'Quantum entanglement explained.' }],
      });
      await expect
        .poll(async () => titles(await search.search('entanglement', { mode: 'keyword' })), {
          timeout: 5_000,
        })
        .toEqual(['Late arrival']);
    });
  });
});
