import { describe, expect, it } from 'vitest';
import { characterErrorRate, editDistance, foldText, wordF1 } from './text-accuracy';

describe('text accuracy', () => {
  it('folds compatibility characters and whitespace before comparing', () => {
    expect(foldText(' ﬁnd\n\n  ＡＢＣ ')).toBe('find ABC');
    expect(characterErrorRate('find ABC', 'ﬁnd\nＡＢＣ')).toBe(0);
  });

  it('counts edits over the truth length, so reading order matters', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(characterErrorRate('abcd', 'abxd')).toBeCloseTo(0.25, 6);
    expect(characterErrorRate('one two', 'two one')).toBeGreaterThan(0);
  });

  it('scores words as multisets, in any order', () => {
    expect(wordF1('one two two', 'two one two').f1).toBe(1);
    const partial = wordF1('one two three four', 'one two five');
    expect(partial.precision).toBeCloseTo(2 / 3, 6);
    expect(partial.recall).toBeCloseTo(0.5, 6);
    expect(wordF1('words', '').f1).toBe(0);
  });
});
