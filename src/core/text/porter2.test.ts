import { describe, expect, it } from 'vitest';
import { stemPorter2 } from './porter2';

// Pairs from the Snowball English stemmer's published sample vocabulary and its rules.
const VOCABULARY: readonly [string, string][] = [
  ['consign', 'consign'],
  ['consigned', 'consign'],
  ['consignment', 'consign'],
  ['consistency', 'consist'],
  ['consistently', 'consist'],
  ['consolation', 'consol'],
  ['consolatory', 'consolatori'],
  ['consolidated', 'consolid'],
  ['consolingly', 'consol'],
  ['conspicuously', 'conspicu'],
  ['conspiracy', 'conspiraci'],
  ['conspirators', 'conspir'],
  ['constables', 'constabl'],
  ['constancy', 'constanc'],
  ['knackeries', 'knackeri'],
  ['kneaded', 'knead'],
  ['knightly', 'knight'],
  ['knitting', 'knit'],
  ['knives', 'knive'],
  ['knocker', 'knocker'],
];

describe('stemPorter2', () => {
  it.each(VOCABULARY)('stems %s to %s', (word, stem) => {
    expect(stemPorter2(word)).toBe(stem);
  });

  it('applies the whole-word exceptions before any rule', () => {
    expect(['skies', 'dying', 'news', 'gently', 'only'].map(stemPorter2)).toEqual([
      'sky',
      'die',
      'news',
      'gentl',
      'onli',
    ]);
  });

  it('uses the special R1 of gener-, commun- and arsen- words', () => {
    expect(stemPorter2('generously')).toBe('generous');
    expect(stemPorter2('communism')).toBe('communism');
  });

  it('strips possessives and handles ies, sses and short words', () => {
    expect(stemPorter2("patient's")).toBe('patient');
    expect(stemPorter2('ties')).toBe('tie');
    expect(stemPorter2('cries')).toBe('cri');
    expect(stemPorter2('caresses')).toBe('caress');
    expect(stemPorter2('hoped')).toBe('hope');
    expect(stemPorter2('is')).toBe('is');
  });

  it('maps inflections of one word to one stem', () => {
    const stems = new Set(['regulate', 'regulated', 'regulation', 'regulating'].map(stemPorter2));
    expect([...stems]).toEqual(['regul']);
  });
});
