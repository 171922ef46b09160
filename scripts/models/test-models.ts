// Test helper: makes sure the named generated models exist (generating them when missing or out
// of date, ADR 0040) and points transformers.js at them, local files only.

import { env } from '@huggingface/transformers';
import { join } from 'node:path';
import { generateModels, MODELS_ROOT } from './generate';

export function useGeneratedModels(...ids: string[]): void {
  generateModels(ids);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = join(MODELS_ROOT, '/');
}

/** Seconds a pipeline test may take: model loads plus a few generation steps on a slow CI core. */
export const PIPELINE_TIMEOUT_MS = 60_000;
