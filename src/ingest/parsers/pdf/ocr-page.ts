// A page read by OCR as the PDF parser's lines: the reader's lines (boxes as 0–1 fractions, in reading
// order, grouped in blocks) placed on the page in PDF points, so the same block builder that handles
// text layers makes paragraphs, headings and lists of them. Each OCR block is its own "column": lines
// of two blocks never merge into one paragraph. Every line of a block takes the block's median line
// height as its size: the detector's boxes vary with ascenders and descenders, and a size that jumps
// inside a paragraph would split it or make a heading of one line.
import type { TextLine } from '../../images/text-reader';
import type { Line } from './layout';

/** Detector boxes are padded around the glyphs; a line's type size is about this share of its height. */
const SIZE_OF_HEIGHT = 0.75;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function ocrLinesToPage(lines: readonly TextLine[], width: number, height: number): Line[] {
  const placed = lines
    .filter((line) => line.text.trim() !== '')
    .map((line, index) => ({
      text: line.text.trim(),
      block: line.block ?? index,
      x0: line.box[0] * width,
      y0: line.box[1] * height,
      x1: line.box[2] * width,
      y1: line.box[3] * height,
    }));
  const blocks = new Map<number, typeof placed>();
  for (const line of placed) {
    const members = blocks.get(line.block) ?? [];
    members.push(line);
    blocks.set(line.block, members);
  }
  const shape = new Map(
    [...blocks].map(([block, members]) => [
      block,
      {
        size: Math.round(median(members.map((l) => l.y1 - l.y0)) * SIZE_OF_HEIGHT * 2) / 2,
        x0: Math.min(...members.map((l) => l.x0)),
        x1: Math.max(...members.map((l) => l.x1)),
      },
    ]),
  );
  return placed.map((line): Line => {
    const area = shape.get(line.block) ?? { size: line.y1 - line.y0, x0: line.x0, x1: line.x1 };
    return {
      text: line.text,
      x0: line.x0,
      y0: line.y0,
      x1: line.x1,
      y1: line.y1,
      size: area.size,
      font: 'ocr',
      cells: [{ text: line.text, x0: line.x0, x1: line.x1 }],
      column: line.block + 1,
      areaX0: area.x0,
      areaX1: area.x1,
    };
  });
}
