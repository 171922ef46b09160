import { describe, expect, it } from 'vitest';
import { isOddWord, judgeTextLayer } from './text-layer-quality';

describe('judgeTextLayer', () => {
  it('passes prose in English, German and Russian', () => {
    const english =
      'Trace-based just-in-time compilation records the hot loops of a program and compiles them ' +
      'to native code, so dynamic languages run nearly as fast as static ones in 2009.';
    const german =
      'Die Straße führt über die Brücke zum Bahnhof; dort wartet der Zug nach München um 9:45 Uhr.';
    const russian =
      'Налоговая декларация по налогу на доходы физических лиц представляется в налоговый орган.';
    for (const text of [english, german, russian]) expect(judgeTextLayer(text).garbage).toBe(false);
  });

  it('flags the Latin look-alikes a scanner left over a Cyrillic page', () => {
    // The text layer of issue12963.pdf (pdf.js's test corpus), page 2.
    const layer =
      "Hanorosas:tAeKnapai...IVIs:tno Hanory, ynnal.IVIBaeMoMy B CBS'I3VI C npVIMeHeHVIeMynpo~eHHOH " +
      "CVICTeMbl Hanoroo6nO>KeHVIS'I HoMep KoppeKn1pOBKH npe,[ICT8BflH8TCH H8norosbiH nepHOA (KoA) " +
      'B H8nOrOBbiH opr8H (KOA) 0T48THbiH rO,[I no M8CTY H8XO}f{,[I8HHH (y48T8) (KOA)';
    const verdict = judgeTextLayer(layer);
    expect(verdict.garbage).toBe(true);
    expect(verdict.odd / verdict.words).toBeGreaterThan(0.3);
  });

  it('flags replacement and private-use characters from a broken font map', () => {
    const layer = Array.from({ length: 20 }, (_, i) => `w\uE012rd${String(i)}x`).join(' ');
    expect(judgeTextLayer(layer).garbage).toBe(true);
  });

  it('does not judge a page with too few words', () => {
    expect(judgeTextLayer('KoppeKn1pOBKH H8norosbiH npo~eHHOH').garbage).toBe(false);
  });

  it('ignores numbers, initials and punctuation', () => {
    expect(isOddWord('2017')).toBeUndefined();
    expect(isOddWord('A.')).toBeUndefined();
    expect(isOddWord('—')).toBeUndefined();
    expect(isOddWord('McDonald')).toBe(true);
    expect(isOddWord('well-known')).toBe(false);
    expect(isOddWord('H8n')).toBe(true);
  });
});
