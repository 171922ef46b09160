// Token counts for the chunker when the embedding model's own tokenizer is not available (no model
// loaded yet). The estimate errs high for WordPiece/BPE vocabularies: a word counts one token per
// started five characters, each punctuation mark and each CJK character one token, so chunks cut
// with it stay under the model's limit when it is embedded later (ADR 0102).
const PIECES =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function estimateTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(PIECES)) {
    const piece = match[0];
    count += CJK.test(piece) || piece.length <= 5 ? 1 : Math.ceil(piece.length / 5);
  }
  return count;
}

export type CountTokens = (text: string) => number;
