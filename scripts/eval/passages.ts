// BEIR documents → passages the way ingest makes them: the plain-text parser (src/ingest/parsers/text.ts)
// with the document's title as its metadata title, then the real chunker (src/core/chunking) with its
// default sizes and the embedding model's own token counts. Each passage keeps the fields the search
// worker indexes (title, heading path, text) and the text the embedder sees (heading path + text).

import { chunkDocument, embeddingText, PATH_SEPARATOR } from '../../src/core/chunking/chunker';
import { parseTextString } from '../../src/ingest/parsers/text';
import type { BeirDocument } from './beir';
import type { Passage } from './keyword-run';

export interface EvalPassage extends Passage {
  /** What the embedding model is given (before the passage prefix). */
  readonly embedText: string;
}

export function chunkCorpus(
  corpus: readonly BeirDocument[],
  countTokens: (text: string) => number,
): EvalPassage[] {
  const passages: EvalPassage[] = [];
  for (const doc of corpus) {
    const parsed = parseTextString(doc.text);
    const title = doc.title.trim();
    const withTitle = { ...parsed, metadata: title === '' ? {} : { title } };
    for (const chunk of chunkDocument(withTitle, { countTokens })) {
      passages.push({
        id: `${doc.id}#${String(chunk.ordinal)}`,
        docId: doc.id,
        title: doc.title,
        headings: chunk.headingPath.join(PATH_SEPARATOR),
        body: chunk.text,
        embedText: embeddingText(chunk),
      });
    }
  }
  return passages;
}
