// retrieve() in the real search worker over a real IndexedDB: whole passages strongest first, scoped to
// the library, a collection or a document, with the evidence the chat's abstain decision reads.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThinkBankDb } from '../db/database';
import { Supervisor } from '../services/supervisor';
import { workerFactories } from '../services/worker-factories';
import { seedDocument, type Seeded } from '../testing/seed';
import { openFreshDatabase, deleteDatabase } from '../testing/database';

let supervisor: Supervisor;
let db: ThinkBankDb;
let databaseName: string;
let garden: Seeded;
let physics: Seeded;
let work: Seeded;

const TOMATOES =
  'Tomatoes need full sun and regular watering. Water tomatoes deeply twice a week in dry summers.';

function vec(...values: number[]): Float32Array {
  return Float32Array.from(values);
}

async function seedLibrary(): Promise<void> {
  garden = await seedDocument(db, {
    title: 'Gardening notes',
    modelId: 'model-a',
    passages: [
      { text: TOMATOES, headingPath: ['Gardening notes', 'Vegetables'], vector: vec(1, 0, 0, 0) },
      { text: 'Prune roses in late winter.', headingPath: ['Flowers'], vector: vec(0, 1, 0, 0) },
    ],
  });
  physics = await seedDocument(db, {
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
  work = await seedDocument(db, {
    title: 'Greenhouse plan',
    collectionId: 'work',
    modelId: 'model-a',
    passages: [{ text: 'The greenhouse gives tomatoes sun all year.', vector: vec(0.8, 0, 0.6, 0) }],
  });
}

beforeEach(async () => {
  db = await openFreshDatabase('thinkbank-retrieve');
  databaseName = db.name;
  await seedLibrary();
  supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 20_000 } });
  const search = supervisor.client('search');
  await search.open({ databaseName, saveDelayMs: 20, watch: false });
  await search.syncFromDb();
});

afterEach(async () => {
  supervisor.dispose();
  await deleteDatabase(db);
});

describe('search worker', () => {
  describe('retrieve', () => {
    it('returns whole passages strongest first with keyword evidence when no embedding model is loaded', async () => {
      const r = await supervisor.client('search').retrieve('How often should tomatoes get water?', {
        mode: 'keyword',
      });
      expect(r.mode).toBe('keyword');
      const best = r.passages[0];
      expect(best).toMatchObject({
        chunkId: garden.chunkIds[0],
        documentId: garden.documentId,
        versionId: garden.versionId,
        ordinal: 0,
        title: 'Gardening notes',
        type: 'markdown',
        headingPath: ['Gardening notes', 'Vegetables'],
        text: TOMATOES,
      });
      const scores = r.passages.map((p) => p.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(r.evidence.semantic).toEqual([]);
      expect(r.evidence.keyword).toBe(best?.scores.keyword);
      expect(r.evidence.passageCount).toBe(r.passages.length);
      // Six distinct query terms (the analyzer keeps stop words); the best passage has tomatoes and water.
      expect(r.evidence.queryTerms).toBe(6);
      expect(r.evidence.matchedTerms).toBe(2);
    });

    it('fuses semantic and keyword hits and reports the cosine similarities, strongest first', async () => {
      const r = await supervisor.client('search').retrieve('sun', {
        queryVector: { modelId: 'model-a', vector: vec(0, 0, 1, 0) },
      });
      expect(r.mode).toBe('hybrid');
      expect(r.modelId).toBe('model-a');
      expect(r.passages[0]?.chunkId).toBe(physics.chunkIds[0]);
      expect(r.passages[0]?.location.page).toBe(2);
      expect(r.evidence.semantic[0]).toBeCloseTo(1, 5);
      expect(r.evidence.semantic[1]).toBeCloseTo(0.6, 5);
      expect(r.evidence.semantic).toEqual([...r.evidence.semantic].sort((a, b) => b - a));
    });

    it('keeps to a collection when the scope names one', async () => {
      const search = supervisor.client('search');
      const all = await search.retrieve('tomatoes sun', { mode: 'keyword' });
      expect(new Set(all.passages.map((p) => p.documentId))).toEqual(
        new Set([garden.documentId, physics.documentId, work.documentId]),
      );
      const scoped = await search.retrieve('tomatoes sun', {
        mode: 'keyword',
        filters: { collectionIds: ['work'] },
      });
      expect(scoped.passages.map((p) => p.documentId)).toEqual([work.documentId]);
    });

    it('keeps to one document when the scope names it, in both halves of hybrid', async () => {
      const r = await supervisor.client('search').retrieve('tomatoes sun', {
        filters: { documentIds: [physics.documentId] },
        queryVector: { modelId: 'model-a', vector: vec(1, 0, 0, 0) },
      });
      expect(r.passages.map((p) => p.documentId)).toEqual([physics.documentId]);
      expect(r.evidence.semantic).toHaveLength(1);
    });

    it('finds nothing and no evidence for a question the library does not mention', async () => {
      const r = await supervisor.client('search').retrieve('quantum chromodynamics lattice', {
        mode: 'keyword',
      });
      expect(r.passages).toEqual([]);
      expect(r.evidence).toEqual({
        passageCount: 0,
        semantic: [],
        keyword: undefined,
        queryTerms: 3,
        matchedTerms: 0,
      });
    });
  });
});
