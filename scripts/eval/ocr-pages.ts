// The OCR pages folder (../shared/data/ocr-pages or any folder laid out like it: manifest.csv with id,
// condition, image, truth; images/; truth/) and how a reading of one page is scored: CER after NFKC +
// whitespace folding (reading order counts) and order-free word F1, averaged per condition and over all.
// Shared by the quality eval (scripts/eval/ocr.ts) and the speed bench (scripts/bench/ocr.ts).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { characterErrorRate, wordF1 } from '../../src/core/eval/text-accuracy';

export const OCR_PAGES_DIR = resolve(import.meta.dirname, '../../../shared/data/ocr-pages');

export interface OcrPageItem {
  id: string;
  condition: string;
  /** Absolute path of the page image. */
  image: string;
  truth: string;
}

export function readManifest(dir: string): OcrPageItem[] {
  const [header, ...rows] = readFileSync(join(dir, 'manifest.csv'), 'utf8').trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`${join(dir, 'manifest.csv')} has no "${name}" column`);
    return i;
  };
  const [id, condition, image, truth] = [at('id'), at('condition'), at('image'), at('truth')];
  return rows.map((row) => {
    const cells = row.split(',');
    return {
      id: cells[id] ?? '',
      condition: cells[condition] ?? '',
      image: join(dir, cells[image] ?? ''),
      truth: readFileSync(join(dir, cells[truth] ?? ''), 'utf8'),
    };
  });
}

export interface Score {
  cer: number;
  wordF1: number;
}

export function score(truth: string, text: string): Score {
  return { cer: characterErrorRate(truth, text), wordF1: wordF1(truth, text).f1 };
}

/** Mean scores per condition and over all pages (key "all"). */
export function averages(scores: readonly { condition: string; score: Score }[]): Record<string, Score> {
  const groups = new Map<string, Score[]>();
  for (const { condition, score } of scores) {
    for (const key of ['all', condition]) groups.set(key, [...(groups.get(key) ?? []), score]);
  }
  const out: Record<string, Score> = {};
  for (const [key, list] of groups) {
    out[key] = {
      cer: list.reduce((s, x) => s + x.cer, 0) / list.length,
      wordF1: list.reduce((s, x) => s + x.wordF1, 0) / list.length,
    };
  }
  return out;
}
