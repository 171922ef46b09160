// The fixed answer of the scripted chat model test/chat-cite: Markdown with a citation that matches a
// source, one that matches none, and hostile HTML, so end-to-end tests know in advance what the chat
// must render (bold text, a citation chip, a dropped marker, inert markup). The ids come from the real
// SmolLM2 tokenizer when the model is generated, so decoding them gives back exactly this text.
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CHAT_CITE_ANSWER =
  'The notes say **so** [1]. A marker with no source [9]. <img src=x onerror=alert(1)><script>alert(2)</script> Done [1].';

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Token ids of `text` (no special tokens) under the tokenizer files in `folder`. */
export function tokenize(folder: string, text: string): number[] {
  const tokenizer = new PreTrainedTokenizer(
    readJson(join(folder, 'tokenizer.json')),
    readJson(join(folder, 'tokenizer_config.json')),
  );
  return tokenizer.encode(text, { add_special_tokens: false });
}
