// Speech spans grouped into the windows a speech-to-text model takes (Whisper: at most 30 s). A window
// runs from the start of its first span to the end of its last, so it is only ever cut at a pause the
// voice-activity detector found; the next span joins the window while the window stays within
// `maxSec` and the pause before it is shorter than `maxGapSec` (a long silence inside a window only
// costs time and invites a model to imagine words). A span longer than `maxSec` (which speechSpans
// never makes) is cut into equal parts. Pure.
import type { SpeechSpan } from './speech-spans';

export interface SpeechWindow extends SpeechSpan {
  /** The spans inside this window, in order. */
  spans: SpeechSpan[];
}

export interface SpeechWindowOptions {
  maxGapSec?: number;
}

export function speechWindows(
  spans: readonly SpeechSpan[],
  maxSec = 30,
  options: SpeechWindowOptions = {},
): SpeechWindow[] {
  if (!(maxSec > 0)) throw new RangeError('A window must be longer than 0 s.');
  const maxGap = options.maxGapSec ?? 4;
  const windows: SpeechWindow[] = [];
  let current: SpeechWindow | undefined;
  for (const span of [...spans].sort((a, b) => a.start - b.start).flatMap((s) => split(s, maxSec))) {
    if (current && span.end - current.start <= maxSec && span.start - current.end <= maxGap) {
      current.end = Math.max(current.end, span.end);
      current.spans.push(span);
      continue;
    }
    current = { start: span.start, end: span.end, spans: [span] };
    windows.push(current);
  }
  return windows;
}

function split(span: SpeechSpan, maxSec: number): SpeechSpan[] {
  const length = span.end - span.start;
  if (length <= maxSec) return [{ start: span.start, end: span.end }];
  const parts = Math.ceil(length / maxSec);
  const each = length / parts;
  return Array.from({ length: parts }, (_, i) => ({
    start: span.start + i * each,
    end: i === parts - 1 ? span.end : span.start + (i + 1) * each,
  }));
}
