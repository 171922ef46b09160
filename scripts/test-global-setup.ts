// Browser tests load the generated chat model over the dev server (src/testing/chat-model.ts); it
// is made here, in Node, before any test runs, so a fresh checkout needs no separate generate step.
// Up-to-date models are left alone (ADR 0040).
import { generateModels } from './models/generate';

export default function setup(): void {
  generateModels(['test/chat-llm']);
}
