// Voice activity against the truth, as `npm run eval:vad` scores it: frame-level precision, recall and
// F1 over 10 ms frames (a frame is speech when its centre lies in a span), with counts that add up
// over recordings, and the boundary error: for each true span start (end), how far the nearest
// detected start (end) is, in ms. Pure.

export interface Span {
  start: number;
  end: number;
}

export interface FrameCounts {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
}

export interface FrameScore extends FrameCounts {
  precision: number;
  recall: number;
  f1: number;
}

/** Per-frame speech flags of `spans` over `durationSec`, frames of `frameSec`. */
export function frameLabels(spans: readonly Span[], durationSec: number, frameSec = 0.01): Uint8Array {
  const frames = Math.max(0, Math.round(durationSec / frameSec));
  const labels = new Uint8Array(frames);
  for (const span of spans) {
    // Frame i's centre is (i + 0.5) × frameSec: inside [start, end) when i in [first, last).
    const first = Math.max(0, Math.ceil(span.start / frameSec - 0.5));
    const last = Math.min(frames, Math.ceil(span.end / frameSec - 0.5));
    labels.fill(1, first, Math.max(first, last));
  }
  return labels;
}

export function frameCounts(
  truth: readonly Span[],
  detected: readonly Span[],
  durationSec: number,
  frameSec = 0.01,
): FrameCounts {
  const t = frameLabels(truth, durationSec, frameSec);
  const d = frameLabels(detected, durationSec, frameSec);
  const counts = { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
  for (let i = 0; i < t.length; i++) {
    if (t[i] && d[i]) counts.truePositive++;
    else if (d[i]) counts.falsePositive++;
    else if (t[i]) counts.falseNegative++;
    else counts.trueNegative++;
  }
  return counts;
}

export function addCounts(a: FrameCounts, b: FrameCounts): FrameCounts {
  return {
    truePositive: a.truePositive + b.truePositive,
    falsePositive: a.falsePositive + b.falsePositive,
    falseNegative: a.falseNegative + b.falseNegative,
    trueNegative: a.trueNegative + b.trueNegative,
  };
}

export function frameScore(counts: FrameCounts): FrameScore {
  const { truePositive: tp, falsePositive: fp, falseNegative: fn } = counts;
  const precision = tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}

/**
 * The distance in ms from each true boundary (starts to detected starts, ends to detected ends) to the
 * nearest detected one. A recording where nothing was detected scores each true boundary by the
 * distance to the recording's nearer edge, so finding nothing is never free.
 */
export function boundaryErrorsMs(
  truth: readonly Span[],
  detected: readonly Span[],
  durationSec: number,
): number[] {
  const nearest = (value: number, candidates: number[]) =>
    candidates.length === 0
      ? Math.min(value, durationSec - value)
      : Math.min(...candidates.map((c) => Math.abs(c - value)));
  const starts = detected.map((s) => s.start);
  const ends = detected.map((s) => s.end);
  return truth.flatMap((s) => [nearest(s.start, starts) * 1000, nearest(s.end, ends) * 1000]);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Speech spans as the complement of silences (ffmpeg's silencedetect) within [0, durationSec]. */
export function complementSpans(silences: readonly Span[], durationSec: number): Span[] {
  const sorted = [...silences].sort((a, b) => a.start - b.start);
  const spans: Span[] = [];
  let at = 0;
  for (const silence of sorted) {
    if (silence.start > at) spans.push({ start: at, end: Math.min(silence.start, durationSec) });
    at = Math.max(at, silence.end);
  }
  if (at < durationSec) spans.push({ start: at, end: durationSec });
  return spans.filter((s) => s.end > s.start);
}

/** Silences from ffmpeg's `-af silencedetect` log (lines with silence_start / silence_end). */
export function parseSilencedetect(log: string, durationSec: number): Span[] {
  const silences: Span[] = [];
  let open: number | undefined;
  for (const match of log.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const value = Number(match[2]);
    if (match[1] === 'start') open = Math.max(0, value);
    else {
      silences.push({ start: open ?? 0, end: value });
      open = undefined;
    }
  }
  if (open !== undefined) silences.push({ start: open, end: durationSec });
  return silences;
}
