// Reads a retrieval test set in the BEIR layout: corpus.jsonl (_id, title, text),
// queries.jsonl (_id, text) and qrels/<split>.tsv (query-id, corpus-id, score, after a header
// line). Only queries with judgements are kept, as BEIR evaluates them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Judgements } from '../../src/core/eval/metrics';

export interface BeirDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export interface BeirDataset {
  readonly name: string;
  readonly corpus: BeirDocument[];
  /** Judged queries only: id → text. */
  readonly queries: Map<string, string>;
  readonly qrels: Map<string, Judgements>;
}

function readJsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function loadBeir(dir: string, split = 'test'): BeirDataset {
  const corpus = readJsonLines(join(dir, 'corpus.jsonl')).map((row) => ({
    id: text(row['_id']),
    title: text(row['title']),
    text: text(row['text']),
  }));
  const qrels = new Map<string, Map<string, number>>();
  const lines = readFileSync(join(dir, 'qrels', `${split}.tsv`), 'utf8')
    .split('\n')
    .slice(1);
  for (const line of lines) {
    const [queryId, docId, score] = line.trim().split('\t');
    if (queryId === undefined || docId === undefined || score === undefined) continue;
    let judgements = qrels.get(queryId);
    if (judgements === undefined) {
      judgements = new Map();
      qrels.set(queryId, judgements);
    }
    judgements.set(docId, Number(score));
  }
  const queries = new Map<string, string>();
  for (const row of readJsonLines(join(dir, 'queries.jsonl'))) {
    const id = text(row['_id']);
    if (qrels.has(id)) queries.set(id, text(row['text']));
  }
  const missing = [...qrels.keys()].filter((id) => !queries.has(id));
  if (missing.length > 0) throw new Error(`${dir}: ${missing.length} judged queries have no text.`);
  return { name: dir.replace(/\/+$/, '').split('/').slice(-2).join('/'), corpus, queries, qrels };
}
