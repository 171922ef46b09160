import { describe, expect, it } from 'vitest';
import { analyze, analyzeQuery, analyzeTerms, DEFAULT_ANALYSIS, type AnalysisSettings } from './analyzer';
import { foldText } from './fold';
import { tokenize } from './tokenize';

const plain: AnalysisSettings = { stemmer: 'none', stopWords: 'none', joinCompounds: false };

describe('foldText', () => {
  it('removes case and diacritics whether accents are composed or combining', () => {
    expect(foldText('Café')).toBe('cafe');
    expect(foldText('Cafe\u0301')).toBe('cafe');
    expect(foldText('NAÏVE Ångström')).toBe('naive angstrom');
  });

  it('expands ligatures, full-width letters and letters without separable marks', () => {
    expect(foldText('ﬁnance')).toBe('finance');
    expect(foldText('ＡＢＣ')).toBe('abc');
    expect(foldText('Straße Œuvre Øre Łódź')).toBe('strasse oeuvre ore lodz');
  });
});

describe('tokenize', () => {
  it('gives each token its span in the original text', () => {
    const text = 'Hello, wörld!';
    expect(tokenize(text).map((t) => [t.text, text.slice(t.start, t.end)])).toEqual([
      ['Hello', 'Hello'],
      ['wörld', 'wörld'],
    ]);
  });

  it('keeps apostrophes inside words and decimal points inside numbers', () => {
    expect(tokenize("don't use 3.5 or patient’s end.").map((t) => t.text)).toEqual([
      "don't",
      'use',
      '3.5',
      'or',
      'patient’s',
      'end',
    ]);
  });

  it('splits a number from its unit so 5mg matches 5 mg', () => {
    expect(tokenize('5mg and 2.5kg').map((t) => t.text)).toEqual(['5', 'mg', 'and', '2.5', 'kg']);
  });

  it('turns CJK runs into overlapping bigrams and a lone character into a unigram', () => {
    expect(tokenize('東京都 猫').map((t) => t.text)).toEqual(['東京', '京都', '猫']);
    expect(tokenize('한국어').map((t) => t.text)).toEqual(['한국', '국어']);
    expect(tokenize('AIの未来').map((t) => t.text)).toEqual(['AI', 'の未', '未来']);
  });
});

describe('analyze', () => {
  it('drops English stop words and stems English words', () => {
    expect(analyzeTerms('The tumours of the patients were growing', DEFAULT_ANALYSIS)).toEqual([
      'tumour',
      'patient',
      'were',
      'grow',
    ]);
  });

  it('also indexes hyphenated words joined, keeping the parts', () => {
    expect(analyzeTerms('COVID-19 e-mail', DEFAULT_ANALYSIS)).toEqual([
      'covid',
      '19',
      'e',
      'mail',
      'covid19',
      'email',
    ]);
    expect(analyzeTerms('COVID-19', { ...DEFAULT_ANALYSIS, joinCompounds: false })).toEqual(['covid', '19']);
  });

  it('leaves words of other scripts unstemmed but still searchable', () => {
    expect(analyzeTerms('Книги ΒΙΒΛΊΑ', DEFAULT_ANALYSIS)).toEqual(['книги', 'βιβλια']);
  });

  it('keeps every term tied to its source span', () => {
    const text = 'Les Misérables';
    const terms = analyze(text, plain);
    expect(terms.map((t) => [t.term, text.slice(t.start, t.end)])).toEqual([
      ['les', 'Les'],
      ['miserables', 'Misérables'],
    ]);
  });
});

describe('analyzeQuery', () => {
  it('sets an unfinished last word apart as a prefix when asked', () => {
    expect(analyzeQuery('tumour growth in diab', DEFAULT_ANALYSIS, true)).toEqual({
      terms: ['tumour', 'growth'],
      prefix: { folded: 'diab', term: 'diab' },
    });
  });

  it('treats the last word as complete when a space or punctuation follows it', () => {
    expect(analyzeQuery('diabetes ', DEFAULT_ANALYSIS, true)).toEqual({
      terms: ['diabet'],
      prefix: undefined,
    });
  });
});
