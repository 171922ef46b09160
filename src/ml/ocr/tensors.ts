// Pixels into the tensors PP-OCR was trained on, and its outputs back into text. PaddleOCR reads
// images with OpenCV, so channels are in BGR order; the detector normalises with ImageNet's mean and
// deviation, the recogniser and the direction classifier map 0–255 to −1…1.
import type { RotatedRect } from './geometry';

/** RGBA pixels, as ImageData holds them. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

export interface Tensor {
  data: Float32Array;
  dims: readonly number[];
}

const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
/** RGBA offsets of B, G, R: tensor channel c reads this byte of each pixel. */
const BGR = [2, 1, 0];

function sample(image: Pixels, x: number, y: number, channel: number): number {
  // Bilinear, clamped at the edges.
  const fx = Math.min(Math.max(x - 0.5, 0), image.width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), image.height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, image.width - 1);
  const y1 = Math.min(y0 + 1, image.height - 1);
  const ax = fx - x0;
  const ay = fy - y0;
  const d = image.data;
  const w = image.width;
  const top = (d[(y0 * w + x0) * 4 + channel] ?? 0) * (1 - ax) + (d[(y0 * w + x1) * 4 + channel] ?? 0) * ax;
  const bottom =
    (d[(y1 * w + x0) * 4 + channel] ?? 0) * (1 - ax) + (d[(y1 * w + x1) * 4 + channel] ?? 0) * ax;
  return top * (1 - ay) + bottom * ay;
}

/** The detector's input size: the image scaled so its long side is at most `maxSide`, in multiples of 32. */
export function detectionSize(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(32, Math.round((width * scale) / 32) * 32),
    height: Math.max(32, Math.round((height * scale) / 32) * 32),
  };
}

/** [1, 3, H, W] for the detector, resized to `size`. */
export function detectionInput(image: Pixels, size: { width: number; height: number }): Tensor {
  const { width, height } = size;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = (x + 0.5) * sx;
      const py = (y + 0.5) * sy;
      for (let c = 0; c < 3; c++) {
        out[c * plane + y * width + x] =
          (sample(image, px, py, BGR[c] ?? 0) / 255 - (DET_MEAN[c] ?? 0)) / (DET_STD[c] ?? 1);
      }
    }
  }
  return { data: out, dims: [1, 3, height, width] };
}

/** A line's rectangle sampled upright to `height` pixels (its own width in proportion, at most `maxWidth`). */
export interface LineCrop {
  /** 3 × height × width, normalised to −1…1, BGR. */
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Samples the rotated rectangle upright. A rectangle much taller than wide is read top to bottom
 * (vertical text), as PaddleOCR turns such crops by 90°. `flip` turns the crop by 180°.
 */
export function cropLine(
  image: Pixels,
  rect: RotatedRect,
  height: number,
  maxWidth: number,
  flip = false,
): LineCrop {
  let ux = Math.cos(rect.angle);
  let uy = Math.sin(rect.angle);
  let along = rect.width;
  let across = rect.height;
  if (rect.height >= rect.width * 1.5) {
    // Read down the long side: the reading axis turns by +90°.
    [ux, uy] = [-uy, ux];
    [along, across] = [across, along];
  }
  if (flip) {
    ux = -ux;
    uy = -uy;
  }
  const width = Math.max(1, Math.min(maxWidth, Math.round((height * along) / Math.max(across, 1))));
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < height; i++) {
    const v = ((i + 0.5) / height - 0.5) * across;
    for (let j = 0; j < width; j++) {
      const u = ((j + 0.5) / width - 0.5) * along;
      const x = rect.cx + u * ux - v * uy;
      const y = rect.cy + u * uy + v * ux;
      for (let c = 0; c < 3; c++) {
        data[c * plane + i * width + j] = sample(image, x, y, BGR[c] ?? 0) / 127.5 - 1;
      }
    }
  }
  return { data, width, height };
}

/** Crops side by side in one [N, 3, height, width] tensor, each padded on the right with 0 (mid-grey). */
export function batchCrops(crops: readonly LineCrop[], width: number): Tensor {
  const height = crops[0]?.height ?? 48;
  const plane = height * width;
  const out = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    const w = Math.min(crop.width, width);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < height; i++) {
        const from = c * crop.height * crop.width + i * crop.width;
        out.set(crop.data.subarray(from, from + w), n * 3 * plane + c * plane + i * width);
      }
    }
  });
  return { data: out, dims: [crops.length, 3, height, width] };
}

/** PP-OCR's dictionary: index 0 is the CTC blank, then one character per line, then a space. */
export function parseDictionary(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return ['', ...lines, ' '];
}

export interface DecodedLine {
  text: string;
  /** Mean probability of the characters kept (0 when none). */
  confidence: number;
}

/** A space the blank nearly won is not put before closing punctuation or after an opening one. */
const NO_SPACE_BEFORE = new Set([
  ',',
  '.',
  ';',
  ':',
  '!',
  '?',
  ')',
  ']',
  '}',
  '-',
  "'",
  '，',
  '。',
  '、',
  '：',
  '；',
]);
const NO_SPACE_AFTER = new Set(['(', '[', '{', '-', '/', '@']);

/**
 * Greedy CTC: the likeliest class per step, repeats merged, blanks dropped. PP-OCR's multilingual
 * recogniser often lets the blank win over the space between Latin words when the gap is narrow (a
 * 150–200 dpi scan reads "DynamiclanguagessuchasJavaScript"); a step where the blank wins but the
 * space still has `spaceFloor` of the probability is read as a space, kept only when a word follows
 * (not before closing punctuation, not after an opening one or a hyphen).
 */
export function ctcDecode(output: Tensor, dictionary: readonly string[], spaceFloor = 1): DecodedLine[] {
  const [n = 0, steps = 0, classes = 0] = output.dims;
  const space = dictionary.length - 1;
  const lines: DecodedLine[] = [];
  for (let b = 0; b < n; b++) {
    let text = '';
    let sum = 0;
    let kept = 0;
    let previous = -1;
    let softSpace = false;
    for (let t = 0; t < steps; t++) {
      const offset = (b * steps + t) * classes;
      let best = 0;
      let bestP = output.data[offset] ?? 0;
      for (let c = 1; c < classes; c++) {
        const p = output.data[offset + c] ?? 0;
        if (p > bestP) {
          bestP = p;
          best = c;
        }
      }
      if (best === 0) {
        if (space > 0 && text !== '' && (output.data[offset + space] ?? 0) >= spaceFloor) softSpace = true;
      } else if (best !== previous) {
        const char = dictionary[best] ?? '';
        if (
          softSpace &&
          best !== space &&
          !NO_SPACE_BEFORE.has(char) &&
          !NO_SPACE_AFTER.has(text.at(-1) ?? '')
        ) {
          if (!text.endsWith(' ')) text += ' ';
        }
        softSpace = false;
        if (!(best === space && text.endsWith(' '))) text += char;
        sum += bestP;
        kept += 1;
      }
      previous = best;
    }
    lines.push({ text, confidence: kept === 0 ? 0 : sum / kept });
  }
  return lines;
}
