// PP-OCR on any ONNX runtime: detection (DB) → per-line direction check → recognition (CTC) → reading
// order. The runtime is handed in as three functions, so the same code runs on onnxruntime-web in the
// vision worker and on onnxruntime-node in scripts. Steps are checked against `signal` between
// batches, so a cancel lands mid-page.
import { AbortError } from '../../core/errors';
import { rectCorners, type Point, type RotatedRect } from './geometry';
import { readingOrder } from './reading-order';
import { findTextBoxes, type TextBoxOptions } from './text-boxes';
import {
  batchCrops,
  cropLine,
  ctcDecode,
  detectionInput,
  detectionSize,
  type LineCrop,
  type Pixels,
  type Tensor,
} from './tensors';

export type RunModel = (input: Tensor) => Promise<Tensor>;

export interface OcrModels {
  detect: RunModel;
  recognize: RunModel;
  /** The 0°/180° line classifier; without it lines are read as they stand. */
  classify?: RunModel;
  dictionary: readonly string[];
}

export interface OcrOptions {
  /** The detector sees the page scaled to at most this long side (multiples of 32). */
  maxSide: number;
  /** Recogniser input height (PP-OCRv4: 48) and widest crop. */
  lineHeight: number;
  maxLineWidth: number;
  batchSize: number;
  /** Lines whose recognised text has a lower mean confidence are dropped. */
  minConfidence: number;
  /** A blank step where the space keeps this much probability reads as a space (see ctcDecode). */
  spaceFloor: number;
  boxes: Partial<TextBoxOptions>;
  signal?: AbortSignal;
  onProgress?: (progress: { step: 'detecting' | 'reading'; done: number; total: number }) => void;
}

export const OCR_DEFAULTS: OcrOptions = {
  maxSide: 2048,
  lineHeight: 48,
  maxLineWidth: 3200,
  batchSize: 8,
  minConfidence: 0.5,
  spaceFloor: 0.01,
  boxes: {},
};

export interface OcrLine {
  text: string;
  confidence: number;
  /** The line's rectangle in image pixels. */
  rect: RotatedRect;
  /** Corners in image pixels: top-left, top-right, bottom-right, bottom-left. */
  corners: [Point, Point, Point, Point];
}

export interface OcrBlock {
  lines: OcrLine[];
  text: string;
}

export interface OcrPage {
  width: number;
  height: number;
  blocks: OcrBlock[];
  /** Every block's text, blocks separated by a blank line. */
  text: string;
}

function check(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('Reading the text was cancelled.');
}

export async function recognizePage(
  image: Pixels,
  models: OcrModels,
  options: Partial<OcrOptions> = {},
): Promise<OcrPage> {
  const o = { ...OCR_DEFAULTS, ...options };
  check(o.signal);
  o.onProgress?.({ step: 'detecting', done: 0, total: 1 });
  const size = detectionSize(image.width, image.height, o.maxSide);
  const probabilities = await models.detect(detectionInput(image, size));
  check(o.signal);
  const [, , mapHeight = size.height, mapWidth = size.width] = probabilities.dims;
  const sx = image.width / mapWidth;
  const sy = image.height / mapHeight;
  const rects = findTextBoxes({ width: mapWidth, height: mapHeight, data: probabilities.data }, o.boxes).map(
    ({ rect }): RotatedRect => {
      // Back to image pixels (the axes scale apart when the aspect changed by rounding to 32).
      const ux = Math.cos(rect.angle) * sx;
      const uy = Math.sin(rect.angle) * sy;
      const vx = -Math.sin(rect.angle) * sx;
      const vy = Math.cos(rect.angle) * sy;
      return {
        cx: rect.cx * sx,
        cy: rect.cy * sy,
        width: rect.width * Math.hypot(ux, uy),
        height: rect.height * Math.hypot(vx, vy),
        angle: Math.atan2(uy, ux),
      };
    },
  );
  o.onProgress?.({ step: 'detecting', done: 1, total: 1 });

  const isTurned = models.classify ? await upsideDown(image, rects, models.classify, models, o) : false;
  const flips = rects.map(() => isTurned);
  // Similar widths batch together, so little of each batch is padding.
  const crops = rects.map((rect, i) => ({
    i,
    crop: cropLine(image, rect, o.lineHeight, o.maxLineWidth, flips[i]),
  }));
  crops.sort((a, b) => a.crop.width - b.crop.width);
  const decoded: { text: string; confidence: number }[] = new Array<{ text: string; confidence: number }>(
    rects.length,
  );
  for (let start = 0; start < crops.length; start += o.batchSize) {
    check(o.signal);
    const batch = crops.slice(start, start + o.batchSize);
    const width = Math.max(...batch.map((b) => b.crop.width));
    const output = await models.recognize(
      batchCrops(
        batch.map((b) => b.crop),
        width,
      ),
    );
    ctcDecode(output, models.dictionary, o.spaceFloor).forEach((line, k) => {
      const item = batch[k];
      if (item) decoded[item.i] = line;
    });
    o.onProgress?.({
      step: 'reading',
      done: Math.min(start + o.batchSize, crops.length),
      total: crops.length,
    });
  }
  const lines: OcrLine[] = rects.flatMap((rect, i) => {
    const line = decoded[i];
    // NFKC: the recogniser's dictionary is Chinese-first, so Latin text comes with full-width commas
    // and colons; folded, they are the characters a person types and searches for.
    const text = line?.text.normalize('NFKC').replace(/\s+/g, ' ').trim() ?? '';
    if (!line || text === '' || line.confidence < o.minConfidence) return [];
    return [{ text, confidence: line.confidence, rect, corners: rectCorners(rect) }];
  });
  // On a turned page the last line in the image is the first one read: order in turned coordinates.
  const blocks = readingOrder(
    lines.map((line) =>
      isTurned
        ? { ...line.rect, cx: image.width - line.rect.cx, cy: image.height - line.rect.cy, line }
        : { ...line.rect, line },
    ),
  ).map((group): OcrBlock => {
    const blockLines = group.map((g) => g.line);
    return { lines: blockLines, text: blockLines.map((l) => l.text).join('\n') };
  });
  return { width: image.width, height: image.height, blocks, text: blocks.map((b) => b.text).join('\n\n') };
}

const CLS_WIDTH = 192;

/**
 * Whether the page is upside down. The direction classifier votes over the page's lines, weighted by
 * their length (PaddleOCR flips each line on its own score; a long line squeezed into the classifier's
 * 192 px reads as noise either way, and on the shared pages that flipped a fifth of correct lines). The
 * vote alone still turned whole pages of a children's book in large type, so a "turned" vote is checked:
 * the longest lines are read both ways and the page turns only if they read with more confidence turned.
 */
async function upsideDown(
  image: Pixels,
  rects: readonly RotatedRect[],
  classify: RunModel,
  models: OcrModels,
  o: OcrOptions,
): Promise<boolean> {
  let weight = 0;
  let turned = 0;
  for (let start = 0; start < rects.length; start += o.batchSize * 4) {
    check(o.signal);
    const group = rects.slice(start, start + o.batchSize * 4);
    const crops: LineCrop[] = group.map((rect) => cropLine(image, rect, o.lineHeight, CLS_WIDTH));
    const output = await classify(batchCrops(crops, CLS_WIDTH));
    group.forEach((rect, k) => {
      weight += rect.width;
      turned += rect.width * (output.data[k * 2 + 1] ?? 0);
    });
  }
  if (weight === 0 || turned / weight <= 0.5) return false;
  const sample = [...rects].sort((a, b) => b.width - a.width).slice(0, o.batchSize);
  const confidence = async (flip: boolean) => {
    const crops = sample.map((rect) => cropLine(image, rect, o.lineHeight, o.maxLineWidth, flip));
    const output = await models.recognize(batchCrops(crops, Math.max(...crops.map((c) => c.width))));
    const lines = ctcDecode(output, models.dictionary);
    return lines.reduce((sum, line) => sum + line.confidence, 0) / Math.max(1, lines.length);
  };
  check(o.signal);
  const upright = await confidence(false);
  check(o.signal);
  return (await confidence(true)) > upright;
}
