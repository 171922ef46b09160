// The OCR's answer as the image step wants it: every line in reading order (block by block), with its
// axis-aligned box as 0–1 fractions of the page (origin top-left, the document model's Box).
import type { Box } from '../../core/chunking/types';
import type { TextLine } from './text-reader';

/** The shape of a read page this needs (the vision worker's ReadTextResult has it). */
export interface ReadPage {
  width: number;
  height: number;
  blocks: readonly {
    lines: readonly { text: string; confidence: number; corners: readonly { x: number; y: number }[] }[];
  }[];
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

export function ocrTextLines(page: ReadPage): TextLine[] {
  if (page.width <= 0 || page.height <= 0) return [];
  return page.blocks.flatMap((block, blockIndex) =>
    block.lines.map((line): TextLine => {
      const xs = line.corners.map((p) => p.x);
      const ys = line.corners.map((p) => p.y);
      const box: Box = [
        clamp(Math.min(...xs) / page.width),
        clamp(Math.min(...ys) / page.height),
        clamp(Math.max(...xs) / page.width),
        clamp(Math.max(...ys) / page.height),
      ];
      return { text: line.text, box, confidence: line.confidence, block: blockIndex };
    }),
  );
}
