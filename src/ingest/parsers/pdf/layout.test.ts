import { describe, expect, it } from 'vitest';
import { removeFurniture } from './furniture';
import type { Line } from './layout';
import { layoutPage, type TextRun } from './layout';

/** A run of text at (x, y) in a 10 pt font, 5 pt per character. */
const run = (text: string, x: number, y: number): TextRun => ({
  text,
  x0: x,
  x1: x + text.length * 5,
  y0: y,
  y1: y + 10,
  size: 10,
  font: 'f',
});

describe('layoutPage', () => {
  it('reads a two-column page column by column, with full-width lines in place', () => {
    const runs: TextRun[] = [run('A title that spans both of the columns of the page', 100, 40)];
    for (let i = 0; i < 8; i++) {
      runs.push(run(`left line ${i} of text`, 50, 100 + i * 12));
      runs.push(run(`right line ${i} of text`, 320, 100 + i * 12));
    }
    runs.push(run('A footer that also spans both of the columns', 120, 700));
    const lines = layoutPage(runs, 612).map((l) => l.text);
    expect(lines[0]).toBe('A title that spans both of the columns of the page');
    expect(lines.slice(1, 9)).toEqual(Array.from({ length: 8 }, (_, i) => `left line ${i} of text`));
    expect(lines.slice(9, 17)).toEqual(Array.from({ length: 8 }, (_, i) => `right line ${i} of text`));
    expect(lines[17]).toBe('A footer that also spans both of the columns');
  });

  it('keeps a single-column page line by line, joining runs with spaces', () => {
    const lines = layoutPage([run('Hello', 50, 100), run('world', 85, 100), run('Next line', 50, 112)], 612);
    expect(lines.map((l) => [l.text, l.column])).toEqual([
      ['Hello world', 0],
      ['Next line', 0],
    ]);
  });
});

describe('removeFurniture', () => {
  const line = (text: string, y: number): Line => ({
    text,
    x0: 50,
    x1: 200,
    y0: y,
    y1: y + 10,
    size: 10,
    font: 'f',
    cells: [{ text, x0: 50, x1: 200 }],
    column: 0,
    areaX0: 50,
    areaX1: 550,
  });
  it('drops running heads and page numbers but keeps body text', () => {
    const pages = [1, 2, 3, 4].map((page) => ({
      page,
      width: 612,
      height: 792,
      lines: [
        line('Journal of Examples, vol. 3', 20),
        line(`Body text on page ${page}`, 300),
        line(String(page), 770),
      ],
    }));
    const { pages: cleaned, removed } = removeFurniture(pages);
    expect(removed).toBe(8);
    expect(cleaned.map((p) => p.lines.map((l) => l.text))).toEqual(
      [1, 2, 3, 4].map((n) => [`Body text on page ${n}`]),
    );
  });
});
