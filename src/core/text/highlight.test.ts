import { describe, expect, it } from 'vitest';
import { highlightSpans, mergeSpans } from './highlight';

function marked(text: string, query: string, prefix = false): string[] {
  return highlightSpans(text, query, undefined, prefix).map((s) => text.slice(s.start, s.end));
}

describe('highlightSpans', () => {
  it('marks inflected and accented forms of the query words in the original text', () => {
    expect(marked('Tumours grow in the Café.', 'tumour cafe')).toEqual(['Tumours', 'Café']);
  });

  it('does not mark stop words even when the query contains them', () => {
    expect(marked('the cat and the hat', 'the cat')).toEqual(['cat']);
  });

  it('merges overlapping CJK bigrams into one span', () => {
    expect(marked('私は東京都に住む', '東京都')).toEqual(['東京都']);
  });

  it('marks words that an unfinished last query word begins', () => {
    expect(marked('Diabetes and diabetic diet', 'diab', true)).toEqual(['Diabetes', 'diabetic']);
    expect(marked('Diabetes and diabetic diet', 'diab', false)).toEqual([]);
  });
});

describe('mergeSpans', () => {
  it('sorts spans and joins those that overlap or touch', () => {
    expect(
      mergeSpans([
        { start: 5, end: 7 },
        { start: 0, end: 2 },
        { start: 1, end: 3 },
        { start: 7, end: 9 },
      ]),
    ).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 9 },
    ]);
  });
});
