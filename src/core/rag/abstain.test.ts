import { describe, expect, it } from 'vitest';
import { decideAnswerable, evidenceScore, type AbstainCalibration, type RetrievalEvidence } from './abstain';
import { calibrateThreshold, rocAuc, type LabelledScore } from './calibrate';
import { abstainPolicyFor, KEYWORD_CALIBRATION } from './calibrations';

function evidence(overrides: Partial<RetrievalEvidence> = {}): RetrievalEvidence {
  return { passageCount: 5, semantic: [], keyword: 20, queryTerms: 4, matchedTerms: 4, ...overrides };
}

function calibration(overrides: Partial<AbstainCalibration> = {}): AbstainCalibration {
  return {
    feature: 'semantic',
    modelKey: 'bge-small-en-v1.5',
    threshold: 0.6,
    precision: 1,
    recall: 1,
    f1: 1,
    accuracy: 1,
    measuredOn: 'test',
    ...overrides,
  };
}

/** mulberry32. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('abstain', () => {
  describe('evidenceScore', () => {
    it('scales the keyword score by the share of query terms matched', () => {
      expect(evidenceScore(evidence({ keyword: 20, matchedTerms: 1, queryTerms: 4 }), 'keyword')).toBe(5);
    });

    it('averages the top three semantic similarities', () => {
      expect(evidenceScore(evidence({ semantic: [0.9, 0.6, 0.3, 0.99] }), 'semantic')).toBeCloseTo(0.6);
    });

    it('has no score for a feature the search did not produce', () => {
      expect(evidenceScore(evidence(), 'semantic')).toBeUndefined();
      expect(evidenceScore(evidence({ keyword: undefined }), 'keyword')).toBeUndefined();
    });
  });

  describe('decideAnswerable', () => {
    it('abstains when nothing was retrieved', () => {
      expect(decideAnswerable(evidence({ passageCount: 0 }), abstainPolicyFor(undefined)).reason).toBe(
        'no-passages',
      );
    });

    it('uses the keyword calibration without a calibrated embedding model', () => {
      const strong = decideAnswerable(evidence({ keyword: 30 }), abstainPolicyFor('unknown-model'));
      const weak = decideAnswerable(evidence({ keyword: 30, matchedTerms: 1 }), abstainPolicyFor(undefined));
      expect([strong.shouldAnswer, strong.feature, strong.threshold]).toEqual([
        true,
        'keyword',
        KEYWORD_CALIBRATION.threshold,
      ]);
      expect([weak.shouldAnswer, weak.reason]).toEqual([false, 'weak-evidence']);
    });

    it('lets the embedding model decide when it is calibrated and semantic scores exist', () => {
      const policy = { keyword: KEYWORD_CALIBRATION, semantic: calibration() };
      expect(decideAnswerable(evidence({ keyword: 1, semantic: [0.8, 0.7, 0.6] }), policy).shouldAnswer).toBe(
        true,
      );
      expect(decideAnswerable(evidence({ keyword: 99, semantic: [0.5, 0.4] }), policy).shouldAnswer).toBe(
        false,
      );
    });

    it('abstains when keyword search matched nothing and there is no semantic evidence', () => {
      expect(decideAnswerable(evidence({ keyword: undefined }), abstainPolicyFor(undefined)).reason).toBe(
        'no-evidence',
      );
    });
  });

  describe('calibrateThreshold', () => {
    const samples: LabelledScore[] = [
      { score: 0.9, isAnswerable: true },
      { score: 0.8, isAnswerable: true },
      { score: 0.7, isAnswerable: false },
      { score: 0.6, isAnswerable: true },
      { score: 0.2, isAnswerable: false },
      { score: 0.1, isAnswerable: false },
    ];

    it('picks the threshold with the best F1, midway between observed scores', () => {
      const choice = calibrateThreshold(samples, { objective: 'f1' });
      expect(choice.threshold).toBeCloseTo(0.4);
      expect([choice.precision, choice.recall]).toEqual([0.75, 1]);
      expect(choice.f1).toBeCloseTo(6 / 7);
    });

    it('picks the lowest threshold reaching a target precision', () => {
      const choice = calibrateThreshold(samples, { objective: 'precision', minPrecision: 1 });
      expect(choice.threshold).toBeCloseTo(0.75);
      expect([choice.precision, choice.recall]).toEqual([1, 2 / 3]);
    });

    it('refuses everything when no threshold reaches the target precision', () => {
      const choice = calibrateThreshold(
        [
          { score: 1, isAnswerable: false },
          { score: 0.5, isAnswerable: true },
        ],
        { objective: 'precision', minPrecision: 0.9 },
      );
      expect(choice.threshold).toBeGreaterThan(1);
      expect(choice.recall).toBe(0);
    });

    it('moves tied scores together', () => {
      const choice = calibrateThreshold(
        [
          { score: 0.5, isAnswerable: true },
          { score: 0.5, isAnswerable: false },
          { score: 0.1, isAnswerable: false },
        ],
        { objective: 'f1' },
      );
      expect(choice.threshold).toBeCloseTo(0.3);
      expect(choice.precision).toBe(0.5);
    });

    it('separates two seeded noisy populations near their crossing point', () => {
      const rand = random(42);
      const noisy: LabelledScore[] = Array.from({ length: 2000 }, (_, i) => ({
        isAnswerable: i % 2 === 0,
        score: (i % 2 === 0 ? 0.7 : 0.4) + (rand() - 0.5) * 0.4,
      }));
      const choice = calibrateThreshold(noisy, { objective: 'f1' });
      expect(choice.threshold).toBeGreaterThan(0.45);
      expect(choice.threshold).toBeLessThan(0.6);
      expect(rocAuc(noisy)).toBeGreaterThan(0.9);
    });

    it('needs both kinds of question', () => {
      expect(() => calibrateThreshold([{ score: 1, isAnswerable: true }], { objective: 'f1' })).toThrow(
        RangeError,
      );
    });
  });

  describe('rocAuc', () => {
    it('is 1 for a perfect separation, 0.5 for all ties', () => {
      expect(
        rocAuc([
          { score: 2, isAnswerable: true },
          { score: 1, isAnswerable: false },
        ]),
      ).toBe(1);
      expect(
        rocAuc([
          { score: 1, isAnswerable: true },
          { score: 1, isAnswerable: false },
        ]),
      ).toBe(0.5);
    });
  });
});
