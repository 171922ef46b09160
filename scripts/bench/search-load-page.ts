// The browser half of the search load bench, built with the app (search-load.vite.config.ts) so the
// search worker it starts is the production bundle. It writes a 100k × 384 library to IndexedDB once;
// a cold load, in a freshly opened page, creates the search worker through the real supervisor and
// clocks it until its first semantic query answers (ADR 0110: ready within a second of starting). The
// anchor reads the same stored index records raw from IndexedDB, with no Dexie and no worker.
import { ThinkBankDb } from '../../src/db/database';
import { vectorIndexKey } from '../../src/search/vector-index';
import { Supervisor } from '../../src/services/supervisor';
import { workerFactories } from '../../src/services/worker-factories';
import { LARGE_LIBRARY, writeLargeLibrary } from '../../src/testing/large-library';

export interface ColdLoad {
  /** Creating the worker → it answers a ping (fetching and starting its code). */
  workerStartMs: number;
  /** `open`: the stored index read and wrapped. */
  openMs: number;
  /** The first semantic query, as the page waits for it. */
  queryMs: number;
  /** Creating the worker → the first semantic answer: the figure with the 1 s target. */
  firstAnswerMs: number;
  /** The worker's own clock: its module starting → ready. */
  workerReadyMs: number | undefined;
  /** The worker's own clock: reading and wrapping the vector index. */
  indexLoadMs: number | undefined;
  origin: string | undefined;
  passages: number | undefined;
  answered: number;
}

export interface RawRead {
  ms: number;
  bytes: number;
  records: number;
}

export interface SearchLoadApi {
  /** Writes the library; answers the stored index's bytes and the time the write took. */
  write(databaseName: string): Promise<{ indexBytes: number; ms: number }>;
  coldLoad(databaseName: string): Promise<ColdLoad>;
  rawRead(databaseName: string): Promise<RawRead>;
  remove(databaseName: string): Promise<void>;
}

async function write(databaseName: string): Promise<{ indexBytes: number; ms: number }> {
  const t0 = performance.now();
  const db = new ThinkBankDb(databaseName);
  try {
    const indexBytes = await writeLargeLibrary(db);
    return { indexBytes, ms: performance.now() - t0 };
  } finally {
    db.close();
  }
}

async function coldLoad(databaseName: string): Promise<ColdLoad> {
  const { dims, modelId } = LARGE_LIBRARY;
  const query = new Float32Array(dims).fill(1 / Math.sqrt(dims));
  const t0 = performance.now();
  const supervisor = new Supervisor({ factories: workerFactories, config: { callTimeoutMs: 120_000 } });
  try {
    const search = supervisor.client('search');
    await search.ping();
    const tStarted = performance.now();
    await search.open({ databaseName, watch: false });
    const tOpen = performance.now();
    const result = await search.search('bench', {
      mode: 'semantic',
      k: 10,
      queryVector: { modelId, vector: query },
    });
    const tFirst = performance.now();
    const stats = await search.stats();
    const index = stats.indexes.find((i) => i.kind === 'hnsw');
    return {
      workerStartMs: tStarted - t0,
      openMs: tOpen - tStarted,
      queryMs: tFirst - tOpen,
      firstAnswerMs: tFirst - t0,
      workerReadyMs: stats.readyMs,
      indexLoadMs: index?.loadMs,
      origin: index?.origin,
      passages: index?.passages,
      answered: result.documents.length,
    };
  } finally {
    supervisor.dispose();
  }
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => {
      resolve(r.result);
    };
    r.onerror = () => {
      reject(r.error ?? new Error('IndexedDB request failed'));
    };
  });
}

/** The index's records in one read-only getAll, as the worker's loader asks for them. */
async function rawRead(databaseName: string): Promise<RawRead> {
  const prefix = `${vectorIndexKey(LARGE_LIBRARY.modelId)}#`;
  const t0 = performance.now();
  const db = await request(indexedDB.open(databaseName));
  try {
    const store = db.transaction('indexes', 'readonly').objectStore('indexes');
    const rows = await request(store.getAll(IDBKeyRange.bound(prefix, `${prefix}\uffff`)));
    const ms = performance.now() - t0;
    const bytes = rows.reduce<number>((sum, row) => {
      const data = (row as { data?: unknown }).data;
      return sum + (data instanceof ArrayBuffer ? data.byteLength : 0);
    }, 0);
    return { ms, bytes, records: rows.length };
  } finally {
    db.close();
  }
}

async function remove(databaseName: string): Promise<void> {
  await new ThinkBankDb(databaseName).delete();
}

(globalThis as unknown as { searchLoadBench: SearchLoadApi }).searchLoadBench = {
  write,
  coldLoad,
  rawRead,
  remove,
};
