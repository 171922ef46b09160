// Voice-activity quality: our decode + Silero VAD (the production build's speech worker, in Chromium)
// over a folder laid out like ../shared/data/audio-recordings (truth.json: per recording its duration
// and true speech spans), scored by frame-level F1 over 10 ms frames (counts pooled over recordings)
// and the mean boundary error (each true start/end to the nearest detected one, ms), beside ffmpeg's
// silencedetect (n=-35dB, d=0.3) on the same files in the same run. With --tune, the frame
// probabilities of the same run are replayed through a grid of span settings (pure, no model), to
// choose the defaults by measurement (ADR 0161). With --json, one JSON object on the last line:
//   {"ours":{"f1","boundaryMs","precision","recall"},"ffmpeg":{…},"recordings":N,…}
//   npm run eval:vad                                   ../shared/data/audio-recordings
//   npm run eval:vad -- --dataset DIR --no-build --json
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import {
  DEFAULT_SPEECH_OPTIONS,
  speechSpans,
  type SpeechSpanOptions,
} from '../../src/core/audio/speech-spans';
import {
  addCounts,
  boundaryErrorsMs,
  complementSpans,
  frameCounts,
  frameScore,
  mean,
  parseSilencedetect,
  type FrameCounts,
  type Span,
} from '../../src/core/eval/vad-accuracy';
import { openAudioPage } from '../bench/audio-browser';

const { values: args } = parseArgs({
  options: {
    dataset: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../../shared/data/audio-recordings'),
    },
    'no-build': { type: 'boolean', default: false },
    tune: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const OUT = process.env['THINKBANK_OUT'] ?? 'dist-audio-eval';
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4213);
const FFMPEG_FILTER = 'silencedetect=n=-35dB:d=0.3';
const log = (line: string): void => {
  if (args.json) console.error(line);
  else console.log(line);
};

interface Recording {
  recording: string;
  duration: number;
  speech: Span[];
}

interface Scored {
  counts: FrameCounts;
  boundaries: number[];
}

const run = promisify(execFile);

async function ffmpegSpans(file: string, duration: number): Promise<Span[]> {
  const { stderr } = await run(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-i', file, '-af', FFMPEG_FILTER, '-f', 'null', '-'],
    {
      maxBuffer: 1 << 26,
    },
  );
  return complementSpans(parseSilencedetect(stderr, duration), duration);
}

function score(truth: Recording, spans: Span[]): Scored {
  return {
    counts: frameCounts(truth.speech, spans, truth.duration),
    boundaries: boundaryErrorsMs(truth.speech, spans, truth.duration),
  };
}

function summary(scores: Scored[]) {
  const counts = scores.map((s) => s.counts).reduce(addCounts);
  const f = frameScore(counts);
  return {
    f1: f.f1,
    precision: f.precision,
    recall: f.recall,
    boundaryMs: mean(scores.flatMap((s) => s.boundaries)),
  };
}

function tune(recordings: Recording[], probabilities: Float32Array[], frameSec: number): void {
  const grid: Partial<SpeechSpanOptions>[] = [];
  for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7])
    for (const gap of [0.1, 0.15, 0.2])
      for (const minSilenceSec of [0.05, 0.1, 0.2, 0.3, 0.4, 0.5])
        for (const padSec of [0, 0.03, 0.06, 0.1])
          grid.push({ threshold, negThreshold: Math.max(0.01, threshold - gap), minSilenceSec, padSec });
  const results = grid.map((options) => {
    const scores = recordings.map((r, i) =>
      score(r, speechSpans(probabilities[i] ?? new Float32Array(), frameSec, r.duration, options)),
    );
    return { options, ...summary(scores) };
  });
  results.sort((a, b) => b.f1 - a.f1);
  log('\nSpan settings replayed over the same probabilities (best 12 by F1; defaults first):');
  const defaults = results.find(
    (r) => JSON.stringify(r.options) === JSON.stringify(pick(DEFAULT_SPEECH_OPTIONS)),
  );
  for (const r of [...(defaults ? [defaults] : []), ...results.slice(0, 12)]) {
    log(
      `  threshold ${String(r.options.threshold)} neg ${String(r.options.negThreshold?.toFixed(2))} minSilence ${String(r.options.minSilenceSec)} pad ${String(r.options.padSec)}: F1 ${r.f1.toFixed(4)}, boundary ${r.boundaryMs.toFixed(0)} ms`,
    );
  }
}

function pick(o: SpeechSpanOptions): Partial<SpeechSpanOptions> {
  return {
    threshold: o.threshold,
    negThreshold: o.negThreshold,
    minSilenceSec: o.minSilenceSec,
    padSec: o.padSec,
  };
}

async function main(): Promise<void> {
  const recordings = JSON.parse(readFileSync(join(args.dataset, 'truth.json'), 'utf8')) as Recording[];
  const page = await openAudioPage({
    outDir: OUT,
    port: PORT,
    build: !args['no-build'],
    dataset: args.dataset,
  });
  const ours: Scored[] = [];
  const theirs: Scored[] = [];
  const probabilities: Float32Array[] = [];
  let frameSec = 0.032;
  let audioSec = 0;
  let oursMs = 0;
  try {
    // ffmpeg runs beside the browser; the scores do not depend on timing.
    const anchor = Promise.all(
      recordings.map((r) => ffmpegSpans(join(args.dataset, r.recording), r.duration)),
    );
    for (const r of recordings) {
      const found = await page.detect(r.recording, { withProbabilities: args.tune });
      frameSec = found.frameSec;
      probabilities.push(Float32Array.from(found.probabilities ?? []));
      audioSec += found.durationSec;
      oursMs += found.totalMs;
      ours.push(score(r, found.spans));
    }
    for (const [i, spans] of (await anchor).entries()) {
      const r = recordings[i];
      if (r) theirs.push(score(r, spans));
    }
  } finally {
    await page.close();
  }
  log('| recording | F1 ours | F1 ffmpeg | boundary ours (ms) | boundary ffmpeg (ms) |');
  log('|---|---|---|---|---|');
  recordings.forEach((r, i) => {
    const o = ours[i];
    const t = theirs[i];
    if (!o || !t) return;
    log(
      `| ${r.recording} | ${frameScore(o.counts).f1.toFixed(3)} | ${frameScore(t.counts).f1.toFixed(3)} | ${mean(o.boundaries).toFixed(0)} | ${mean(t.boundaries).toFixed(0)} |`,
    );
  });
  const result = {
    ours: summary(ours),
    ffmpeg: summary(theirs),
    recordings: recordings.length,
    audioSeconds: audioSec,
    oursTimesRealTime: audioSec / (oursMs / 1000),
    ffmpegFilter: FFMPEG_FILTER,
  };
  log(
    `| all (pooled frames) | ${result.ours.f1.toFixed(3)} | ${result.ffmpeg.f1.toFixed(3)} | ${result.ours.boundaryMs.toFixed(0)} | ${result.ffmpeg.boundaryMs.toFixed(0)} |`,
  );
  log(
    `\nOurs: precision ${result.ours.precision.toFixed(3)}, recall ${result.ours.recall.toFixed(3)}; ffmpeg: precision ${result.ffmpeg.precision.toFixed(3)}, recall ${result.ffmpeg.recall.toFixed(3)}.`,
  );
  log(`Ours ran at ${result.oursTimesRealTime.toFixed(0)}× real time (decode + VAD, Chromium, WASM).`);
  if (args.tune) tune(recordings, probabilities, frameSec);
  if (args.json) console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
