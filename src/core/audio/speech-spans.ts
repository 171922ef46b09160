// From a voice-activity model's per-frame speech probabilities to speech spans in seconds, with the
// hysteresis Silero's own get_speech_timestamps uses: speech starts when a frame reaches `threshold`
// and ends only after the probability has stayed below `negThreshold` for `minSilenceSec`; spans
// shorter than `minSpeechSec` are dropped, and each kept span is padded by `padSec` (halving the gap
// when two spans are closer than two pads). A span never grows past `maxSpeechSec`: it is cut at the
// last pause of at least `cutSilenceSec` inside it, or hard at the limit when there is none, so every
// span fits one speech-model window. Pure: no model, no audio.

export interface SpeechSpan {
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
}

export interface SpeechSpanOptions {
  threshold: number;
  negThreshold: number;
  minSpeechSec: number;
  minSilenceSec: number;
  padSec: number;
  maxSpeechSec: number;
  /** A pause this long inside a span that reached maxSpeechSec is where it is cut. */
  cutSilenceSec: number;
}

/**
 * Silero's thresholds (0.5 / 0.35) and pad (30 ms); the minimum silence raised from its 100 ms to
 * 300 ms, measured on ../shared/data/audio-recordings by `npm run eval:vad -- --tune` (frame F1 0.964 →
 * 0.974): at 100 ms the breath pauses inside a sentence split it. ADR 0161.
 */
export const DEFAULT_SPEECH_OPTIONS: SpeechSpanOptions = {
  threshold: 0.5,
  negThreshold: 0.35,
  minSpeechSec: 0.25,
  minSilenceSec: 0.3,
  padSec: 0.03,
  maxSpeechSec: 30,
  cutSilenceSec: 0.098,
};

/**
 * Speech spans from probabilities of consecutive frames of `frameSec` each, over a recording of
 * `durationSec` (the last frame may run past it).
 */
export function speechSpans(
  probabilities: ArrayLike<number>,
  frameSec: number,
  durationSec: number,
  options: Partial<SpeechSpanOptions> = {},
): SpeechSpan[] {
  const o = { ...DEFAULT_SPEECH_OPTIONS, ...options };
  const maxSpeech = o.maxSpeechSec - 2 * o.padSec;
  const spans: SpeechSpan[] = [];
  let triggered = false;
  let start = 0;
  /** Where the current run of quiet frames began, or undefined while it is loud. */
  let quietSince: number | undefined;
  /** The end of the last pause long enough to cut at, and where speech resumed after it. */
  let cutEnd = 0;
  let resumeAt = 0;
  const close = (end: number) => {
    if (end - start >= o.minSpeechSec) spans.push({ start, end });
    triggered = false;
    quietSince = undefined;
    cutEnd = 0;
    resumeAt = 0;
  };
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    const t = i * frameSec;
    if (p >= o.threshold && quietSince !== undefined) {
      if (resumeAt < cutEnd) resumeAt = t;
      quietSince = undefined;
    }
    if (p >= o.threshold && !triggered) {
      triggered = true;
      start = t;
      continue;
    }
    if (triggered && t + frameSec - start > maxSpeech) {
      if (cutEnd > 0) {
        const resumed = resumeAt >= cutEnd ? resumeAt : undefined;
        close(cutEnd);
        // Speech went on after the pause: a new span starts where it resumed.
        if (resumed !== undefined) {
          triggered = true;
          start = resumed;
        }
      } else {
        close(t);
        continue;
      }
    }
    if (p < o.negThreshold && triggered) {
      quietSince ??= t;
      if (t - quietSince >= o.cutSilenceSec) cutEnd = quietSince;
      if (t - quietSince < o.minSilenceSec) continue;
      close(quietSince);
    }
  }
  const end = Math.min(durationSec, probabilities.length * frameSec);
  if (triggered) close(end);
  return pad(spans, o.padSec, durationSec);
}

function pad(spans: SpeechSpan[], padSec: number, durationSec: number): SpeechSpan[] {
  const out = spans.map((s) => ({ ...s }));
  for (let i = 0; i < out.length; i++) {
    const span = out[i];
    if (!span) continue;
    if (i === 0) span.start = Math.max(0, span.start - padSec);
    const next = out[i + 1];
    if (!next) {
      span.end = Math.min(durationSec, span.end + padSec);
      continue;
    }
    const gap = next.start - span.end;
    if (gap < 2 * padSec) {
      span.end += gap / 2;
      next.start = Math.max(0, next.start - gap / 2);
    } else {
      span.end = Math.min(durationSec, span.end + padSec);
      next.start = Math.max(0, next.start - padSec);
    }
  }
  return out;
}

/** Spans rounded to milliseconds (for storage and display; frames are 32 ms anyway). */
export function roundSpans(spans: readonly SpeechSpan[]): SpeechSpan[] {
  const ms = (s: number) => Math.round(s * 1000) / 1000;
  return spans.map((s) => ({ start: ms(s.start), end: ms(s.end) }));
}
